import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FigureAccumulator, mergeFigures, type FigureSpecs } from './figures.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 15);
const SPECS: FigureSpecs = { spread: { title: 'spread', unit: 'ns' }, within: { title: 'within', unit: 'messages', share: true } };

/** Nearest rank on a sorted copy: the definition, for comparison. */
const rank = (xs: readonly number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(1, Math.ceil((p * xs.length) / 100)) - 1]!;

describe('measured figures: exact aggregation (figures.ts)', () => {
  it('count, sum, min, max, nearest-rank p50/p90/p99 and the histogram are exact', () => {
    const acc = new FigureAccumulator(SPECS);
    acc.record(() => ({ spread: [5, 1, 5], within: [1, 0] }));
    acc.record(() => ({ spread: 9, within: 1 }));
    acc.record(() => ({ spread: [] }));
    const f = acc.result()!;
    expect(f.cases).toBe(3);
    expect(f.values.spread).toEqual({ title: 'spread', unit: 'ns', count: 4, sum: 20, min: 1, max: 9, p50: 5, p90: 9, p99: 9, histogram: [[1, 1], [5, 2], [9, 1]] });
    expect(f.values.within).toMatchObject({ share: true, count: 3, sum: 2 });
  });

  it('keeps integers beyond 2^53 exact (decimal strings) and bigints', () => {
    const acc = new FigureAccumulator(SPECS);
    acc.record(() => ({ spread: [2n ** 60n, 1n] }));
    acc.record(() => ({ spread: Number.MAX_SAFE_INTEGER }));
    const s = acc.result()!.values.spread!;
    expect(s.max).toBe((2n ** 60n).toString());
    expect(s.sum).toBe((2n ** 60n + 1n + BigInt(Number.MAX_SAFE_INTEGER)).toString());
    expect(s.min).toBe(1);
  });

  it('a measure that throws, returns a fraction or an undeclared figure is counted as an error; the case is not half-measured', () => {
    const acc = new FigureAccumulator(SPECS);
    acc.record(() => ({ spread: 3 }));
    acc.record(() => ({ spread: 4, other: 1 }));
    acc.record(() => ({ spread: 1.5 }));
    acc.record(() => ({ within: 2 }));
    acc.record(() => {
      throw new Error('boom');
    });
    const f = acc.result()!;
    expect(f.cases).toBe(1);
    expect(f.errors).toBe(4);
    expect(f.error).toContain("figure 'other' is not declared");
    expect(f.values.spread!.count).toBe(1);
    expect(new FigureAccumulator(SPECS).result()).toBeUndefined();
  });

  it('any split of the cases, merged, equals the whole (and percentiles are nearest rank)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 5 }), { minLength: 1, maxLength: 40 }), fc.array(fc.nat(4), { maxLength: 40 }), (cases, cut) => {
        const whole = new FigureAccumulator(SPECS);
        const parts = [0, 1, 2, 3, 4].map(() => new FigureAccumulator(SPECS));
        cases.forEach((c, i) => {
          whole.record(() => ({ spread: c }));
          parts[cut[i] ?? 0]!.record(() => ({ spread: c }));
        });
        const w = whole.result();
        expect(mergeFigures(parts.map((p) => p.result()))).toEqual(w);
        const all = cases.flat();
        if (all.length > 0) for (const p of [50, 90, 99] as const) expect(w!.values.spread![`p${p}`]).toBe(rank(all, p));
      }),
      { seed: SEED },
    );
  });
});
