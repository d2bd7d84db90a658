import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceMatchingAdapter } from '../../adapters/reference/matching.ts';
import { buildFlow } from '../loq/build-flow.ts';
import { loqFlowArb, OFFSET_BELOW_WINDOW } from './loq-flow.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 616161);

describe(`loq flow arbitrary (seed ${SEED})`, () => {
  it('builds rational flows: each order within its epoch and priced inside Appendix I\u2019s assumption', async () => {
    await fc.assert(
      fc.asyncProperty(loqFlowArb(), async (spec) => {
        const flow = await buildFlow(spec, referenceMatchingAdapter());
        expect(spec.skew.every((s) => s === 0)).toBe(true);
        expect(flow.orders.length).toBe(spec.orders.length);
        for (let k = 0; k < flow.orders.length; k++) {
          const o = flow.orders[k]!;
          if (k > 0) expect(o.timestamp).toBeGreaterThanOrEqual(flow.orders[k - 1]!.timestamp);
          expect(o.timestamp).toBeLessThan(flow.end);
          let e = 0;
          while (e + 1 < flow.starts.length && flow.starts[e + 1]! <= o.timestamp) e++;
          const mid = flow.mids[e]!;
          // Rational: no bid above M + A, no ask below M - A; at most OFFSET_BELOW_WINDOW past the window.
          if (o.side === 'bid') {
            expect(o.price).toBeLessThanOrEqual(mid + spec.window);
            expect(o.price).toBeGreaterThanOrEqual(mid - spec.window - OFFSET_BELOW_WINDOW);
          } else {
            expect(o.price).toBeGreaterThanOrEqual(mid - spec.window);
            expect(o.price).toBeLessThanOrEqual(mid + spec.window + OFFSET_BELOW_WINDOW);
          }
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('makes LOQs reorder: backlogs (zero capacity) and non-critical orders are common', () => {
    let backlog = 0;
    let nonCritical = 0;
    const samples = fc.sample(loqFlowArb(), { seed: SEED, numRuns: 200 });
    for (const s of samples) {
      if (s.capacity.some((c) => c.includes(0))) backlog++;
      if (s.orders.some((o) => o.offset < -s.window)) nonCritical++;
    }
    expect(backlog).toBeGreaterThan(100);
    expect(nonCritical).toBeGreaterThan(100);
  });

  it('is deterministic for a seed', () => {
    expect(fc.sample(loqFlowArb(), { seed: SEED, numRuns: 10 })).toEqual(fc.sample(loqFlowArb(), { seed: SEED, numRuns: 10 }));
  });
});
