import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MonteCarloInputError, MonteCarloRun, hedgingDistribution, monteCarloHedging, monteCarloTable } from './montecarlo.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const N = 100_000;

/** Closed forms at D = 1: the minimum of H+1 uniforms. */
function depthOne(hedge: number): { mean: number; std: number } {
  const n = hedge + 1;
  const mean = 1 / (n + 1);
  const second = 2 / ((n + 1) * (n + 2));
  return { mean, std: Math.sqrt(second - mean * mean) };
}

/**
 * A Monte Carlo estimate agrees with the exact value within 5 standard errors (mean: σ/√N;
 * sample std: about σ/√(2N) for these light-tailed distributions, allowed 6 of them).
 */
function expectAgrees(got: { mean: number; std: number }, exact: { mean: number; std: number }, n: number, where: string): void {
  const seMean = exact.std / Math.sqrt(n);
  const seStd = exact.std / Math.sqrt(2 * n);
  expect(Math.abs(got.mean - exact.mean), `${where}: mean ${got.mean} vs ${exact.mean} (seed ${SEED})`).toBeLessThanOrEqual(5 * seMean + 1e-12);
  expect(Math.abs(got.std - exact.std), `${where}: std ${got.std} vs ${exact.std} (seed ${SEED})`).toBeLessThanOrEqual(6 * seStd + 1e-12);
}

describe('hedgingDistribution (numeric CDF recursion)', () => {
  it('matches the closed forms: D = 1 is the min of H+1 uniforms, H = 0 is a sum of D uniforms', () => {
    for (let h = 0; h <= 4; h++) {
      const e = depthOne(h);
      const got = hedgingDistribution(1, h);
      expect(got.mean).toBeCloseTo(e.mean, 6);
      expect(got.std).toBeCloseTo(e.std, 6);
    }
    for (let d = 1; d <= 5; d++) {
      const got = hedgingDistribution(d, 0);
      expect(got.mean).toBeCloseTo(d / 2, 6);
      expect(got.std).toBeCloseTo(Math.sqrt(d / 12), 6);
    }
    expect(hedgingDistribution(0, 3)).toMatchObject({ mean: 0, std: 0 });
  });

  it('has converged on its grid (halving the step moves the moments by < 1e-6)', () => {
    for (const [d, h] of [[3, 1], [5, 4]] as const) {
      const a = hedgingDistribution(d, h, 1000);
      const b = hedgingDistribution(d, h, 2000);
      expect(Math.abs(a.mean - b.mean)).toBeLessThan(1e-6);
      expect(Math.abs(a.std - b.std)).toBeLessThan(1e-6);
    }
  });

  it('shows the paper\'s finding: hedging lowers mean and spread, with diminishing returns', () => {
    for (let d = 2; d <= 5; d++) {
      const row = [0, 1, 2, 3, 4].map((h) => hedgingDistribution(d, h, 500));
      for (let h = 1; h < row.length; h++) {
        expect(row[h]!.mean).toBeLessThan(row[h - 1]!.mean);
        expect(row[h]!.std).toBeLessThan(row[h - 1]!.std);
        if (h >= 2) expect(row[h - 1]!.mean - row[h]!.mean).toBeLessThan(row[h - 2]!.mean - row[h - 1]!.mean);
      }
    }
  });
});

describe('monteCarloHedging (Appendix C)', () => {
  it('D = 1, H = 0: mean 1/2, std 1/√12; D = 1, any H: mean 1/(H+2)', () => {
    expectAgrees(monteCarloHedging({ depth: 1, hedge: 0, iterations: N, seed: SEED }), { mean: 0.5, std: 1 / Math.sqrt(12) }, N, 'D=1 H=0');
    for (let h = 1; h <= 4; h++) expectAgrees(monteCarloHedging({ depth: 1, hedge: h, iterations: N, seed: SEED }), depthOne(h), N, `D=1 H=${h}`);
  });

  it('agrees with the numeric recursion on all 25 (D, H) pairs at 100k iterations', () => {
    const table = monteCarloTable({ depths: [1, 2, 3, 4, 5], hedges: [0, 1, 2, 3, 4], iterations: N, seed: SEED });
    expect(table).toHaveLength(25);
    for (const r of table) expectAgrees(r, hedgingDistribution(r.depth, r.hedge, 1000), N, `D=${r.depth} H=${r.hedge}`);
  });

  it('is deterministic given the seed, a table cell equals the single run, and samples agree with the summary', () => {
    const a = monteCarloHedging({ depth: 3, hedge: 2, iterations: 5000, seed: 7, keepSamples: true });
    const b = monteCarloHedging({ depth: 3, hedge: 2, iterations: 5000, seed: 7 });
    const c = monteCarloHedging({ depth: 3, hedge: 2, iterations: 5000, seed: 8 });
    expect(b).toEqual({ depth: 3, hedge: 2, iterations: 5000, mean: a.mean, std: a.std });
    expect(c.mean).not.toBe(a.mean);
    expect(monteCarloTable({ depths: [3], hedges: [2], iterations: 5000, seed: 7 })[0]!.mean).toBe(a.mean);
    const s = a.samples!;
    expect(s).toHaveLength(5000);
    expect(s.reduce((x, y) => x + y, 0) / s.length).toBeCloseTo(a.mean, 10);
  });

  it('gives the same result however the run is sliced', () => {
    const whole = monteCarloHedging({ depth: 4, hedge: 3, iterations: 3001, seed: 11 });
    const run = new MonteCarloRun({ depth: 4, hedge: 3, iterations: 3001, seed: 11 });
    expect(() => run.result()).toThrow(/not finished/);
    let slices = 0;
    while (!run.advance(250)) slices++;
    expect(slices).toBe(12);
    expect(run.result()).toEqual(whole);
  });

  it('every sample is a latency the model allows: in [0, D), 0 only at D = 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), fc.integer(), (depth, hedge, seed) => {
        const r = monteCarloHedging({ depth, hedge, iterations: 200, seed, keepSamples: true });
        for (const t of r.samples!) {
          if (!(t >= 0 && t < Math.max(depth, 1e-300))) throw new Error(`sample ${t} outside [0, ${depth})`);
          if (depth > 0 && t === 0) throw new Error('a zero latency at depth > 0');
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('rejects bad parameters with a typed error', () => {
    const ok = { depth: 2, hedge: 1, iterations: 10, seed: 1 };
    for (const bad of [{ depth: -1 }, { depth: 1.5 }, { depth: 13 }, { hedge: 17 }, { hedge: Number.NaN }, { iterations: 1 }, { iterations: 1e9 }, { seed: 0.5 }]) {
      expect(() => monteCarloHedging({ ...ok, ...bad })).toThrow(MonteCarloInputError);
    }
    expect(() => hedgingDistribution(2, -1)).toThrow(MonteCarloInputError);
  });
});
