import type { Mutant } from './registry.ts';
import type { MatchingAdapter } from '../matching.ts';
import { engineAdapter } from '../reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { OrderNode } from '../../reference/matching/book-side.ts';

/**
 * Mutant: a modify that changes only the price (no size increase) announces the new price but
 * leaves the order where it was: it keeps queueing and trading at its old price, and its book
 * reports the old price too. A check that takes the maker's price from the subject's book
 * passes; the price the commands gave it does not.
 */
class Engine extends MatchingEngine {
  protected override keepsPriority(o: OrderNode, _price: number, quantity: number): boolean {
    return quantity <= o.remaining;
  }
}

export const repriceIgnoredMutant: Mutant<MatchingAdapter> = {
  name: 'matching-reprice-ignored',
  component: 'matching',
  bug: 'a price-only modify is announced but ignored: the order keeps trading at its old price (its book shows the old price)',
  killedBy: ['matching.modify.priority', 'matching.trade.maker-price', 'matching.vendor.equivalence'],
  create: () => engineAdapter('mutant:matching-reprice-ignored', (o) => new Engine(o)),
};
