import { describe, expect, it } from 'vitest';
import { simulateTree, type SimulateTreeOptions } from '../../reference/multicast/harness.ts';
import { pacedFactory, RunInterrupted } from './pacer.ts';

const options: SimulateTreeOptions = { seed: 17, receivers: 40, depth: 2, hedge: 1, spraying: true, holdRelease: { headroomNs: 3000 }, messages: 200, intervalNs: 200_000, clocks: { epsilonNs: 100 }, record: 'messages' };

describe('pacedFactory', () => {
  it('yields to the event loop inside a run without changing anything the run computes', async () => {
    const plain = await simulateTree(options);
    const seen: number[] = [];
    const paced = await simulateTree({ ...options, nodes: pacedFactory(undefined, { progress: (n) => void seen.push(n), stopped: () => false }, 0) });
    expect(seen.length).toBeGreaterThan(100); // a turn at every event of the paced receiver
    expect(seen.at(-1)).toBe(200);
    expect(paced).toEqual(plain);
  });

  it('stops the run at the next turn once asked to', async () => {
    let turns = 0;
    const run = simulateTree({ ...options, nodes: pacedFactory(undefined, { progress: () => void turns++, stopped: () => turns >= 3 }, 0) });
    await expect(run.then((r) => r.fault?.reason ?? 'finished', (e: unknown) => (e instanceof RunInterrupted ? 'interrupted' : String(e)))).resolves.toMatch(/interrupted/);
  });
});
