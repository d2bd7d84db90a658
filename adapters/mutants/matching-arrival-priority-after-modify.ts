import type { Mutant } from './registry.ts';
import type { MatchingAdapter } from '../matching.ts';
import { engineAdapter } from '../reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { Level, OrderNode } from '../../reference/matching/book-side.ts';

/** Mutant: after a modify that loses priority, the order re-enters its level in original arrival order instead of at the back */
class Engine extends MatchingEngine {
  protected override enqueue(level: Level, o: OrderNode): void {
    // Walk back from the tail past every order that arrived later (`seq`: arrival number,
    // kept by a modify; order nodes are recycled, so it is the node's field, not its identity).
    let before: OrderNode | null = null;
    for (let n = level.tail; n !== null && n.seq > o.seq; n = n.prev) before = n;
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
