import type { InboundAction, InboundMessage, InboundNode, InboundNodeConfig } from '../inbound.ts';
import { exchangeMutant } from './exchange-mutant-support.ts';

/**
 * A sequencer that keeps one queue per child and, when a child's heartbeat arrives, "cleans up"
 * that child's queue by dropping every entry the heartbeat's key covers — meant for superseded
 * dummies, but a real order waiting there (its key is never above the next heartbeat's) goes too.
 * Otherwise a plain merge: while every queue holds something, release the smallest head.
 */
class CleanupSequencer implements InboundNode {
  private readonly queues: InboundMessage[][];
  private readonly link = new Map<string, number>();

  constructor(readonly config: InboundNodeConfig) {
    this.queues = config.children.map(() => []);
    config.children.forEach((c, i) => this.link.set(c, i));
  }

  onEvent(e: Parameters<InboundNode['onEvent']>[0]): InboundAction[] {
    if (e.type !== 'message') return [];
    const q = this.queues[this.link.get(e.from)!]!;
    const m = e.message;
    if (m.kind === 'heartbeat') {
      // The bug: orders are dropped along with the dummies the heartbeat supersedes.
      const kept = q.filter((x) => keyOf(x)[0] > m.timestamp || (keyOf(x)[0] === m.timestamp && keyOf(x)[1] > m.participant));
      q.length = 0;
      q.push(...kept);
    }
    q.push(m);
    const out: InboundAction[] = [];
    while (this.queues.every((x) => x.length > 0)) {
      let best = 0;
      for (let i = 1; i < this.queues.length; i++) {
        const [ta, pa] = keyOf(this.queues[i]![0]!);
        const [tb, pb] = keyOf(this.queues[best]![0]!);
        if (ta < tb || (ta === tb && pa < pb)) best = i;
      }
      const head = this.queues[best]!.shift()!;
      if (head.kind === 'order') out.push({ type: 'release', id: head.order.id });
    }
    return out;
  }
}

function keyOf(m: InboundMessage): [number, number] {
  return [m.timestamp, m.kind === 'order' ? m.order.participant : m.participant];
}

export const exchangeCleanupDropsOrder = exchangeMutant(
  'exchange-cleanup-drops-order',
  'sequencer',
  false,
  "the sequencer's clean-up on a heartbeat drops every queued entry of that link the heartbeat covers, real orders included",
  ['exchange.inbound.timestamp-order', 'exchange.inbound.liveness'],
  (config) => new CleanupSequencer(config),
);
