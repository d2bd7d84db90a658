import type { LoqAdapter, LoqOrder, PoppedOrder } from '../../adapters/loq.ts';
import type { MatchingAdapter } from '../../adapters/matching.ts';
import type { SequencerAdapter } from '../../adapters/sequencer.ts';
import { ClassAwareMerge } from '../../adapters/reference/loq.ts';
import { SYMBOL, newOrderCommand, tradesOf, type BuiltFlow, type Trade } from './build-flow.ts';

/**
 * How the exchange merges the gateways' LOQ outputs:
 * - 'class-aware': per (gateway, class) FIFOs merged by (epoch, class, timestamp, participant)
 *   — the composition that preserves Appendix I (reference/loq/class-merge.ts);
 * - 'timestamp': a Jasper sequencer keyed by (timestamp, participant) alone — the naive one.
 */
export type MergeKind = 'class-aware' | 'timestamp';

export interface PipelineResult {
  /** Order ids in the order the matching engine processed them. */
  readonly processed: readonly number[];
  readonly trades: readonly Trade[];
}

/**
 * Gateways (one LOQ each, from the subject) → links (delays, per-link FIFO) → merge → matching
 * engine. At each time unit a gateway first applies a mid-price change due at that time (at the
 * epoch start plus its skew), then pushes the orders generated then, then pops as many as its
 * capacity allows; at the end it pops everything and closes its link.
 */
export async function runPipeline(
  flow: BuiltFlow,
  loq: LoqAdapter,
  merge: MergeKind,
  engine: MatchingAdapter,
  sequencer: SequencerAdapter,
): Promise<PipelineResult> {
  const { spec } = flow;
  const G = spec.gateways;
  const queues = [];
  for (let g = 0; g < G; g++) queues.push(await loq.create({ kind: 'loq', mid: flow.mids[0]!, window: spec.window }));

  // Gateways: what each sends, with its arrival time at the exchange.
  type Send = { at: number; seq: number; g: number; popped?: PoppedOrder };
  const sends: Send[] = [];
  const lastArrival = new Array<number>(G).fill(0);
  const sent = new Array<number>(G).fill(0);
  let seq = 0;
  const send = (g: number, now: number, popped?: PoppedOrder) => {
    const d = spec.delays[(g * 5 + sent[g]!++) % spec.delays.length] ?? 0;
    lastArrival[g] = Math.max(lastArrival[g]!, now + d);
    sends.push({ at: lastArrival[g]!, seq: seq++, g, ...(popped ? { popped } : {}) });
  };
  const byTime = new Map<number, LoqOrder[]>();
  for (const o of flow.orders) byTime.set(o.timestamp, [...(byTime.get(o.timestamp) ?? []), o]);
  for (let now = 0; now <= flow.end; now++) {
    for (let g = 0; g < G; g++) {
      const q = queues[g]!;
      for (let e = 1; e < flow.starts.length; e++) if (flow.starts[e]! + (spec.skew[g] ?? 0) === now) await q.setMid(flow.mids[e]!);
      for (const o of byTime.get(now) ?? []) if (o.participant === g) await q.push(o);
      const pattern = spec.capacity[g] ?? [1];
      let cap = now === flow.end ? Infinity : (pattern[now % pattern.length] ?? 1);
      for (; cap > 0; cap--) {
        const popped = await q.pop();
        if (!popped) break;
        send(g, now, popped);
      }
      if (now === flow.end) send(g, now); // close
    }
  }
  sends.sort((a, b) => a.at - b.at || a.seq - b.seq);

  // The exchange: merge, then the matching engine in release order.
  const released: LoqOrder[] = [];
  if (merge === 'class-aware') {
    const m = new ClassAwareMerge<LoqOrder>(G, (o) => released.push(o));
    for (const s of sends) {
      if (!s.popped) m.close(s.g);
      else m.enqueue(s.g, s.popped.epoch, s.popped.critical, s.popped.order.timestamp, s.popped.order.participant, s.popped.order);
    }
  } else {
    const seqr = await sequencer.create({ kind: 'jasper', participants: G });
    const byId = new Map(flow.orders.map((o) => [o.id, o]));
    for (const s of sends) {
      if (!s.popped) await seqr.heartbeat(s.at, s.g, Number.MAX_SAFE_INTEGER);
      else await seqr.enqueue(s.at, s.g, s.popped.order.timestamp, s.popped.order.id);
      for (const r of await seqr.drain()) released.push(byId.get(r.id)!);
    }
  }
  await engine.reset({ symbols: [{ symbol: SYMBOL, tickSize: 1 }] });
  const trades: Trade[] = [];
  for (const o of released) trades.push(...tradesOf(await engine.apply(newOrderCommand(o))));
  return { processed: released.map((o) => o.id), trades };
}
