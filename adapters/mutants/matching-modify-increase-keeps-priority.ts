import type { Mutant } from './registry.ts';
import type { MatchingAdapter } from '../matching.ts';
import { engineAdapter } from '../reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { OrderNode } from '../../reference/matching/book-side.ts';

/** Mutant: a modify that increases the size at the same price keeps queue priority */
class Engine extends MatchingEngine {
  protected override keepsPriority(o: OrderNode, price: number, _quantity: number): boolean {
    return price === o.price;
  }
}

export const modifyIncreaseKeepsPriorityMutant: Mutant<MatchingAdapter> = {
  name: 'matching-modify-increase-keeps-priority',
  component: 'matching',
  bug: 'a modify that increases the size at the same price keeps queue priority',
  killedBy: ['matching.modify.priority', 'matching.vendor.equivalence'],
  create: () => engineAdapter('mutant:matching-modify-increase-keeps-priority', (o) => new Engine(o)),
};
