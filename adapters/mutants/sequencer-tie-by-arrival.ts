import { sequencerMutant } from './sequencer-mutant-support.ts';

/** Equal timestamps leave in arrival order, so a participant's network luck decides ties. */
export const sequencerTieByArrival = sequencerMutant(
  'sequencer-tie-by-arrival',
  'ties on timestamp are broken by arrival order instead of by participant id',
  ['sequencer.safety.sorted-exactly-once'],
  { tieByArrival: true },
);
