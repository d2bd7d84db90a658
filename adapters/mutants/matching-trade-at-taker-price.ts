import type { Mutant } from './registry.ts';
import type { MatchingAdapter } from '../matching.ts';
import { engineAdapter } from '../reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { OrderNode } from '../../reference/matching/book-side.ts';

/** Mutant: trades print at the taker's limit price instead of the resting order's price */
class Engine extends MatchingEngine {
  protected override tradePrice(maker: OrderNode, taker: OrderNode): string {
    return String(Number.isFinite(taker.price) ? taker.price : maker.price);
  }
}

export const tradeAtTakerPriceMutant: Mutant<MatchingAdapter> = {
  name: 'matching-trade-at-taker-price',
  component: 'matching',
  bug: 'trades print at the taker’s limit price instead of the resting order’s price',
  killedBy: ['matching.trade.maker-price'],
  create: () => engineAdapter('mutant:matching-trade-at-taker-price', (o) => new Engine(o)),
};
