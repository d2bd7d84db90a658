import type { Mutant } from './registry.ts';
import type { MatchingAdapter } from '../matching.ts';
import { engineAdapter } from '../reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { Level } from '../../reference/matching/book-side.ts';

/** Mutant: a level update is published only when the level's order count changes, not on a size-only change */
class Engine extends MatchingEngine {
  protected override levelChanged(level: Level): boolean {
    return level.count !== level.publishedCount;
  }
}

export const mdMissesSizeChangeMutant: Mutant<MatchingAdapter> = {
  name: 'matching-md-misses-size-change',
  component: 'matching',
  bug: 'a level update is published only when the level’s order count changes, not on a size-only change',
  killedBy: ['matching.md.consistent'],
  create: () => engineAdapter('mutant:matching-md-misses-size-change', (o) => new Engine(o)),
};
