import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { MatchingAdapter } from '../../adapters/matching.ts';
import { referenceMatchingAdapter } from '../../adapters/reference/matching.ts';
import type { Mutant } from '../../adapters/mutants/registry.ts';
import { modifyLosesAccountMutant } from '../../adapters/mutants/matching-modify-loses-account.ts';
import { iocRemainderHiddenMutant } from '../../adapters/mutants/matching-ioc-remainder-hidden.ts';
import { modifyRequeueMisreportedMutant } from '../../adapters/mutants/matching-modify-requeue-misreported.ts';
import { repriceIgnoredMutant } from '../../adapters/mutants/matching-reprice-ignored.ts';
import { matchingFlow, type MatchingFlow } from '../arbitraries/matching-flow.ts';
import { Mismatch } from '../mismatch.ts';
import type { Property } from '../property.ts';
import { iocNeverRests, makerPrice, modifyPriority, noSelfTrade } from './catalog.ts';
import { legacyIocNeverRests, legacyMakerPrice, legacyModifyPriority, legacyNoSelfTrade } from './testing/legacy-book-checks.ts';

/**
 * Issue 10, point 7: each blind spot of the checks that read the subject's own book, as a mutant
 * the old check (testing/legacy-book-checks.ts) passes and the history checker kills, with the
 * anomaly's kind.
 */
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const note = `(seed ${SEED}; rerun with FAIRWIRE_SEED=${SEED})`;
const seeds = [SEED, SEED + 1, SEED + 2];

const cases: readonly {
  mutant: Mutant<MatchingAdapter>;
  legacy: (subject: MatchingAdapter, flow: MatchingFlow) => Promise<void>;
  fixed: Property<MatchingAdapter, MatchingFlow>;
  /** The kinds its finding may have (the first anomaly in the shrunk flow). */
  kinds: readonly string[];
}[] = [
  { mutant: modifyLosesAccountMutant, legacy: legacyNoSelfTrade, fixed: noSelfTrade, kinds: ['self-trade'] },
  { mutant: iocRemainderHiddenMutant, legacy: legacyIocNeverRests, fixed: iocNeverRests, kinds: ['ioc-rests'] },
  { mutant: modifyRequeueMisreportedMutant, legacy: legacyModifyPriority, fixed: modifyPriority, kinds: ['queue-jump'] },
  { mutant: repriceIgnoredMutant, legacy: legacyMakerPrice, fixed: makerPrice, kinds: ['trade-price', 'maker-not-resting'] },
];

describe('history checkers close the blind spots of book-reading checks', () => {
  for (const { mutant, legacy, fixed, kinds } of cases) {
    it(`the old ${fixed.id} passes ${mutant.name}`, async () => {
      const subject = await mutant.create();
      const r = await fc.check(
        fc.asyncProperty(matchingFlow(subject.capabilities), (flow) => legacy(subject, flow)),
        { seed: SEED, numRuns: 300 },
      );
      expect(r.failed, `${note} ${String(r.counterexample?.[0] && JSON.stringify(r.counterexample[0]))}`).toBe(false);
    });

    it(`${fixed.id} kills ${mutant.name} with kind ${kinds.join(' or ')}`, async () => {
      const subject = await mutant.create();
      const oracle = referenceMatchingAdapter();
      for (const seed of seeds) {
        const r = await fc.check(
          fc.asyncProperty(fixed.arbitrary(subject.capabilities), async (flow) => { await fixed.check(subject, oracle, flow); }),
          { seed, numRuns: 100 },
        );
        expect(r.failed, `seed ${seed} ${note}`).toBe(true);
        expect(r.errorInstance, `seed ${seed} ${note}`).toBeInstanceOf(Mismatch);
        expect(kinds, `seed ${seed} ${note}: ${(r.errorInstance as Error).message}`).toContain((r.errorInstance as Mismatch).kind);
      }
    });
  }
});
