import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceSequencerAdapter } from '../../adapters/reference/sequencer.ts';
import type { SequencerAdapter } from '../../adapters/sequencer.ts';
import { createProcessSequencer } from '../../adapters/process/process-sequencer.ts';
import { VendorSession } from '../../adapters/process/vendor-session.ts';
import { runCatalog } from '../runner.ts';
import { sequencerCatalog } from './catalog.ts';

const EXAMPLE = fileURLToPath(new URL('../../adapters/examples/python/sequencer_slow_proxy_heartbeats.py', import.meta.url));
const SEED = Number(process.env.FAIRWIRE_SEED ?? 31);

let vendor: SequencerAdapter;

beforeAll(async () => {
  vendor = createProcessSequencer(await VendorSession.open({ command: 'python3', args: [EXAMPLE] }), 'python-slow-proxies');
});
afterAll(() => vendor.close?.());

// Issue 10 point 6: the tree property judged a fixed few ticks after the last arrival and
// reported this correct tree as losing orders.
describe('the example tree with slow proxy heartbeats (Python, over the protocol)', () => {
  it('declares jasper and tree, and its proxy heartbeat period on sequencer.create', async () => {
    expect(vendor.capabilities).toEqual({ jasper: true, tree: true, cloudex: false });
    expect((await vendor.create({ kind: 'tree', participants: 5, fanout: 2 })).proxyHeartbeatPeriod).toBe(20);
    expect((await vendor.create({ kind: 'jasper', participants: 5 })).proxyHeartbeatPeriod).toBeUndefined();
  });

  it('holds an order until a slow proxy heartbeat carries the mark up, then releases it', async () => {
    // Participants 0, 1 under proxy A; 2, 3 under proxy B; the root over A and B.
    const tree = await vendor.create({ kind: 'tree', participants: 4, fanout: 2 });
    for (let p = 0; p < 4; p++) await tree.heartbeat(0, p, 0);
    await tree.tick(0); // both proxies send their first mark at once
    await tree.enqueue(1, 0, 1, 7);
    await tree.heartbeat(1, 1, 1); // A releases the order to the root at t=1
    await tree.heartbeat(1, 2, 2);
    await tree.heartbeat(1, 3, 2); // B's mark is now (2, 2), but B sent a dummy at t=0
    await tree.tick(1);
    await tree.tick(19);
    expect(await tree.drain()).toEqual([]); // a proxy that heartbeats every tick would have released it at t=1
    await tree.tick(20); // one proxy period after B's last dummy
    expect(await tree.drain()).toEqual([{ participant: 0, timestamp: 1, id: 7 }]);
  });

  it(`passes the sequencer catalog within its capabilities, every property run (seed ${SEED})`, async () => {
    const results = await runCatalog({ catalog: sequencerCatalog, subject: vendor, oracle: referenceSequencerAdapter(), seed: SEED, runs: 30 });
    expect(Object.fromEntries(results.map((r) => [r.id, r.status === 'failed' || r.status === 'fault' ? `${r.status}: ${r.message}` : r.status]))).toEqual({
      'sequencer.safety.sorted-exactly-once': 'passed',
      'sequencer.liveness.bounded-release': 'passed',
      'sequencer.tree.equals-flat': 'passed',
      'sequencer.cloudex.fair-within-timeout': 'skipped',
      'sequencer.cloudex.unfair-beyond-timeout': 'skipped',
    });
  });
});
