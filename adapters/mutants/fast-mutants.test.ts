import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createReferenceFastDecoder } from '../reference/fast.ts';
import { fastCatalog } from '../../properties/fast/catalog.ts';
import { Mismatch } from '../../properties/mismatch.ts';
import { FAST_MUTANTS } from './fast-mutants.ts';

// Each mutant must be killed by the first property it names within 100 runs, whatever the seed,
// and by a real disagreement (a Mismatch), not by an accident of the mutant's code. Shrinking is
// skipped here (endOnFailure); the kill matrix (properties/kill-matrix.test.ts) runs the full runner.
const SEEDS = [1, 424242, -7, 2026];

describe('FAST mutants', () => {
  it('have unique names and name properties of the catalog', () => {
    expect(new Set(FAST_MUTANTS.map((m) => m.name)).size).toBe(FAST_MUTANTS.length);
    for (const m of FAST_MUTANTS) for (const id of m.killedBy ?? []) expect(fastCatalog.map((p) => p.id)).toContain(id);
  });

  for (const m of FAST_MUTANTS) {
    it(`${m.name} is killed by ${m.killedBy?.[0]}`, async () => {
      const property = fastCatalog.find((p) => p.id === m.killedBy?.[0])!;
      for (const seed of SEEDS) {
        const subject = await m.create();
        const oracle = createReferenceFastDecoder();
        const r = await fc.check(
          fc.asyncProperty(property.arbitrary(subject.capabilities), async (input) => {
            await property.check(subject, oracle, input);
          }),
          { numRuns: 100, seed, endOnFailure: true },
        );
        expect(r.failed, `seed ${seed}`).toBe(true);
        expect(r.errorInstance, `seed ${seed}: ${String(r.errorInstance)}`).toBeInstanceOf(Mismatch);
      }
    });
  }

  it('the same properties hold for the reference itself', async () => {
    for (const id of new Set(FAST_MUTANTS.map((m) => m.killedBy![0]!))) {
      const property = fastCatalog.find((p) => p.id === id)!;
      const subject = createReferenceFastDecoder();
      const r = await fc.check(
        fc.asyncProperty(property.arbitrary(subject.capabilities), async (input) => {
          await property.check(subject, createReferenceFastDecoder(), input);
        }),
        { numRuns: 100, seed: 1 },
      );
      expect(r.failed, String(r.errorInstance)).toBe(false);
    }
  });
});

describe('patchDecoder', () => {
  it('fails loudly when the reference decoder no longer has the step a mutant replaces', async () => {
    const { patchDecoder } = await import('./fast-mutant-support.ts');
    const { FastDecoder } = await import('../../reference/fast/decoder.ts');
    const { parseTemplates } = await import('../../reference/fast/template-parser.ts');
    const d = new FastDecoder(parseTemplates('<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="t" id="1"><uInt32 name="x"/></template></templates>'));
    expect(() => patchDecoder(d, 'noSuchStep' as 'plain', (_s, o, t, n) => o(t, n))).toThrow(/no step 'noSuchStep'/);
  });
});
