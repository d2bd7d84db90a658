import { loqMutant } from './loq-mutant-support.ts';

/**
 * A vendor that declares the SimplePQ baseline but breaks its FIFO: two orders of one participant
 * with one timestamp leave newest first. No property created a SimplePQ before
 * `loq.simple-pq.order`, so a declared SimplePQ was never checked.
 */
export const loqSimplePqLifoTies = loqMutant(
  'loq-simple-pq-lifo-ties',
  'the SimplePQ baseline pops equal (timestamp, participant) orders newest first instead of FIFO',
  ['loq.simple-pq.order'],
  { simplePqLifoTies: true },
);
