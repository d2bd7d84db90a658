import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SimulationInputError } from './errors.ts';
import { LATENCY_DEFAULTS, LatencyModel, roundNonNegative, type LatencyModelSpec } from './latency.ts';
import { Rng } from './rng.ts';

const model = (spec?: LatencyModelSpec, spikes = [] as ConstructorParameters<typeof LatencyModel>[3], stragglers = [] as ConstructorParameters<typeof LatencyModel>[4]) =>
  new LatencyModel(spec, new Rng(1).fork(2), new Rng(1).fork(3), spikes, stragglers);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe('LatencyModel', () => {
  it('defaults: lognormal hop of 30 µs base + jitter (median 2 µs), 2.7 µs serialization, no loss', () => {
    const m = model();
    expect(m.serializationNs).toBe(2_700);
    expect(m.lossRate).toBe(0);
    expect(m.reportDelayNs).toBe(30_000);
    const d = sorted(Array.from({ length: 40_001 }, () => m.linkDelay(0, 1, 0)));
    expect(d.every((x) => Number.isInteger(x) && x >= 30_000)).toBe(true);
    // Median of base + lognormal(median 2000) is base + 2000; σ = 1: the 84th percentile is e^1 × median.
    expect(Math.abs(d[20_000]! - 32_000)).toBeLessThan(60);
    expect(Math.abs((d[Math.round(0.8413 * 40_000)]! - 30_000) / 2000 - Math.E)).toBeLessThan(0.1);
  });

  it('lognormal parameters are honoured (base, median, σ = 0 is a constant)', () => {
    const m = model({ kind: 'lognormal', baseNs: 1000, jitterMedianNs: 500, jitterSigma: 0 });
    for (let i = 0; i < 100; i++) expect(m.linkDelay(0, 1, 0)).toBe(1500);
    const w = model({ kind: 'lognormal', baseNs: 0, jitterMedianNs: 1000, jitterSigma: 2 });
    const d = sorted(Array.from({ length: 20_001 }, () => w.linkDelay(0, 1, 0)));
    expect(Math.abs(d[10_000]! - 1000)).toBeLessThan(60);
    // σ = 2: the 97.7th percentile sits at e^(2·2) × median.
    expect(Math.abs(Math.log(d[Math.round(0.97725 * 20_000)]! / 1000) - 4)).toBeLessThan(0.15);
  });

  it('constant: every hop the same, no serialization unless asked', () => {
    const m = model({ kind: 'constant', delayNs: 777 });
    expect(m.serializationNs).toBe(0);
    expect(m.reportDelayNs).toBe(777);
    expect([m.linkDelay(0, 1, 0), m.linkDelay(3, 4, 99)]).toEqual([777, 777]);
    expect(model({ kind: 'constant', delayNs: 1, serializationNs: 50, reportDelayNs: 9 }).serializationNs).toBe(50);
  });

  it('scripted: the k-th traversal takes delaysNs[k mod length]', () => {
    const m = model({ kind: 'scripted', delaysNs: [5, 7, 11] });
    expect(Array.from({ length: 7 }, () => m.linkDelay(0, 1, 0))).toEqual([5, 7, 11, 5, 7, 11, 5]);
    expect(m.traversals).toBe(7);
    expect(m.reportDelayNs).toBe(0);
  });

  it('a spike slows exactly its link, exactly inside its window', () => {
    const m = model({ kind: 'constant', delayNs: 100 }, [{ from: 1, to: 2, startNs: 1000, endNs: 2000, extraNs: 5000 }]);
    expect(m.linkDelay(1, 2, 999)).toBe(100);
    expect(m.linkDelay(1, 2, 1000)).toBe(5100);
    expect(m.linkDelay(1, 2, 1999)).toBe(5100);
    expect(m.linkDelay(1, 2, 2000)).toBe(100);
    expect(m.linkDelay(2, 1, 1500)).toBe(100);
    expect(m.linkDelay(1, 3, 1500)).toBe(100);
  });

  it('a straggler delays what it sends inside its window only', () => {
    const m = model({ kind: 'constant', delayNs: 100 }, [], [{ node: 4, extraNs: 900, startNs: 10, endNs: 20 }]);
    expect([m.stragglerDelay(4, 9), m.stragglerDelay(4, 10), m.stragglerDelay(4, 19), m.stragglerDelay(4, 20), m.stragglerDelay(5, 15)]).toEqual([0, 900, 900, 0, 0]);
  });

  it('loss drops about lossRate of the copies (−1), deterministically per seed', () => {
    const run = () => {
      const m = model({ kind: 'constant', delayNs: 1, lossRate: 0.1 });
      return Array.from({ length: 20_000 }, () => m.linkDelay(0, 1, 0));
    };
    const a = run();
    const lost = a.filter((x) => x === -1).length;
    expect(lost).toBeGreaterThan(1800);
    expect(lost).toBeLessThan(2200);
    expect(run()).toEqual(a);
    expect(model({ kind: 'constant', delayNs: 1, lossRate: 1 }).linkDelay(0, 1, 0)).toBe(-1);
  });

  it('rejects bad parameters with a typed error', () => {
    const bad: unknown[] = [
      { kind: 'constant', delayNs: -1 },
      { kind: 'constant', delayNs: 1.5 },
      { kind: 'scripted', delaysNs: [] },
      { kind: 'scripted', delaysNs: [1, Number.NaN] },
      { kind: 'lognormal', jitterSigma: 99 },
      { kind: 'lognormal', lossRate: 2 },
      { kind: 'nope' },
    ];
    for (const b of bad) expect(() => model(b as LatencyModelSpec), JSON.stringify(b)).toThrow(SimulationInputError);
    expect(() => model(undefined, [{ from: 0, to: 1, startNs: 5, endNs: 1, extraNs: 1 }])).toThrow(SimulationInputError);
    expect(LATENCY_DEFAULTS.baseNs).toBe(30_000);
  });
});

describe('roundNonNegative', () => {
  const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
  it('is Math.round on every non-negative double, ties and the ulp below ½ included', () => {
    for (const v of [0, 0.5, 1.5, 2.5, 0.49999999999999994, 2 ** 52 - 0.5, 2 ** 52 + 1, 2 ** 53, 5e-324, 1e300, Number.MAX_VALUE]) {
      expect(roundNonNegative(v), String(v)).toBe(Math.round(v));
    }
    fc.assert(
      fc.property(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), (v) => roundNonNegative(v) === Math.round(v)),
      { seed: SEED, numRuns: 20_000 },
    );
  });
});

