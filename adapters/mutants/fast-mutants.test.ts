import { describe, it, expect } from 'vitest';
import { createReferenceFastDecoder } from '../reference/fast.ts';
import { runCatalog } from '../../properties/runner.ts';
import { fastCatalog } from '../../properties/fast/catalog.ts';
import { FAST_MUTANTS } from './fast-mutants.ts';

// Each mutant must be killed by the first property it names, within 100 runs, whatever the seed.
const SEEDS = [1, 424242, -7];

describe('FAST mutants', () => {
  it('have unique names and name properties of the catalog', () => {
    expect(new Set(FAST_MUTANTS.map((m) => m.name)).size).toBe(FAST_MUTANTS.length);
    for (const m of FAST_MUTANTS) for (const id of m.killedBy ?? []) expect(fastCatalog.map((p) => p.id)).toContain(id);
  });

  for (const m of FAST_MUTANTS) {
    it(`${m.name} is killed by ${m.killedBy?.[0]}`, async () => {
      const property = fastCatalog.find((p) => p.id === m.killedBy?.[0])!;
      for (const seed of SEEDS) {
        const [r] = await runCatalog({ catalog: [property], subject: await m.create(), oracle: createReferenceFastDecoder(), seed, runs: 100 });
        expect(r?.status, `seed ${seed}`).toBe('failed');
      }
    });
  }
});
