import { loqMutant } from './loq-mutant-support.ts';

/** Without the epoch, an order critical under a new mid price jumps ahead of older orders. */
export const loqNoEpoch = loqMutant(
  'loq-no-epoch',
  'the LOQ has no mid-price epoch: it pops by (critical?, timestamp, participant) across mid-price changes',
  ['loq.pop.order', 'loq.fairness.appendix-i', 'loq.fairness.appendix-i-tree'],
  { noEpoch: true },
);
