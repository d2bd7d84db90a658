import type { Mutant } from './registry.ts';
import type { MatchingAdapter } from '../matching.ts';
import { engineAdapter } from '../reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';


/** Mutant: a cancel reports cancelled but leaves the order resting in its queue */
class Engine extends MatchingEngine {
  protected override removeOnCancel(): void {}
}

export const cancelKeepsOrderMutant: Mutant<MatchingAdapter> = {
  name: 'matching-cancel-keeps-order',
  component: 'matching',
  bug: 'a cancel reports cancelled but leaves the order resting in its queue',
  killedBy: ['matching.lifecycle.dead-never-fill', 'matching.quantity.conserved'],
  create: () => engineAdapter('mutant:matching-cancel-keeps-order', (o) => new Engine(o)),
};
