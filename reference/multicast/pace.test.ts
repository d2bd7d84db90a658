import { describe, expect, it } from 'vitest';
import { simulateTree, type SimulateTreeOptions } from './harness.ts';

const options: SimulateTreeOptions = { seed: 17, receivers: 40, depth: 2, hedge: 1, spraying: true, holdRelease: { headroomNs: 3000 }, messages: 200, intervalNs: 200_000, clocks: { epsilonNs: 100 }, record: 'messages' };

describe('simulateTree pace (event-loop turns for progress and Ctrl-C)', () => {
  it('yields to the event loop inside a run without changing anything the run computes', async () => {
    const plain = await simulateTree(options);
    const seen: number[] = [];
    const paced = await simulateTree({ ...options, pace: { everyMs: 0, everyEvents: 1, onTurn: (n) => void seen.push(n) } });
    expect(seen.length).toBeGreaterThan(100); // a turn at every event
    expect(seen.at(-1)).toBe(200);
    expect(paced).toEqual(plain);
  });

  it('stops the run at the next turn once asked to, and says so', async () => {
    let turns = 0;
    const r = await simulateTree({ ...options, pace: { everyMs: 0, everyEvents: 1, onTurn: () => ++turns >= 3 } });
    expect(r.stopped).toBe(true);
    expect(r.fault).toBeUndefined();
    expect(turns).toBe(3);
  });
});
