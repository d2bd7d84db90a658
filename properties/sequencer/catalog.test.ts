import { describe, it, expect } from 'vitest';
import { runCatalog, type PropertyResult } from '../runner.ts';
import { sequencerCatalog } from './catalog.ts';
import { referenceSequencerAdapter } from '../../adapters/reference/sequencer.ts';
import type { SequencerAdapter } from '../../adapters/sequencer.ts';
import { naiveSequencerAdapter } from '../../adapters/mutants/sequencer-mutant-support.ts';
import { SEQUENCER_MUTANTS } from '../../adapters/mutants/sequencer-mutants.ts';

const oracle = referenceSequencerAdapter();
const SEED = Number(process.env.FAIRWIRE_SEED ?? 7);
const SEEDS = [1, 42, 20261121, SEED];

/** Every status, so a fault, a skip or a run that never happened cannot pass as "not failed". */
const statuses = (results: readonly PropertyResult[]) =>
  Object.fromEntries(results.map((r) => [r.id, r.status === 'failed' || r.status === 'fault' ? `${r.status}: ${r.message}` : r.status]));

const ALL_PASS = {
  'sequencer.safety.sorted-exactly-once': 'passed',
  'sequencer.liveness.bounded-release': 'passed',
  'sequencer.tree.equals-flat': 'passed',
  'sequencer.cloudex.fair-within-timeout': 'passed',
  'sequencer.cloudex.unfair-beyond-timeout': 'expected-failure',
};

/** A tree that is slower than it declares: its proxies heartbeat every `actual` units, it claims `declared`. */
function misdeclared(actual: number, declared: unknown): SequencerAdapter {
  const honest = naiveSequencerAdapter('misdeclared', {}, { proxyHeartbeatPeriod: actual });
  return { ...honest, create: async (c) => Object.assign(await honest.create(c), { proxyHeartbeatPeriod: declared as number }) };
}

describe('sequencer catalog', () => {
  it(`passes the reference, with the CloudEx expected failure shrunk to a counterexample (seed ${SEED})`, async () => {
    const results = await runCatalog({ catalog: sequencerCatalog, subject: referenceSequencerAdapter(), oracle, seed: SEED });
    expect(statuses(results)).toEqual(ALL_PASS);
    const cloudex = results.find((r) => r.id === 'sequencer.cloudex.unfair-beyond-timeout')!;
    expect(cloudex.message).toMatch(/differs from \(timestamp, participant\) order/);
    expect(cloudex.signature).toBe('reordered at released[]');
    expect(cloudex.counterexample).toBeDefined();
  });

  it('passes an independent correct implementation (the mutants\u2019 base with no bug): every property passes, none skipped or faulted', async () => {
    const results = await runCatalog({ catalog: sequencerCatalog, subject: naiveSequencerAdapter('naive', {}), oracle, seed: 11, runs: 40 });
    expect(statuses(results)).toEqual(ALL_PASS);
  });

  // Issue 10 point 6: a fixed few ticks after the last arrival failed this correct tree.
  for (const period of [5, 20, 60]) {
    it(`passes a correct tree whose proxies heartbeat once per ${period} units (slower than any gateway), seed ${SEED}`, async () => {
      const slow = naiveSequencerAdapter('slow-proxies', {}, { proxyHeartbeatPeriod: period });
      const results = await runCatalog({ catalog: sequencerCatalog, subject: slow, oracle, seed: SEED, propertyIds: ['sequencer.tree.equals-flat'], runs: 200 });
      expect(statuses(results)).toEqual({ 'sequencer.tree.equals-flat': 'passed' });
    });
  }

  it('fails a tree slower than it declares, naming the bound it missed (order-lost)', async () => {
    const [r] = await runCatalog({ catalog: sequencerCatalog, subject: misdeclared(20, 0), oracle, seed: SEED, propertyIds: ['sequencer.tree.equals-flat'] });
    expect(r?.status).toBe('failed');
    expect(r?.signature).toBe('order-lost at released');
    expect(r?.message).toMatch(/not released by time \d+ \(every order's bound t \+ P \+ L \+ depth·Q = t \+ \d+ \+ \d+ \+ \d+·0 has passed\)/);
  });

  it('refuses a proxy heartbeat period outside 0..1000 or not an integer (bad-declaration), never waits on it', async () => {
    for (const declared of [1001, -1, 1.5, Number.NaN]) {
      const [r] = await runCatalog({ catalog: sequencerCatalog, subject: misdeclared(1, declared), oracle, seed: SEED, propertyIds: ['sequencer.tree.equals-flat'], runs: 5 });
      expect(`${declared}: ${r?.status} ${r?.signature}`).toBe(`${declared}: failed bad-declaration at proxyHeartbeatPeriod`);
    }
  });

  it('judges releases from the input: an altered timestamp, a duplicate or an id never sent is a failure of its own kind', async () => {
    const ref = referenceSequencerAdapter();
    const doctored = (change: (r: { participant: number; timestamp: number; id: number }[]) => { participant: number; timestamp: number; id: number }[]): SequencerAdapter => ({
      ...ref,
      capabilities: { jasper: true, tree: false, cloudex: false },
      create: async (c) => {
        const inner = await ref.create(c);
        return { ...inner, drain: async () => change([...(await inner.drain())]) };
      },
    });
    const cases: [string, SequencerAdapter][] = [
      ['altered at released[]', doctored((rs) => rs.map((r) => ({ ...r, timestamp: r.timestamp + 1 })))],
      ['duplicated at released[]', doctored((rs) => rs.flatMap((r) => [r, r]))],
      ['unknown-order at released[]', doctored((rs) => rs.map((r) => ({ ...r, id: r.id + 1_000_000 })))],
    ];
    for (const [signature, subject] of cases) {
      const [r] = await runCatalog({ catalog: sequencerCatalog, subject, oracle, seed: SEED, propertyIds: ['sequencer.safety.sorted-exactly-once'] });
      expect(`${r?.status} ${r?.signature}`).toBe(`failed ${signature}`);
    }
  });

  for (const mutant of SEQUENCER_MUTANTS) {
    it(`kills ${mutant.name} with ${mutant.killedBy?.join(', ')} for several seeds`, async () => {
      for (const seed of SEEDS) {
        const results = await runCatalog({ catalog: sequencerCatalog, subject: await mutant.create(), oracle, seed, propertyIds: [...(mutant.killedBy ?? [])] });
        expect(results.map((r) => `${r.id}:${r.status} (seed ${seed})`)).toEqual(mutant.killedBy!.map((id) => `${id}:failed (seed ${seed})`));
      }
    });
  }
});
