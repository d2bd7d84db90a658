import type { BookSnapshot, MatchingAdapter, MatchingEvent, OrderType, Side, StpMode, TimeInForce } from '../../adapters/matching.ts';
import type { MatchingFlow } from '../arbitraries/matching-flow.ts';

/**
 * What checkers may take as facts: the input commands and the reference engine's state at each
 * step. An order's account, side, STP mode and time in force come from the `new` command the
 * reference accepted for it; its price, open quantity and queue place from the reference's book.
 */

/** The `new` command the reference accepted for an id (its most recent incarnation). */
export interface EnteredOrder {
  readonly id: string;
  readonly account: string;
  readonly symbol: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly tif: TimeInForce;
  readonly stp: StpMode;
  /** Where in the flow it was entered. */
  readonly step: number;
}

/** A resting order as the reference holds it. */
export interface RestingOrder {
  readonly id: string;
  readonly account: string;
  readonly symbol: string;
  readonly side: Side;
  readonly price: bigint;
  readonly remaining: bigint;
  /** Ids at its price level, in queue order (itself included). */
  readonly queue: readonly string[];
  readonly position: number;
}

export interface ReferenceStep {
  readonly index: number;
  readonly command: unknown;
  readonly events: readonly MatchingEvent[];
  readonly book: readonly BookSnapshot[];
  readonly before: ReadonlyMap<string, RestingOrder>;
  readonly after: ReadonlyMap<string, RestingOrder>;
  /** Every id the reference accepted a `new` for, up to and including this step. */
  readonly entered: ReadonlyMap<string, EnteredOrder>;
  /** Ids the reference modified at or before this step (queue places a modify may have moved). */
  readonly modified: ReadonlySet<string>;
  readonly rejected: boolean;
}

export interface ReferenceTrace {
  /** The empty books the flow starts from. */
  readonly initial: readonly BookSnapshot[];
  readonly steps: readonly ReferenceStep[];
}

/** Replays the flow on the reference (the oracle) and records its facts step by step. */
export async function traceReference(oracle: MatchingAdapter, flow: MatchingFlow): Promise<ReferenceTrace> {
  await oracle.reset(flow.config);
  const steps: ReferenceStep[] = [];
  const initial = await oracle.snapshot();
  let before = restingOf(initial);
  const entered = new Map<string, EnteredOrder>();
  const modified = new Set<string>();
  for (let index = 0; index < flow.commands.length; index++) {
    const command = flow.commands[index];
    const events = await oracle.apply(command);
    const book = await oracle.snapshot();
    const after = restingOf(book);
    const c = fieldsOf(command);
    for (const e of events) {
      if (e.type === 'accepted' && c.type === 'new') {
        entered.set(e.id, {
          id: e.id,
          account: c.account as string,
          symbol: e.symbol,
          side: e.side,
          orderType: c.orderType as OrderType,
          tif: (c.tif ?? (c.orderType === 'market' ? 'ioc' : 'gtc')) as TimeInForce,
          stp: (c.stp ?? 'none') as StpMode,
          step: index,
        });
      } else if (e.type === 'modified') modified.add(e.id);
    }
    steps.push({ index, command, events, book, before, after, entered: new Map(entered), modified: new Set(modified), rejected: events[0]?.type === 'rejected' });
    before = after;
  }
  return { initial, steps };
}

export function restingOf(books: readonly BookSnapshot[]): Map<string, RestingOrder> {
  const out = new Map<string, RestingOrder>();
  for (const b of books) {
    for (const [side, levels] of [['buy', b.bids], ['sell', b.asks]] as const) {
      for (const l of levels) {
        const queue = l.orders.map((o) => o.id);
        l.orders.forEach((o, position) =>
          out.set(o.id, { id: o.id, account: o.account, symbol: b.symbol, side, price: BigInt(l.price), remaining: BigInt(o.quantity), queue, position }),
        );
      }
    }
  }
  return out;
}

/** The command's fields when it is an object, else an empty record. */
export function fieldsOf(command: unknown): Record<string, unknown> {
  return typeof command === 'object' && command !== null ? (command as Record<string, unknown>) : {};
}
