import type { Mutant } from './registry.ts';
import type { MatchingAdapter } from '../matching.ts';
import { engineAdapter } from '../reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { Level, OrderNode } from '../../reference/matching/book-side.ts';

/**
 * Mutant: the price test is strict (`>` instead of `>=`), so a limit order priced exactly at the
 * best opposite price does not trade with it; a GTC one then rests on a crossed (locked) book.
 */
class Engine extends MatchingEngine {
  protected override reaches(taker: OrderNode, level: Level): boolean {
    return taker.side === 'buy' ? level.price < taker.price : level.price > taker.price;
  }
}

export const touchingPriceRestsMutant: Mutant<MatchingAdapter> = {
  name: 'matching-touching-price-rests',
  component: 'matching',
  bug: 'a limit order priced exactly at the best opposite price does not trade (strict price test); a GTC one rests, leaving the book crossed',
  killedBy: ['matching.book.never-crossed'],
  create: () => engineAdapter('mutant:matching-touching-price-rests', (o) => new Engine(o)),
};
