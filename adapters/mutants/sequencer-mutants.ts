import type { SequencerAdapter } from '../sequencer.ts';
import type { Mutant } from './registry.ts';
import { sequencerTieByArrival } from './sequencer-tie-by-arrival.ts';
import { sequencerReleaseBeforeAll } from './sequencer-release-before-all.ts';
import { sequencerOneDequeuePerArrival } from './sequencer-one-dequeue-per-arrival.ts';
import { sequencerProxyDummyClock } from './sequencer-proxy-dummy-clock.ts';
import { sequencerCloudexTimeoutFromArrival } from './sequencer-cloudex-timeout-from-arrival.ts';
import { sequencerDummyAfterEqualStamp } from './sequencer-dummy-after-equal-stamp.ts';

/** Every sequencer mutant, one known bug each (the kill matrix runs them all). */
export const SEQUENCER_MUTANTS: readonly Mutant<SequencerAdapter>[] = [
  sequencerTieByArrival,
  sequencerReleaseBeforeAll,
  sequencerOneDequeuePerArrival,
  sequencerProxyDummyClock,
  sequencerCloudexTimeoutFromArrival,
  sequencerDummyAfterEqualStamp,
];
