import { referenceInboundNode } from '../reference-node.ts';
import type { InboundAction, InboundEvent, InboundNode, InboundNodeConfig } from '../node.ts';

type Entry = { e: number; c: number; t: number; p: number; id: number | null };
const below = (a: Entry, b: Entry) => a.e < b.e || (a.e === b.e && (a.c < b.c || (a.c === b.c && (a.t < b.t || (a.t === b.t && a.p < b.p)))));

/**
 * A sequencer with the class-aware merge's OLD rule, for tests only: one FIFO per (link, class),
 * and while all of them hold something, release the head with the smallest (epoch, class,
 * timestamp, participant), dropping dummies. Safe but slow: a non-critical order of epoch e waits
 * until every link's critical class is past e, i.e. for the next mid change everywhere. Other
 * roles: undefined (the harness uses the reference); trees without LOQ: the reference sequencer.
 */
export function strictClassSequencer(config: InboundNodeConfig): InboundNode | undefined {
  if (config.role !== 'sequencer') return undefined;
  if (config.merge !== 'class-aware') return referenceInboundNode(config);
  const link = new Map(config.children.map((c, i) => [c, i]));
  const queues: Entry[][] = Array.from({ length: 2 * config.children.length }, () => []);
  const onEvent = (ev: InboundEvent): readonly InboundAction[] => {
    if (ev.type !== 'message') return [];
    const m = ev.message;
    const c = m.critical ? 0 : 1;
    const entry: Entry = m.kind === 'order'
      ? { e: m.epoch!, c, t: m.timestamp, p: m.order.participant, id: m.order.id }
      : { e: m.epoch!, c, t: m.timestamp, p: m.participant, id: null };
    queues[2 * link.get(ev.from)! + c]!.push(entry);
    const out: InboundAction[] = [];
    while (queues.every((q) => q.length > 0)) {
      let best = queues[0]!;
      for (const q of queues) if (below(q[0]!, best[0]!)) best = q;
      const head = best.shift()!;
      if (head.id !== null) out.push({ type: 'release', id: head.id });
    }
    return out;
  };
  return { config, onEvent };
}
