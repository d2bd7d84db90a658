import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceSequencerAdapter } from '../reference/sequencer.ts';
import type { SequencerAdapter } from '../sequencer.ts';
import { AdapterFault } from '../fault.ts';
import { sequencerCatalog } from '../../properties/sequencer/catalog.ts';
import { runCatalog } from '../../properties/runner.ts';
import { createProcessSequencer } from './process-sequencer.ts';
import { VendorError } from './vendor-process.ts';
import { VendorSession } from './vendor-session.ts';

const EXAMPLE = fileURLToPath(new URL('../examples/python/sequencer.py', import.meta.url));
const MUTANT = fileURLToPath(new URL('../mutants/process/sequencer_tie_by_arrival.py', import.meta.url));

let session: VendorSession;
let vendor: SequencerAdapter;

beforeAll(async () => {
  session = await VendorSession.open({ command: 'python3', args: [EXAMPLE] });
  vendor = createProcessSequencer(session, 'python-example');
});
afterAll(() => vendor.close?.());

describe('process sequencer (the Python Jasper example over the protocol)', () => {
  it('declares jasper only', () => {
    expect(vendor.capabilities).toEqual({ jasper: true, tree: false, cloudex: false });
  });

  it('releases like the reference: ties by participant id, dummies dropped', async () => {
    const ref = referenceSequencerAdapter();
    const out: unknown[] = [];
    for (const s of [vendor, ref]) {
      const q = await s.create({ kind: 'jasper', participants: 3 });
      await q.enqueue(0, 2, 10, 1);
      await q.enqueue(1, 1, 10, 2);
      await q.heartbeat(2, 0, 11);
      await q.enqueue(3, 0, 12, 3);
      await q.heartbeat(4, 1, 20);
      await q.heartbeat(4, 2, 20);
      await q.tick(5);
      out.push(await q.drain());
    }
    expect(out[0]).toEqual([
      { participant: 1, timestamp: 10, id: 2 },
      { participant: 2, timestamp: 10, id: 1 },
      { participant: 0, timestamp: 12, id: 3 },
    ]);
    expect(out[0]).toEqual(out[1]);
  });

  it('refusals are vendor errors with the sequencer code', async () => {
    const q = await vendor.create({ kind: 'jasper', participants: 2 });
    await q.tick(5);
    await expect(q.tick(4)).rejects.toThrow(/time-went-back/);
    await expect(q.enqueue(6, 7, 1, 1)).rejects.toBeInstanceOf(VendorError);
    await expect(vendor.create({ kind: 'cloudex', participants: 2, timeout: 3 })).rejects.toThrow(/unsupported/);
  });

  it('passes the sequencer catalog within its capabilities', async () => {
    const results = await runCatalog({ catalog: sequencerCatalog, subject: vendor, oracle: referenceSequencerAdapter(), seed: 77, runs: 20 });
    for (const r of results) expect(`${r.id}: ${r.status}`).toBe(`${r.id}: ${sequencerCatalog.find((p) => p.id === r.id)!.requires.every((c) => c === 'jasper') ? 'passed' : 'skipped'}`);
  });

  it('an instance does not survive a vendor restart: using it is a fault, never another instance', async () => {
    const q = await vendor.create({ kind: 'jasper', participants: 1 });
    process.kill(session.pid!, 'SIGKILL');
    await expect(q.enqueue(0, 0, 1, 1)).rejects.toBeInstanceOf(AdapterFault);
    await expect(q.drain()).rejects.toThrow(/lost when the vendor restarted/);
    const fresh = await vendor.create({ kind: 'jasper', participants: 1 });
    await fresh.enqueue(0, 0, 1, 9);
    expect(await fresh.drain()).toEqual([{ participant: 0, timestamp: 1, id: 9 }]);
  });

  it('the tie-by-arrival mutant is caught', async () => {
    const s = await VendorSession.open({ command: 'python3', args: [MUTANT] });
    const mutant = createProcessSequencer(s, 'mutant');
    try {
      const [r] = await runCatalog({ catalog: sequencerCatalog, subject: mutant, oracle: referenceSequencerAdapter(), seed: 5, propertyIds: ['sequencer.safety.sorted-exactly-once'] });
      expect(r?.status).toBe('failed');
    } finally {
      await mutant.close?.();
    }
  });
});
