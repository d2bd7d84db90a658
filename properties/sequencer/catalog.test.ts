import { describe, it, expect } from 'vitest';
import { runCatalog } from '../runner.ts';
import { sequencerCatalog } from './catalog.ts';
import { referenceSequencerAdapter } from '../../adapters/reference/sequencer.ts';
import { naiveSequencerAdapter } from '../../adapters/mutants/sequencer-mutant-support.ts';
import { SEQUENCER_MUTANTS } from '../../adapters/mutants/sequencer-mutants.ts';

const oracle = referenceSequencerAdapter();
const SEEDS = [1, 42, 20261121];

describe('sequencer catalog', () => {
  it('passes the reference, with the CloudEx expected failure shrunk to a counterexample', async () => {
    const results = await runCatalog({ catalog: sequencerCatalog, subject: referenceSequencerAdapter(), oracle, seed: 7 });
    const status = Object.fromEntries(results.map((r) => [r.id, r.status]));
    expect(status).toEqual({
      'sequencer.safety.sorted-exactly-once': 'passed',
      'sequencer.liveness.bounded-release': 'passed',
      'sequencer.tree.equals-flat': 'passed',
      'sequencer.cloudex.fair-within-timeout': 'passed',
      'sequencer.cloudex.unfair-beyond-timeout': 'expected-failure',
    });
    const cloudex = results.find((r) => r.id === 'sequencer.cloudex.unfair-beyond-timeout')!;
    expect(cloudex.message).toMatch(/differs from \(timestamp, participant\) order/);
    expect(cloudex.counterexample).toBeDefined();
  });

  it('passes an independent correct implementation (the mutants\u2019 base with no bug)', async () => {
    const results = await runCatalog({ catalog: sequencerCatalog, subject: naiveSequencerAdapter('naive', {}), oracle, seed: 11, runs: 40 });
    expect(results.filter((r) => r.status === 'failed').map((r) => r.id)).toEqual([]);
  });

  for (const mutant of SEQUENCER_MUTANTS) {
    it(`kills ${mutant.name} with ${mutant.killedBy?.join(', ')} for several seeds`, async () => {
      for (const seed of SEEDS) {
        const results = await runCatalog({ catalog: sequencerCatalog, subject: await mutant.create(), oracle, seed, propertyIds: [...(mutant.killedBy ?? [])] });
        expect(results.map((r) => `${r.id}:${r.status}`)).toEqual(mutant.killedBy!.map((id) => `${id}:failed`));
      }
    });
  }
});
