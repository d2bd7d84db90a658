import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { FpgaAdapter } from '../../adapters/fpga.ts';
import { fpgaInterpreterAdapter } from '../../adapters/reference/fpga.ts';
import type { Mutant } from '../../adapters/mutants/registry.ts';
import { fpgaAsmEchoesInput } from '../../adapters/mutants/fpga-asm-echoes-input.ts';
import { fpgaRingStaleIdsAfterWrap } from '../../adapters/mutants/fpga-ring-stale-ids-after-wrap.ts';
import { Mismatch } from '../mismatch.ts';
import type { Property } from '../property.ts';
import { assemblerRoundtrip, ringDelivery } from './catalog.ts';
import { legacyAssemblerRoundtrip, legacyRingDelivery } from './testing/legacy-self-checks.ts';

/**
 * Issue 10, point 7: each blind spot of the fpga checks that took facts from the subject's own
 * account, as a mutant the old check (testing/legacy-self-checks.ts) passes and the fixed
 * property (judged from the input and the reference) kills, with the finding's kind and path.
 */
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const note = `(seed ${SEED}; rerun with FAIRWIRE_SEED=${SEED})`;
const seeds = [SEED, SEED + 1, SEED + 2];

const cases: readonly {
  mutant: Mutant<FpgaAdapter>;
  legacy: (subject: FpgaAdapter, input: any) => void | Promise<void>;
  fixed: Property<FpgaAdapter, any>;
  kind: string;
  path: string;
}[] = [
  { mutant: fpgaAsmEchoesInput, legacy: legacyAssemblerRoundtrip, fixed: assemblerRoundtrip, kind: 'listing-not-canonical', path: 'assemble(reference listing)' },
  { mutant: fpgaRingStaleIdsAfterWrap, legacy: legacyRingDelivery, fixed: ringDelivery, kind: 'record-torn-or-stale', path: 'records[].ids' },
];

describe('fpga properties judged from the reference close the blind spots of self-checks', () => {
  for (const { mutant, legacy, fixed, kind, path } of cases) {
    it(`the old ${fixed.id} passes ${mutant.name}`, async () => {
      const subject = await mutant.create();
      const r = await fc.check(
        fc.asyncProperty(fixed.arbitrary(subject.capabilities), async (input) => { await legacy(subject, input); }),
        { seed: SEED, numRuns: 300 },
      );
      expect(r.failed, `${note} ${String(r.errorInstance)}`).toBe(false);
    });

    it(`${fixed.id} kills ${mutant.name} with ${kind} at ${path}`, async () => {
      const subject = await mutant.create();
      const oracle = fpgaInterpreterAdapter();
      for (const seed of seeds) {
        const r = await fc.check(
          fc.asyncProperty(fixed.arbitrary(subject.capabilities), async (input) => { await fixed.check(subject, oracle, input); }),
          { seed, numRuns: 100 },
        );
        expect(r.failed, `seed ${seed} ${note}`).toBe(true);
        expect(r.errorInstance, `seed ${seed} ${note}`).toBeInstanceOf(Mismatch);
        const m = r.errorInstance as Mismatch;
        expect(m.signature(), `seed ${seed} ${note}: ${m.message}`).toBe(`${kind} at ${path}`);
      }
    });
  }
});
