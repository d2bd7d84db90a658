import type { BookSnapshot, MatchingAdapter, MatchingEvent } from '../../adapters/matching.ts';
import type { MatchingFlow } from '../arbitraries/matching-flow.ts';

/** One command of a flow as the subject saw it: its events and the books around it. */
export interface FlowStep {
  readonly index: number;
  readonly command: unknown;
  readonly events: readonly MatchingEvent[];
  readonly before: readonly BookSnapshot[];
  readonly after: readonly BookSnapshot[];
}

/** Resets the adapter to the flow's config and replays it, handing every step to `visit`. */
export async function replayFlow(adapter: MatchingAdapter, flow: MatchingFlow, visit: (step: FlowStep) => void | Promise<void>): Promise<void> {
  await adapter.reset(flow.config);
  let before = await adapter.snapshot();
  for (let index = 0; index < flow.commands.length; index++) {
    const command = flow.commands[index];
    const events = await adapter.apply(command);
    const after = await adapter.snapshot();
    await visit({ index, command, events, before, after });
    before = after;
  }
}

/** Where a resting order is: its book, side, level and position in the queue. */
export interface Located {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly price: string;
  readonly position: number;
  readonly account: string;
  readonly quantity: string;
}

export function locateOrders(books: readonly BookSnapshot[]): Map<string, Located> {
  const out = new Map<string, Located>();
  for (const b of books) {
    for (const [side, levels] of [['buy', b.bids], ['sell', b.asks]] as const) {
      for (const l of levels) {
        l.orders.forEach((o, position) => out.set(o.id, { symbol: b.symbol, side, price: l.price, position, account: o.account, quantity: o.quantity }));
      }
    }
  }
  return out;
}

export const isMarketData = (e: MatchingEvent): boolean => e.type === 'level' || e.type === 'bbo';

/** The command's fields when it is an object, else an empty record. */
export function fields(command: unknown): Record<string, unknown> {
  return typeof command === 'object' && command !== null ? (command as Record<string, unknown>) : {};
}
