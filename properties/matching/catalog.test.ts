import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ALL_MATCHING_CAPABILITIES, matchingCapabilitiesOf, type MatchingAdapter } from '../../adapters/matching.ts';
import { engineAdapter, referenceMatchingAdapter } from '../../adapters/reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import { matchingFlow } from '../arbitraries/matching-flow.ts';
import { matchingMutants } from '../../adapters/mutants/matching-all.ts';
import type { Property } from '../property.ts';
import { matchingCatalog } from './catalog.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 7);

/** Runs one property with fast-check directly: does it find a counterexample? */
async function fails(p: Property<MatchingAdapter, unknown>, subject: MatchingAdapter, seed: number, numRuns: number): Promise<boolean> {
  const oracle = referenceMatchingAdapter();
  const r = await fc.check(
    fc.asyncProperty(p.arbitrary(subject.capabilities), async (input) => { await p.check(subject, oracle, input); }),
    { seed, numRuns, endOnFailure: true },
  );
  return r.failed;
}

describe('matching catalog', () => {
  it('has unique, well-formed ids', () => {
    const ids = matchingCatalog.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^matching\.[a-z-]+\.[a-z-]+$/);
  });

  for (const p of matchingCatalog) {
    it(`the reference passes ${p.id}`, async () => {
      expect(await fails(p, referenceMatchingAdapter(), SEED, 100), `seed ${SEED} (rerun with FAIRWIRE_SEED=${SEED})`).toBe(false);
    });
  }

  it('generates only inside declared capabilities (limit GTC, cancel, one symbol)', async () => {
    const caps = matchingCapabilitiesOf({});
    for (const flow of fc.sample(matchingFlow(caps), { numRuns: 200, seed: 11 })) {
      for (const c of flow.commands as Record<string, unknown>[]) {
        expect(c.type === 'modify' || c.orderType === 'market' || c.postOnly === true || c.symbol === flow.config.symbols[1]!.symbol).toBe(false);
        if (c.type === 'new') expect([c.tif ?? 'gtc', c.stp ?? 'none']).toEqual(['gtc', 'none']);
      }
    }
    const limited = engineAdapter('limited', (o) => new MatchingEngine(o), caps);
    for (const p of matchingCatalog.filter((x) => x.requires.every((r) => caps[r as keyof typeof caps]))) {
      expect(await fails(p, limited, 9, 30), p.id).toBe(false);
    }
  });

  // An engine that sends every modify to the back (a size decrease too) is right for a vendor
  // that says so: without modifyDecreaseKeepsPriority it passes every property (no false alarm);
  // declaring the flag, it is caught.
  it('judges a decrease by what the subject declares about its priority', async () => {
    class RequeueAlways extends MatchingEngine {
      protected override keepsPriority(): boolean {
        return false;
      }
    }
    const declared = { ...ALL_MATCHING_CAPABILITIES, modifyDecreaseKeepsPriority: false };
    const honest = engineAdapter('requeue-always', (o) => new RequeueAlways(o), declared);
    for (const p of matchingCatalog) expect(await fails(p, honest, SEED, 100), `${p.id} seed ${SEED}`).toBe(false);
    const claims = engineAdapter('requeue-always-claims-kept', (o) => new RequeueAlways(o));
    expect(await fails(matchingCatalog.find((p) => p.id === 'matching.modify.priority')!, claims, SEED, 100), `seed ${SEED}`).toBe(true);
  });

  // Each mutant must die on the first property it names, within half the runner's default runs,
  // for several seeds. The bugs that need a queue, a modify and a later hit on that level
  // (arrival-priority-after-modify, modify-requeue-misreported) show in roughly one flow in ten.
  for (const m of matchingMutants) {
    it(`${m.killedBy?.[0]} kills ${m.name}`, async () => {
      const p = matchingCatalog.find((x) => x.id === m.killedBy?.[0])!;
      expect(p).toBeDefined();
      for (const seed of [1, 2, 3, 4, 5, 20261121]) {
        expect(await fails(p, await m.create(), seed, 50), `seed ${seed}`).toBe(true);
      }
    });
  }
});
