import { sequencerMutant } from './sequencer-mutant-support.ts';

/** Holding each order a fixed time from ARRIVAL lets delay jitter below the timeout reorder orders. */
export const sequencerCloudexTimeoutFromArrival = sequencerMutant(
  'sequencer-cloudex-timeout-from-arrival',
  'the CloudEx baseline holds each order for the timeout from its arrival instead of from its timestamp',
  ['sequencer.cloudex.fair-within-timeout'],
  { cloudexTimeoutFromArrival: true },
);
