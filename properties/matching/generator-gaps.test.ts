import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { MatchingAdapter } from '../../adapters/matching.ts';
import { referenceMatchingAdapter } from '../../adapters/reference/matching.ts';
import type { Mutant } from '../../adapters/mutants/registry.ts';
import { idsInPlainObjectMutant } from '../../adapters/mutants/matching-ids-in-plain-object.ts';
import { mdQuantity32BitMutant } from '../../adapters/mutants/matching-md-quantity-32-bit.ts';
import { MAX_INTEGER, PROTOTYPE_NAMES, matchingFlow, type MatchingFlow } from '../arbitraries/matching-flow.ts';
import type { Property } from '../property.ts';
import { equivalence, marketDataConsistent } from './catalog.ts';

/**
 * Issue 10, point 8: bugs that only the generator's new cases reach. Each mutant is killed by
 * its property, and on every sampled flow without the new case (a prototype-named id; a
 * quantity of 2^32 or more) the same property passes it: the case is what finds the bug.
 */
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const note = `(seed ${SEED}; rerun with FAIRWIRE_SEED=${SEED})`;

const hasPrototypeId = (f: MatchingFlow) => f.commands.some((c) => (PROTOTYPE_NAMES as readonly unknown[]).includes((c as { id?: unknown }).id));
const hasHugeQuantity = (f: MatchingFlow) => f.commands.some((c) => {
  const q = (c as { quantity?: unknown }).quantity;
  return typeof q === 'string' && /^[0-9]+$/.test(q) && BigInt(q) >= 2n ** 32n && BigInt(q) <= MAX_INTEGER;
});

const cases: readonly { mutant: Mutant<MatchingAdapter>; property: Property<MatchingAdapter, MatchingFlow>; needs: (f: MatchingFlow) => boolean; what: string }[] = [
  { mutant: idsInPlainObjectMutant, property: equivalence, needs: hasPrototypeId, what: 'a prototype-named id' },
  { mutant: mdQuantity32BitMutant, property: marketDataConsistent, needs: hasHugeQuantity, what: 'a quantity >= 2^32' },
];

async function passes(p: Property<MatchingAdapter, MatchingFlow>, subject: MatchingAdapter, flow: MatchingFlow): Promise<boolean> {
  try {
    await p.check(subject, referenceMatchingAdapter(), flow);
    return true;
  } catch {
    return false;
  }
}

describe('generator cases that reach otherwise hidden bugs', () => {
  for (const { mutant, property, needs, what } of cases) {
    it(`${property.id} kills ${mutant.name}, and only on flows with ${what}`, async () => {
      const subject = await mutant.create();
      const flows = fc.sample(matchingFlow(subject.capabilities), { numRuns: 300, seed: SEED });
      let killed = 0;
      for (const flow of flows) {
        const ok = await passes(property, subject, flow);
        if (!ok) killed++;
        if (!needs(flow)) expect(ok, `${note}: killed without ${what}: ${JSON.stringify(flow)}`).toBe(true);
      }
      expect(killed, note).toBeGreaterThan(0);
    });
  }
});
