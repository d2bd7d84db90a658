import { describe, expect, it } from 'vitest';
import { measureSequencer } from './measure.ts';
import type { SequencerCaseRecord } from './case-record.ts';

describe('sequencer figures (measure.ts), from the harness schedule and the releases it saw', () => {
  it('release delay after the stamp, hold time after arrival, and the deepest queue', () => {
    const rec: SequencerCaseRecord = {
      config: { kind: 'jasper', participants: 2 },
      until: 20,
      schedule: {
        orders: [
          { id: 0, participant: 0, timestamp: 1 },
          { id: 1, participant: 1, timestamp: 2 },
          { id: 2, participant: 0, timestamp: 6 },
        ],
        arrivals: [
          { at: 3, participant: 0, timestamp: 1, dummy: false, id: 0 },
          { at: 4, participant: 1, timestamp: 2, dummy: false, id: 1 },
          { at: 5, participant: 1, timestamp: 5, dummy: true, id: -1 },
          { at: 8, participant: 0, timestamp: 6, dummy: false, id: 2 },
        ],
        end: 8,
        horizon: 10,
      },
      released: [
        { participant: 0, timestamp: 1, id: 0, at: 5 },
        { participant: 1, timestamp: 2, id: 1, at: 5 },
        { participant: 0, timestamp: 6, id: 2, at: 12 },
      ],
    };
    expect(measureSequencer(undefined, rec)).toEqual({ 'release-delay': [4, 3, 6], 'hold-time': [2, 1, 4], 'queue-depth': 2 });
  });
});
