import { loqMutant } from './loq-mutant-support.ts';

/** The ask side's critical test is mirrored the wrong way: marketable asks wait, far asks jump. */
export const loqAskTestReversed = loqMutant(
  'loq-ask-test-reversed',
  'an ask is classed critical iff price >= M + A (reversed) instead of price <= M + A',
  ['loq.pop.order', 'loq.fairness.appendix-i', 'loq.fairness.appendix-i-tree'],
  { askTestReversed: true },
);
