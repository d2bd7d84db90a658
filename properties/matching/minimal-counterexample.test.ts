import { describe, it, expect } from 'vitest';
import type { MatchingAdapter } from '../../adapters/matching.ts';
import { referenceMatchingAdapter } from '../../adapters/reference/matching.ts';
import { matchingMutants } from '../../adapters/mutants/matching-all.ts';
import { isMatchingFlow, type MatchingFlow } from '../arbitraries/matching-flow.ts';
import { runCatalog } from '../runner.ts';
import { matchingCatalog } from './catalog.ts';

/**
 * Issue 12, point 2: a printed matching counterexample holds only the commands its failure
 * needs. For every (property, mutant) pair the kill matrix names (each mutant's `killedBy`;
 * together they cover all 12 matching properties), the runner's shrunk counterexample is taken
 * as printed, and each of its commands is deleted in turn: the check must then pass (failing
 * with another signature is not enough).
 */
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const note = `(seed ${SEED}; rerun with FAIRWIRE_SEED=${SEED})`;

const pairs = matchingMutants.flatMap((m) => (m.killedBy ?? []).map((id) => ({ mutant: m, property: matchingCatalog.find((p) => p.id === id)! })));

describe('shrunk matching counterexamples are minimal', () => {
  it('the pairs cover every matching property', () => {
    expect(new Set(pairs.map((x) => x.property.id))).toEqual(new Set(matchingCatalog.map((p) => p.id)));
  });

  for (const { mutant, property } of pairs) {
    it(`${property.id} on ${mutant.name}: deleting any one command of the counterexample makes it pass`, async () => {
      const subject = await mutant.create();
      const [r] = await runCatalog<MatchingAdapter>({ catalog: [property], subject, oracle: referenceMatchingAdapter(), seed: SEED });
      expect(r!.status, note).toBe('failed');
      const printed = r!.counterexample;
      expect(isMatchingFlow(printed), note).toBe(true);
      const flow = printed as MatchingFlow;
      expect(flow.commands.length, note).toBeGreaterThan(0);
      for (let i = 0; i < flow.commands.length; i++) {
        const without: MatchingFlow = { config: flow.config, commands: flow.commands.filter((_, j) => j !== i) };
        let error: unknown;
        try {
          await property.check(await mutant.create(), referenceMatchingAdapter(), without);
        } catch (e) {
          error = e;
        }
        expect(error, `${note}: without command #${i} of ${JSON.stringify(flow.commands)} it still fails: ${String((error as Error | undefined)?.message)}`).toBeUndefined();
      }
    });
  }
});
