import type { Arrival } from '../../properties/arbitraries/sequencer-schedule.ts';

/**
 * A concrete inbound flow as an operator describes it: N participants, each behind a link with a
 * fixed one-way delay (so per-link FIFO holds), perfect clocks (an order's stamp is when it was
 * generated and sent), and gateways that send a heartbeat stamped with their clock whenever their
 * participant has sent nothing for one period. Heartbeats go on until every order is covered.
 */
export interface FlowOrder {
  readonly participant: number;
  readonly stamp: number;
}

export interface ConcreteFlow {
  readonly delays: readonly number[];
  readonly period: number;
  readonly orders: readonly FlowOrder[];
}

export interface BuiltArrivals {
  /** In delivery order; order ids are indexes into `orders`, dummies have id -1. */
  readonly arrivals: readonly Arrival[];
  readonly end: number;
  /** After this time no gateway heartbeats any more. */
  readonly horizon: number;
}

export function buildArrivals(flow: ConcreteFlow): BuiltArrivals {
  const { delays, period, orders } = flow;
  if (!Number.isInteger(period) || period < 1) throw new Error(`heartbeat period must be a positive integer, got ${period}`);
  const horizon = Math.max(0, ...orders.map((o) => o.stamp)) + period;
  const out: (Arrival & { seq: number })[] = [];
  let seq = 0;
  for (let p = 0; p < delays.length; p++) {
    const delay = delays[p]!;
    const mine = orders.map((o, id) => ({ ...o, id })).filter((o) => o.participant === p);
    for (let k = 1; k < mine.length; k++) {
      if (mine[k]!.stamp < mine[k - 1]!.stamp) throw new Error(`participant ${p}'s orders must be stamped in sending order`);
    }
    let lastSend = 0;
    let i = 0;
    for (;;) {
      const o = mine[i];
      const due = lastSend + period;
      if (o !== undefined && o.stamp <= due) {
        out.push({ at: o.stamp + delay, participant: p, timestamp: o.stamp, dummy: false, id: o.id, seq: seq++ });
        lastSend = o.stamp;
        i++;
      } else if (due <= horizon + period) {
        out.push({ at: due + delay, participant: p, timestamp: due, dummy: true, id: -1, seq: seq++ });
        lastSend = due;
      } else break;
    }
  }
  out.sort((a, b) => a.at - b.at || a.seq - b.seq);
  return { arrivals: out.map(({ seq: _s, ...a }) => a), end: out.reduce((m, a) => Math.max(m, a.at), 0), horizon };
}

/** "A" -> 0, "B" -> 1, ...; a number is taken as is. */
export function participantIndex(name: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  if (/^[A-Z]$/.test(name)) return name.charCodeAt(0) - 65;
  throw new Error(`participant must be a letter A-Z or a number, got '${name}'`);
}

export function participantName(p: number): string {
  return p < 26 ? String.fromCharCode(65 + p) : String(p);
}
