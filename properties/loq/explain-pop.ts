import type { LoqOrder } from '../../adapters/loq.ts';
import type { Explanation, TimelineEntry } from '../explanation.ts';
import { Mismatch } from '../mismatch.ts';
import { popCaseOf, type PopCaseRecord, type PopEvent } from './pop-record.ts';

const MAX_TIMELINE = 40;
type PushEvent = Extract<PopEvent, { op: 'push' | 'tagged' }>;

/** `o3 (bid 999, t=2, participant 1)`: orders as the pipeline explanations name them too (ids are the harness's). */
export const orderText = (o: LoqOrder) => `o${o.id} (${o.side} ${o.price}, t=${o.timestamp}, participant ${o.participant})`;
const cls = (critical: boolean) => (critical ? 'critical' : 'non-critical');

/** The pop key as people read it. */
export function keyText(kind: 'loq' | 'simple-pq', o: LoqOrder, epoch: number, critical: boolean): string {
  return kind === 'loq' ? `(epoch ${epoch}, ${cls(critical)}, t=${o.timestamp}, participant ${o.participant})` : `(t=${o.timestamp}, participant ${o.participant})`;
}

/** Why an order carries its class: the rule with the numbers of its push. */
export function classRule(o: LoqOrder, mid: number, window: number): string {
  return o.side === 'bid'
    ? `a bid is critical iff price ≥ M − A = ${mid} − ${window} = ${mid - window}; ${o.price} ${o.price >= mid - window ? '≥' : '<'} ${mid - window}`
    : `an ask is critical iff price ≤ M + A = ${mid} + ${window} = ${mid + window}; ${o.price} ${o.price <= mid + window ? '≤' : '>'} ${mid + window}`;
}

function tagsWhy(rec: PopCaseRecord, p: PushEvent): string {
  const name = `o${p.order.id}`;
  if (p.op === 'tagged') return `${name} came with pushTagged at step ${p.step}: epoch ${p.epoch} and ${cls(p.critical)} are the upstream tags it keeps`;
  if (rec.kind === 'simple-pq') return `${name} was pushed at step ${p.step}`;
  const changes = rec.events.filter((e): e is Extract<PopEvent, { op: 'mid' }> => e.op === 'mid' && e.step < p.step && e.from !== e.to);
  const epochWhy = changes.length === 0 ? 'no mid change before it' : `after ${changes.length} mid change(s), the last ${changes[changes.length - 1]!.from} → ${changes[changes.length - 1]!.to} at step ${changes[changes.length - 1]!.step}`;
  return `${name} was pushed at step ${p.step} with mid ${p.mid}, window ${rec.window}: epoch ${p.epoch} (${epochWhy}); ${cls(p.critical)}, since ${classRule(p.order, p.mid, rec.window)}`;
}

/** Which part of the key decides between the two, in words. */
function decides(rec: PopCaseRecord, w: PushEvent, g: PushEvent): string {
  const W = `o${w.order.id}`;
  const G = `o${g.order.id}`;
  if (rec.kind === 'loq' && w.epoch !== g.epoch) return `the keys differ first in the epoch (${W}: ${w.epoch}, ${G}: ${g.epoch}): every order of an earlier epoch leaves first, whatever its class`;
  if (rec.kind === 'loq' && w.critical !== g.critical) return `same epoch; ${W} is critical and ${G} is not: within an epoch critical orders leave first`;
  if (w.order.timestamp !== g.order.timestamp) return `same ${rec.kind === 'loq' ? 'epoch and class' : 'queue'}; ${W} is older (t=${w.order.timestamp}) than ${G} (t=${g.order.timestamp})`;
  if (w.order.participant !== g.order.participant) return `same ${rec.kind === 'loq' ? 'epoch, class and ' : ''}timestamp; participant ${w.order.participant} goes before ${g.order.participant}`;
  return `same key; first pushed, first out (${W} at step ${w.step}, ${G} at step ${g.step})`;
}

/**
 * Explains a failed pop-order case (loq.pop.order, loq.simple-pq.order) from the harness's log:
 * the order the pop returned, its key, and the key it should have had or the order that should
 * have come out instead, with why each carries its epoch and class (the mid, window and rule at
 * its push). Undefined when the case carries no record.
 */
export function explainPopFailure(err: unknown): Explanation | undefined {
  const rec = popCaseOf(err);
  const f = rec?.failure;
  if (!rec || !f || !(err instanceof Mismatch)) return undefined;
  const pushes = new Map<number, PushEvent>();
  for (const e of rec.events) if (e.op === 'push' || e.op === 'tagged') pushes.set(e.order.id, e);
  const at = `pop at step ${f.step}`;
  const gotId = f.got?.order?.id;
  const g = gotId === undefined ? undefined : pushes.get(gotId);
  const w = f.expected ? pushes.get(f.expected.order.id) : undefined;
  const details: string[] = [];
  let summary: string;
  switch (err.kind) {
    case 'reordered': {
      if (!g || !w) return undefined;
      const wk = keyText(rec.kind, w.order, w.epoch, w.critical);
      const gk = keyText(rec.kind, g.order, g.epoch, g.critical);
      summary =
        wk === gk
          ? `${at} returned ${orderText(g.order)}, key ${gk}, while ${orderText(w.order)} was queued with the same key and pushed earlier (step ${w.step}, ${g.step} for o${g.order.id}): equal keys leave first in, first out`
          : `${at} returned ${orderText(g.order)}, key ${gk}, while ${orderText(w.order)} was queued with the smaller key ${wk}`;
      details.push(decides(rec, w, g), tagsWhy(rec, w), tagsWhy(rec, g));
      break;
    }
    case 'wrong-epoch':
    case 'misclassified': {
      if (!g || !f.got) return undefined;
      const what = err.kind === 'wrong-epoch' ? `epoch ${String(f.got.epoch)}` : cls(f.got.critical);
      summary = `${at} returned ${orderText(g.order)} reporting ${what}: its key is ${keyText(rec.kind, g.order, g.epoch, g.critical)}, not ${keyText(rec.kind, g.order, f.got.epoch, f.got.critical)}`;
      details.push(tagsWhy(rec, g));
      const later = rec.events.filter((e) => e.op === 'mid' && e.step > g.step && e.step < f.step && e.from !== e.to).length;
      if (err.kind === 'wrong-epoch' && later > 0) details.push(`the mid changed ${later} more time(s) between its push and this pop: an order's epoch is fixed when it is pushed`);
      break;
    }
    case 'order-lost':
      summary = `${at} returned nothing while ${f.queued.length} order(s) were queued: ${f.queued.slice(0, 6).map((q) => `o${q.order.id}`).join(', ')}${f.queued.length > 6 ? ', ...' : ''}`;
      if (w) details.push(`${orderText(w.order)} was due, key ${keyText(rec.kind, w.order, w.epoch, w.critical)}`);
      break;
    case 'unknown-order':
    case 'duplicated':
      summary = `${at} returned order ${String(gotId)}, which ${err.kind === 'duplicated' ? 'had already been popped' : 'was never pushed (or was popped already)'}`;
      if (w) details.push(`${orderText(w.order)} was due, key ${keyText(rec.kind, w.order, w.epoch, w.critical)}`);
      break;
    case 'altered': {
      if (!g || !f.got) return undefined;
      const o = f.got.order;
      const fields = (['side', 'price', 'quantity', 'timestamp', 'participant'] as const).filter((k) => o[k] !== g.order[k]).map((k) => `${k} ${String(g.order[k])} → ${String(o[k])}`);
      summary = `${at} returned o${g.order.id} with fields other than those pushed: ${fields.join(', ')}`;
      break;
    }
    default:
      return undefined;
  }
  const focus = new Set([g?.order.id, w?.order.id].filter((x): x is number => x !== undefined));
  return { summary, details, timeline: timeline(rec, f.step, focus) };
}

function timeline(rec: PopCaseRecord, failStep: number, focus: Set<number>): TimelineEntry[] {
  const entries: TimelineEntry[] = rec.events.map((e) => {
    if (e.op === 'mid') return { at: e.step, where: 'loq', what: e.from === e.to ? `mid stays ${e.to} (no new epoch)` : `mid ${e.from} → ${e.to}: epoch ${e.epoch}` };
    if (e.op === 'pop') return { at: e.step, where: 'loq', what: `pop → ${e.id === null ? 'nothing' : `o${e.id}`}`, ...(e.step === failStep ? { highlight: true } : {}) };
    const tags = rec.kind === 'loq' ? `: epoch ${e.epoch}, ${cls(e.critical)}` : '';
    return { at: e.step, where: 'loq', what: `${e.op === 'tagged' ? 'pushTagged' : 'push'} ${orderText(e.order)}${tags}`, ...(focus.has(e.order.id) ? { highlight: true } : {}) };
  });
  if (entries.length <= MAX_TIMELINE) return entries;
  // Keep the highlighted entries and those nearest the failing pop.
  const keep = new Set(entries.filter((e) => e.highlight));
  for (const e of [...entries].sort((a, b) => Math.abs(a.at - failStep) - Math.abs(b.at - failStep))) if (keep.size < MAX_TIMELINE) keep.add(e);
  return entries.filter((e) => keep.has(e));
}
