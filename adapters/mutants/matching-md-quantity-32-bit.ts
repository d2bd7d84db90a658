import type { Mutant } from './registry.ts';
import type { MatchingAdapter, MatchingEvent } from '../matching.ts';
import { referenceMatchingAdapter } from '../reference/matching.ts';

/**
 * Mutant: market data carries level totals in an unsigned 32-bit field: `level` and `bbo`
 * quantities wrap modulo 2^32. Invisible while every level stays below 2^32 lots; matching-flow
 * generates quantities up to 2^53 - 1 for this.
 */
const wrap = (q: string) => BigInt.asUintN(32, BigInt(q)).toString();

function create(): MatchingAdapter {
  const inner = referenceMatchingAdapter();
  return {
    ...inner,
    name: 'mutant:matching-md-quantity-32-bit',
    async apply(command): Promise<MatchingEvent[]> {
      return (await inner.apply(command)).map((e) =>
        e.type === 'level' ? { ...e, quantity: wrap(e.quantity) } : e.type === 'bbo' ? { ...e, bidQuantity: wrap(e.bidQuantity), askQuantity: wrap(e.askQuantity) } : e,
      );
    },
  };
}

export const mdQuantity32BitMutant: Mutant<MatchingAdapter> = {
  name: 'matching-md-quantity-32-bit',
  component: 'matching',
  bug: 'level and bbo quantities wrap modulo 2^32 (a 32-bit total in the market data feed)',
  killedBy: ['matching.md.consistent', 'matching.vendor.equivalence'],
  create,
};
