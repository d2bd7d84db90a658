import { loqMutant } from './loq-mutant-support.ts';

/**
 * A proxy's queue taken for a mere egress buffer (spec/exchange/loq.md, finding (2)): tagged
 * orders leave FIFO within their (epoch, class), not by timestamp. Behind a class-aware merge
 * its input is already sorted, so the tree pipeline cannot see it; tagged pushes out of
 * timestamp order (loq.pop.order for a subject declaring `proxy`) do.
 */
export const loqTaggedFifoWithinClass = loqMutant(
  'loq-tagged-fifo-within-class',
  'pushTagged orders leave in arrival order within their (epoch, class) instead of by (timestamp, participant)',
  ['loq.pop.order'],
  { taggedFifoWithinClass: true },
);
