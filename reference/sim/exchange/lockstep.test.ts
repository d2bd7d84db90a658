import { describe, expect, it } from 'vitest';
import { simulateTree, type SimulateTreeOptions } from '../../multicast/harness.ts';

/** reference/multicast's lockstep hook, as the whole-exchange simulation drives it. */
describe('simulateTree lockstep', () => {
  const base: SimulateTreeOptions = { seed: 4, receivers: 12, messages: 20, intervalNs: 50_000, hedge: 1, holdRelease: { headroomNs: 5_000 }, record: 'messages' };

  it('a caller with nothing to do changes nothing: the same figures, message for message', async () => {
    const plain = await simulateTree(base);
    let calls = 0;
    const driven = await simulateTree({ ...base, lockstep: { nextNs: () => Infinity, advanceTo: () => void calls++ } });
    expect(calls).toBe(0);
    expect(driven).toEqual(plain);
  });

  it('one clock: the world runs up to each event first, sends and releases come in time order, after their causes', async () => {
    const world = [1_000_500, 1_000_500, 1_120_000, 1_700_000, 5_000_000];
    let next = 0;
    const log: [string, number][] = [];
    const r = await simulateTree({
      ...base,
      lockstep: {
        nextNs: () => world[next] ?? Infinity,
        advanceTo: async (t) => {
          await Promise.resolve(); // an async world is awaited
          while (next < world.length && world[next]! <= t) log.push(['world', world[next++]!]);
        },
        onSend: (msg, t) => void log.push([`send ${msg}`, t]),
        onRelease: (msg, p, t) => void log.push([`release ${msg} to ${p}`, t]),
      },
    });
    expect(r.fault).toBeUndefined();
    const times = log.map(([, t]) => t);
    expect(times).toEqual([...times].sort((a, b) => a - b)); // never a step back in time
    expect(log.filter(([k]) => k.startsWith('release')).length).toBe(20 * 12);
    expect(log.filter(([k]) => k === 'world').length).toBe(4); // the one after the tree's last event is the caller's to run
    for (const [k, t] of log) {
      const m = /^release (\d+)/.exec(k);
      if (m) expect(t).toBeGreaterThan(log.find(([s]) => s === `send ${m[1]}`)![1]);
    }
  });

  it('a lockstep without its functions is a typed input error', async () => {
    await expect(simulateTree({ ...base, lockstep: {} as never })).rejects.toThrow(/lockstep needs nextNs\(\) and advanceTo\(t\)/);
  });
});
