import type { InboundTraceEvent } from '../../reference/inbound/network.ts';
import { Mismatch } from '../mismatch.ts';
import type { CaseRun } from './run.ts';
import type { Explanation } from '../explanation.ts';
import { inboundTimeline } from './timeline.ts';

/**
 * A heartbeat with key k promises its parent that nothing below k follows on that link (per
 * class under LOQ). Every merge above relies on it to go on without waiting; a node that breaks
 * it lets a younger order overtake one it still holds. Judged from what the harness saw travel
 * on each link, not from any node's account.
 */
export interface BrokenPromise {
  readonly node: string;
  readonly heartbeat: InboundTraceEvent;
  readonly heartbeatIndex: number;
  readonly order: InboundTraceEvent;
  readonly orderIndex: number;
}

const keyBelow = (o: InboundTraceEvent, h: InboundTraceEvent) =>
  (o.epoch ?? 0) < (h.epoch ?? 0) ||
  ((o.epoch ?? 0) === (h.epoch ?? 0) && (o.timestamp! < h.timestamp! || (o.timestamp === h.timestamp && o.participant! < h.participant!)));

export function findBrokenPromise(run: CaseRun): BrokenPromise | undefined {
  // Per (sender, class): the highest heartbeat so far and where it was.
  const high = new Map<string, { e: InboundTraceEvent; i: number }>();
  const trace = run.result.trace;
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i]!;
    if (e.kind !== 'send') continue;
    const k = `${e.node}|${e.critical === undefined ? '' : e.critical}`;
    const h = high.get(k);
    if (e.heartbeat) {
      if (!h || keyBelow(h.e, e)) high.set(k, { e, i });
    } else if (h && keyBelow(e, h.e)) {
      return { node: e.node, heartbeat: h.e, heartbeatIndex: h.i, order: e, orderIndex: i };
    }
  }
  return undefined;
}

function keyText(e: InboundTraceEvent): string {
  return `${e.epoch !== undefined ? `epoch ${e.epoch} ${e.critical ? 'critical' : 'non-critical'}, ` : ''}${e.timestamp}/${e.participant}`;
}

export function assertPromisesKept(run: CaseRun): void {
  const b = findBrokenPromise(run);
  if (!b) return;
  const t0 = run.result.network.startNs;
  throw new Mismatch(
    `${b.node}${run.subjectNodes.has(b.node) ? ` (${run.subject})` : ''} sent ${b.heartbeat.to} a heartbeat (${keyText(b.heartbeat)}) at t=${b.heartbeat.t - t0} ns promising nothing below it would follow, then sent order ${b.order.order} with the smaller key (${keyText(b.order)}) at t=${b.order.t - t0} ns: a heartbeat must carry the node's low-water mark — the oldest key it still holds or may still receive — never a clock reading taken past it`,
    { node: b.node, nothingBelow: keyText(b.heartbeat) },
    { node: b.node, order: b.order.order, key: keyText(b.order) },
    { kind: 'broken-promise', path: 'links[].heartbeats[]' },
  );
}

export function explainBrokenPromise(run: CaseRun): Explanation | undefined {
  const b = findBrokenPromise(run);
  if (!b) return undefined;
  return {
    summary: `${b.node} broke a heartbeat's promise: it sent heartbeat (${keyText(b.heartbeat)}), then order ${b.order.order} with the smaller key (${keyText(b.order)}).`,
    details: [
      `Every merge above ${b.node} may release anything below the heartbeat's key without waiting for ${b.node}; order ${b.order.order}, still held at ${b.node} then, can be overtaken by younger orders from its siblings.`,
      run.subjectNodes.has(b.node) ? `${b.node} is ${run.subject}'s node.` : `${b.node} is a reference node: it forwarded the broken promise of a node below it.`,
    ],
    timeline: inboundTimeline(run, { orders: new Set([b.order.order!]), marks: new Set([b.heartbeatIndex, b.orderIndex]), heartbeats: new Set([b.heartbeatIndex]), limit: 40 }),
  };
}
