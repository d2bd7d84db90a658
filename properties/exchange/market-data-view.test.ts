import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exchangeMdDropsLevelDelete } from '../../adapters/mutants/exchange-md-drops-level-delete.ts';
import { referenceInboundAdapter } from '../../adapters/reference/inbound.ts';
import { Mismatch } from '../mismatch.ts';
import { runMdScenario } from './market-data-run.ts';
import type { MdScenario } from './market-data-scenario.ts';
import { marketDataViewProperty } from './market-data-view.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const note = `(seed ${SEED}; rerun: FAIRWIRE_SEED=${SEED} npx vitest run properties/exchange/market-data-view.test.ts)`;

/** Runs the property with fast-check against one subject; returns the failure, if any. */
async function failureOf(subject: Parameters<typeof marketDataViewProperty.check>[0], runs: number): Promise<unknown> {
  const oracle = referenceInboundAdapter();
  const out = await fc.check(
    fc.asyncProperty(marketDataViewProperty.arbitrary(subject.capabilities), async (s) => {
      await marketDataViewProperty.check(subject, oracle, s);
    }),
    { seed: SEED, numRuns: runs },
  );
  return out.failed ? (out.errorInstance ?? 'failed') : undefined;
}

describe('exchange.market-data.view', () => {
  it(`holds for the reference path ${note}`, async () => {
    expect(await failureOf(referenceInboundAdapter(), 60)).toBeUndefined();
  });

  it(`kills ${exchangeMdDropsLevelDelete.name} with a view-differs mismatch and an explanation ${note}`, async () => {
    const err = await failureOf(await exchangeMdDropsLevelDelete.create(), 100);
    expect(err).toBeInstanceOf(Mismatch);
    expect((err as Mismatch).kind).toBe('view-differs');
    expect((err as Mismatch).message).toMatch(/the engine has no level, the view \d+ lots/);
  });

  it('checks views out of order too: without hold-and-release a later packet can come first, and views still match', async () => {
    // Publication 0's copies are slow, publication 1's fast: every participant gets 1 before 0.
    const s: MdScenario = {
      seed: 3,
      participants: 2,
      orders: [
        { atNs: 0, side: 'buy', offset: 0, quantity: 2, ioc: false },
        { atNs: 200_000, side: 'sell', offset: 0, quantity: 2, ioc: false },
      ],
      mdIntervalNs: 200_000,
      delaysNs: [900_000, 900_000, 0, 0],
      headroomNs: null,
      epsilonNs: 0,
    };
    const run = await runMdScenario(s);
    const outOfOrder = run.released.some((r) => r.some((m, i) => i > 0 && m < r[i - 1]!));
    expect(outOfOrder).toBe(true);
    const last = run.checkpoints.filter((c) => c.participant === 0).at(-1)!;
    expect(last.upTo).toBe(run.publications - 1);
    expect(last.view).toEqual({ bids: [], asks: [] }); // the bid was filled: both levels deleted
    await marketDataViewProperty.check(referenceInboundAdapter(), referenceInboundAdapter(), s);
  });
});
