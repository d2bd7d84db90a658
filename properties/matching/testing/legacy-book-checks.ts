import type { BookSnapshot, MatchingAdapter, MatchingEvent } from '../../../adapters/matching.ts';
import { Mismatch } from '../../mismatch.ts';
import type { MatchingFlow } from '../../arbitraries/matching-flow.ts';

/**
 * The catalog's checks as they were before they judged from histories (commit 2d5fb18): they
 * took accounts, prices, liveness and queue positions from the subject's own book. Kept only so
 * that blind-spots.test.ts can show each blind spot: a mutant these pass and the history
 * checkers fail. Not part of any catalog.
 */
interface FlowStep {
  readonly index: number;
  readonly command: unknown;
  readonly events: readonly MatchingEvent[];
  readonly before: readonly BookSnapshot[];
  readonly after: readonly BookSnapshot[];
}
type LegacyCheck = (subject: MatchingAdapter, flow: MatchingFlow) => Promise<void>;

async function replayFlow(adapter: MatchingAdapter, flow: MatchingFlow, visit: (step: FlowStep) => void): Promise<void> {
  await adapter.reset(flow.config);
  let before = await adapter.snapshot();
  for (let index = 0; index < flow.commands.length; index++) {
    const command = flow.commands[index];
    const events = await adapter.apply(command);
    const after = await adapter.snapshot();
    visit({ index, command, events, before, after });
    before = after;
  }
}

interface Located {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly price: string;
  readonly position: number;
  readonly account: string;
  readonly quantity: string;
}

function locateOrders(books: readonly BookSnapshot[]): Map<string, Located> {
  const out = new Map<string, Located>();
  for (const b of books) {
    for (const [side, levels] of [['buy', b.bids], ['sell', b.asks]] as const) {
      for (const l of levels) l.orders.forEach((o, position) => out.set(o.id, { symbol: b.symbol, side, price: l.price, position, account: o.account, quantity: o.quantity }));
    }
  }
  return out;
}

const fields = (c: unknown): Record<string, unknown> => (typeof c === 'object' && c !== null ? (c as Record<string, unknown>) : {});
const at = (i: number, command: unknown) => `command #${i} ${JSON.stringify(command)}`;

export const legacyNoSelfTrade: LegacyCheck = (subject, flow) =>
  replayFlow(subject, flow, (s) => {
    const c = fields(s.command);
    const before = locateOrders(s.before);
    const stp = c.type === 'new' ? (c.stp ?? 'none') : undefined;
    if (stp === undefined || stp === 'none') return;
    for (const e of s.events) {
      if (e.type === 'trade' && before.get(e.makerId)?.account === c.account) throw new Mismatch(`self-trade at ${at(s.index, s.command)}`);
    }
  });

export const legacyMakerPrice: LegacyCheck = (subject, flow) =>
  replayFlow(subject, flow, (s) => {
    const before = locateOrders(s.before);
    const c = fields(s.command);
    for (const e of s.events) {
      if (e.type !== 'trade') continue;
      const maker = before.get(e.makerId);
      if (!maker || maker.price !== e.price) throw new Mismatch(`trade not at the maker's price at ${at(s.index, s.command)}`);
      const limit = c.type === 'modify' ? (c.price ?? before.get(e.takerId)?.price) : c.orderType === 'limit' ? c.price : undefined;
      if (limit !== undefined && limit !== null) {
        const p = BigInt(e.price), l = BigInt(String(limit));
        if (e.takerSide === 'buy' ? p > l : p < l) throw new Mismatch(`trade beyond the taker's limit at ${at(s.index, s.command)}`);
      }
    }
  });

export const legacyIocNeverRests: LegacyCheck = (subject, flow) =>
  replayFlow(subject, flow, (s) => {
    const c = fields(s.command);
    if (c.type !== 'new' || (c.orderType === 'limit' && (c.tif ?? 'gtc') === 'gtc')) return;
    if (typeof c.id === 'string' && s.events.some((e) => e.type === 'accepted') && locateOrders(s.after).has(c.id)) throw new Mismatch(`order rests after ${at(s.index, s.command)}`);
  });

export const legacyModifyPriority: LegacyCheck = (subject, flow) =>
  replayFlow(subject, flow, (s) => {
    const c = fields(s.command);
    if (c.type !== 'modify' || typeof c.id !== 'string') return;
    const modified = s.events.find((e) => e.type === 'modified');
    if (!modified || modified.type !== 'modified') return;
    const was = locateOrders(s.before).get(c.id);
    const now = locateOrders(s.after).get(c.id);
    if (!was) throw new Mismatch(`modified ${c.id}, which was not resting, at ${at(s.index, s.command)}`);
    const keep = modified.price === was.price && BigInt(modified.quantity) <= BigInt(was.quantity);
    if ((modified.priority === 'kept') !== keep) throw new Mismatch(`priority ${modified.priority} at ${at(s.index, s.command)}`);
    if (!now) return;
    const level = s.after.find((b) => b.symbol === now.symbol)?.[now.side === 'buy' ? 'bids' : 'asks'].find((l) => l.price === now.price);
    if (now.position !== (keep ? was.position : level!.orders.length - 1)) throw new Mismatch(`queue position of ${c.id} after ${at(s.index, s.command)}`);
  });
