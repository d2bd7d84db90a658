import type { MatchingAdapter, MatchingEvent, TradeEvent } from '../../adapters/matching.ts';
import type { LoqOrder } from '../../adapters/loq.ts';
import { OFFSET_BELOW_WINDOW, type FlowSpec } from '../arbitraries/loq-flow.ts';

export const SYMBOL = 'X';
export const FIRST_MID = 1000;

/** A trade as the claim compares them. */
export interface Trade {
  readonly maker: string;
  readonly taker: string;
  readonly price: string;
  readonly quantity: string;
}

export interface BuiltFlow {
  readonly spec: FlowSpec;
  /** Orders in timestamp order (ties: gateway, then spec order); ids are their index. */
  readonly orders: readonly LoqOrder[];
  /** Per epoch, its start time and mid price. */
  readonly starts: readonly number[];
  readonly mids: readonly number[];
  /** Every order has timestamp < end. */
  readonly end: number;
  /** The trades of processing every order in timestamp order: what the claim promises. */
  readonly expected: readonly Trade[];
}

export const orderKey = (id: number) => `o${id}`;

export function newOrderCommand(o: LoqOrder) {
  return { type: 'new', id: orderKey(o.id), account: `mp${o.participant}`, symbol: SYMBOL, side: o.side === 'bid' ? 'buy' : 'sell', orderType: 'limit', price: o.price, quantity: o.quantity };
}

export function tradesOf(events: readonly MatchingEvent[]): Trade[] {
  return events.filter((e): e is TradeEvent => e.type === 'trade').map((e) => ({ maker: e.makerId, taker: e.takerId, price: e.price, quantity: e.quantity }));
}

/**
 * Turns flow material into orders that satisfy Appendix I's assumptions, epoch by epoch: the
 * mid price of epoch e is picked inside the spread of the book that timestamp-order processing
 * has built by the epoch's start (the price the exchange would publish); each order's price is
 * its offset from that mid, so orders are rational. Returns the timestamp-order trades too.
 */
export async function buildFlow(spec: FlowSpec, engine: MatchingAdapter): Promise<BuiltFlow> {
  await engine.reset({ symbols: [{ symbol: SYMBOL, tickSize: 1 }] });
  const A = spec.window;
  const starts: number[] = [];
  let t = 0;
  for (const e of spec.epochs) {
    starts.push(t);
    t += e.length;
  }
  const end = t;
  const placed = spec.orders.map((o, k) => {
    const epoch = Math.min(o.epoch, spec.epochs.length - 1);
    const len = spec.epochs[epoch]!.length;
    return { ...o, epoch, ts: starts[epoch]! + Math.min(o.dt, len - 1), k, offset: Math.max(-(A + OFFSET_BELOW_WINDOW), Math.min(A, o.offset)) };
  });
  placed.sort((a, b) => a.ts - b.ts || a.gateway - b.gateway || a.k - b.k);
  const orders: LoqOrder[] = [];
  const mids: number[] = [];
  const expected: Trade[] = [];
  let mid = FIRST_MID;
  for (let e = 0; e < spec.epochs.length; e++) {
    if (e > 0) {
      const [book] = await engine.snapshot();
      const bid = book?.bids[0] ? Number(book.bids[0].price) : undefined;
      const ask = book?.asks[0] ? Number(book.asks[0].price) : undefined;
      const span = 2 * A + OFFSET_BELOW_WINDOW;
      const lo = bid ?? (ask ?? mid) - span;
      const hi = ask ?? (bid ?? mid) + span;
      mid = lo + Math.floor((spec.epochs[e]!.midPick * (hi - lo)) / 1000);
    }
    mids.push(mid);
    for (const o of placed.filter((x) => x.epoch === e)) {
      const order: LoqOrder = {
        id: orders.length,
        participant: o.gateway,
        side: o.side,
        price: o.side === 'bid' ? mid + o.offset : mid - o.offset,
        quantity: o.quantity,
        timestamp: o.ts,
      };
      orders.push(order);
      expected.push(...tradesOf(await engine.apply(newOrderCommand(order))));
    }
  }
  return { spec, orders, starts, mids, end, expected };
}
