import type { ReleasedMessage } from '../../adapters/sequencer.ts';
import { Mismatch } from '../mismatch.ts';
import { orderNames, participantName } from './naming.ts';

/** An order as the harness generated it: the only account of it a verdict trusts. */
export interface SentOrder {
  readonly id: number;
  readonly participant: number;
  readonly timestamp: number;
}

/**
 * Judges a subject's releases against the ids it should have released, in order (`want`, from
 * the input or the reference), using only the harness's own record of each order (`sent`).
 * Signatures, first that applies: `unknown-order` (an id never enqueued, e.g. a heartbeat),
 * `duplicated`, `altered` (participant or timestamp not those enqueued), `order-lost` (an order
 * not released by `lostAfter`), `reordered`.
 */
export function assertReleases(what: string, sent: readonly SentOrder[], want: readonly number[], got: readonly ReleasedMessage[], lostAfter: string): void {
  const byId = new Map(sent.map((o) => [o.id, o]));
  const names = orderNames(sent);
  // The explanations' names (naming.ts), with the id and key beside them.
  const show = (id: number) => {
    const o = byId.get(id);
    return o ? `${names.get(id)}(#${id},t=${o.timestamp},p=${participantName(o.participant)})` : `#${id}(never sent)`;
  };
  const seen = new Set<number>();
  for (let i = 0; i < got.length; i++) {
    const r = got[i]!;
    const o = byId.get(r.id);
    if (!o) throw new Mismatch(`${what}: release ${i} is id ${r.id}, which was never enqueued`, null, r, { kind: 'unknown-order', path: 'released[]' });
    if (seen.has(r.id)) throw new Mismatch(`${what}: ${show(r.id)} released twice (again at release ${i})`, 1, 2, { kind: 'duplicated', path: 'released[]' });
    seen.add(r.id);
    if (r.participant !== o.participant || r.timestamp !== o.timestamp) {
      throw new Mismatch(`${what}: release ${i} reports ${show(r.id)} as participant ${r.participant}, timestamp ${r.timestamp}`, o, r, { kind: 'altered', path: 'released[]' });
    }
  }
  const lost = want.filter((id) => !seen.has(id));
  if (lost.length > 0) {
    throw new Mismatch(`${what}: ${lost.length} order(s) not released ${lostAfter}: ${lost.slice(0, 5).map(show).join(', ')}`, lost.length, 0, { kind: 'order-lost', path: 'released' });
  }
  const wanted = new Set(want);
  const extra = got.find((r) => !wanted.has(r.id));
  if (extra) throw new Mismatch(`${what}: ${show(extra.id)} released but should not have been`, null, extra, { kind: 'unexpected-release', path: 'released[]' });
  const at = want.findIndex((id, k) => got[k]!.id !== id);
  if (at >= 0) {
    const window = (ids: readonly number[]) => ids.slice(Math.max(0, at - 2), at + 3).map(show);
    throw new Mismatch(`${what}: release ${at} differs from (timestamp, participant) order`, window(want), window(got.map((r) => r.id)), { kind: 'reordered', path: 'released[]' });
  }
}
