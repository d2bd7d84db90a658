import type { Mutant } from './registry.ts';
import type { MatchingAdapter } from '../matching.ts';
import { engineAdapter } from '../reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { Level, OrderNode } from '../../reference/matching/book-side.ts';

/** Mutant: orders at the same price are queued last-in first-out */
class Engine extends MatchingEngine {
  protected override enqueue(level: Level, o: OrderNode): void {
    if (level.head) level.insertBefore(o, level.head);
    else level.append(o);
  }
}

export const lifoQueueMutant: Mutant<MatchingAdapter> = {
  name: 'matching-lifo-queue',
  component: 'matching',
  bug: 'orders at the same price are queued last-in first-out',
  killedBy: ['matching.priority.model'],
  create: () => engineAdapter('mutant:matching-lifo-queue', (o) => new Engine(o)),
};
