import { sequencerMutant } from './sequencer-mutant-support.ts';

/** Releases without having heard from every participant: a slow link's older order loses. */
export const sequencerReleaseBeforeAll = sequencerMutant(
  'sequencer-release-before-all',
  "releases the smallest head as soon as all but one participant's queues hold something",
  ['sequencer.safety.sorted-exactly-once'],
  { releaseWithOneMissing: true },
);
