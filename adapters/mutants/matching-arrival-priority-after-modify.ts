import type { Mutant } from './registry.ts';
import type { MatchingAdapter } from '../matching.ts';
import { engineAdapter } from '../reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { Level, OrderNode } from '../../reference/matching/book-side.ts';

/** Mutant: after a modify that loses priority, the order re-enters its level in original arrival order instead of at the back */
class Engine extends MatchingEngine {
  private readonly arrival = new Map<OrderNode, number>();
  private next = 0;

  protected override enqueue(level: Level, o: OrderNode): void {
    let seq = this.arrival.get(o);
    if (seq === undefined) this.arrival.set(o, (seq = this.next++));
    // Walk back from the tail past every order that arrived later.
    let before: OrderNode | null = null;
    for (let n = level.tail; n !== null && (this.arrival.get(n) ?? 0) > seq; n = n.prev) before = n;
    if (before) level.insertBefore(o, before);
    else level.append(o);
  }
}

export const arrivalPriorityAfterModifyMutant: Mutant<MatchingAdapter> = {
  name: 'matching-arrival-priority-after-modify',
  component: 'matching',
  bug: 'after a modify that loses priority, the order re-enters its level in original arrival order instead of at the back',
  killedBy: ['matching.modify.priority', 'matching.priority.model', 'matching.vendor.equivalence'],
  create: () => engineAdapter('mutant:matching-arrival-priority-after-modify', (o) => new Engine(o)),
};
