import { sequencerMutant } from './sequencer-mutant-support.ts';

/** Safe but lagging: every arrival triggers at most one dequeue, so the backlog never clears. */
export const sequencerOneDequeuePerArrival = sequencerMutant(
  'sequencer-one-dequeue-per-arrival',
  'each arrival dequeues at most one message instead of draining while every queue is non-empty',
  ['sequencer.liveness.bounded-release'],
  { oneDequeuePerArrival: true },
);
