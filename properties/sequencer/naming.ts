import type { Schedule } from '../arbitraries/sequencer-schedule.ts';

/**
 * One readable naming for sequencer counterexamples and explanations: participants are capital
 * letters (A = participant 0), an order is its participant's lower-case letter and its 1-based
 * index among that participant's orders (b2: participant B's second order), proxies are P1, P2,
 * ... bottom layer first, left to right (the reference tree's layout: consecutive blocks of
 * `fanout`).
 */
export function participantName(p: number): string {
  return p >= 0 && p < 26 ? String.fromCharCode(65 + p) : `#${p}`;
}

export function orderName(participant: number, index: number): string {
  return participant >= 0 && participant < 26 ? `${String.fromCharCode(97 + participant)}${index + 1}` : `#${participant}.${index + 1}`;
}

export interface NamedOrder {
  readonly id: number;
  readonly participant: number;
  readonly timestamp: number;
  readonly name: string;
  /** When it reached the sequencer (or the tree's leaf proxy). */
  readonly arrival: number;
}

/** Names of orders listed in generation order (each participant's first is its `1`), by id. */
export function orderNames(orders: readonly { readonly id: number; readonly participant: number }[]): Map<number, string> {
  const count = new Map<number, number>();
  const out = new Map<number, string>();
  for (const o of orders) {
    const k = count.get(o.participant) ?? 0;
    count.set(o.participant, k + 1);
    out.set(o.id, orderName(o.participant, k));
  }
  return out;
}

/** Every order of a schedule by id, named, with its arrival time. */
export function namedOrders(schedule: Schedule): Map<number, NamedOrder> {
  const arrival = new Map<number, number>();
  for (const a of schedule.arrivals) if (!a.dummy) arrival.set(a.id, a.at);
  const names = orderNames(schedule.orders);
  return new Map(schedule.orders.map((o) => [o.id, { ...o, name: names.get(o.id)!, arrival: arrival.get(o.id) ?? Number.NaN }]));
}

/** A key as people read it: `(1100, A)`. */
export const keyText = (timestamp: number, participant: number) => `(${timestamp}, ${participantName(participant)})`;

/**
 * A scenario as the report shows it: the generated fields, with each participant's order times
 * listed under the orders' names (`{ a1: 0, a2: 3, b1: 0 }`), the names the explanations use.
 */
export function namedScenario<S extends { readonly participants: number; readonly orders: readonly (readonly number[])[] }>(s: S): Omit<S, 'orders'> & { orders: Record<string, number> } {
  const orders: Record<string, number> = {};
  s.orders.forEach((ts, p) => ts.forEach((t, i) => (orders[orderName(p, i)] = t)));
  return { ...s, orders };
}
