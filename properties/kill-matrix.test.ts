import { describe, expect, it } from 'vitest';
import { allComponents } from './catalogs.ts';
import { killMutant } from './kill-matrix.ts';
import { runCatalog } from './runner.ts';

// The kill matrix: every registered mutant is killed by its catalog with the default budget
// (100 runs per property) and a fixed seed; and the reference itself passes its catalog.
const SEED = 20261121;

for (const entry of allComponents()) {
  describe(`kill matrix: ${entry.component}`, () => {
    it('the reference passes its own catalog (expected failures aside)', async () => {
      const subject = await entry.reference();
      const oracle = await entry.reference();
      const results = await runCatalog({ catalog: entry.catalog, subject, oracle, seed: SEED });
      const bad = results.filter((r) => r.status !== 'passed' && r.status !== 'expected-failure' && r.status !== 'skipped');
      expect(bad.map((r) => `${r.id}: ${r.status}: ${r.message ?? r.reason ?? ''}`)).toEqual([]);
      for (const p of entry.catalog.filter((x) => x.expectedFailure)) {
        expect(results.find((r) => r.id === p.id)?.status, `${p.id} must produce its counterexample`).toBe('expected-failure');
      }
    });
    for (const mutant of entry.mutants) {
      it(`kills ${mutant.name}: ${mutant.bug}`, async () => {
        const row = await killMutant(entry, mutant, SEED);
        expect(row.killed, `${mutant.name} survived ${row.runs} runs`).toBe(true);
      });
    }
  });
}

describe('kill matrix', () => {
  it('has components registered', () => {
    expect(allComponents().length).toBeGreaterThan(0);
  });
});
