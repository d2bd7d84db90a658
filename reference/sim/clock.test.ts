import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NodeClock, createClocks } from './clock.ts';
import { SimulationInputError } from './errors.ts';
import { Rng } from './rng.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);

describe('NodeClock', () => {
  it('stays within ε of true time, never runs backwards, and trueAt is the earliest instant reading ≥ L', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 2 ** 45 }),
        (eps, frac, drift, t0) => {
          const offset = Math.round(frac * eps);
          const c = new NodeClock(eps, offset, frac < 0 ? -drift : drift);
          let prev = -Infinity;
          for (let k = 0; k < 50; k++) {
            const t = t0 + k * 997_331;
            const l = c.local(t);
            expect(Number.isInteger(l)).toBe(true);
            expect(Math.abs(l - t)).toBeLessThanOrEqual(eps);
            expect(l).toBeGreaterThanOrEqual(prev);
            prev = l;
            const back = c.trueAt(l + 3);
            expect(c.local(back)).toBeGreaterThanOrEqual(l + 3);
            expect(c.local(back - 1)).toBeLessThan(l + 3);
            // Reaching local L happens within ε of true L: what hold-and-release's 2ε rests on.
            expect(Math.abs(back - (l + 3))).toBeLessThanOrEqual(eps);
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('trueAt is exact and quick at the largest ε and drift', () => {
    const c = new NodeClock(1_000_000_000, 123_456_789, 10_000_000);
    for (const l of [5e9, 7.77e12, 1e14]) {
      const t = c.trueAt(l);
      expect(c.local(t)).toBeGreaterThanOrEqual(l);
      expect(c.local(t - 1)).toBeLessThan(l);
    }
  });

  it('without drift, local time is true time plus a constant integer offset', () => {
    const c = new NodeClock(100, -37, 0);
    expect(c.local(1000)).toBe(963);
    expect(c.trueAt(963)).toBe(1000);
    expect(c.errorAt(5)).toBe(-37);
  });

  it('with drift, the error moves at the drift rate and turns at ±ε', () => {
    const c = new NodeClock(1000, 0, 1_000_000); // 1 ms per s = 1 ns per µs
    expect(c.errorAt(0)).toBeCloseTo(0, 9);
    expect(c.errorAt(500_000)).toBeCloseTo(500, 6);
    expect(c.errorAt(1_000_000)).toBeCloseTo(1000, 6);
    expect(c.errorAt(1_500_000)).toBeCloseTo(500, 6); // reflected
    expect(c.errorAt(3_000_000)).toBeCloseTo(-1000, 6);
  });

  it('createClocks draws offsets across [−ε, ε], deterministic per seed, and checks its input', () => {
    const a = createClocks(200, { epsilonNs: 50 }, new Rng(1)).map((c) => c.offsetNs);
    expect(a).toEqual(createClocks(200, { epsilonNs: 50 }, new Rng(1)).map((c) => c.offsetNs));
    expect(Math.min(...a)).toBeLessThan(-30);
    expect(Math.max(...a)).toBeGreaterThan(30);
    expect(a.every((o) => Math.abs(o) <= 50 && Number.isInteger(o))).toBe(true);
    const drifting = createClocks(50, { epsilonNs: 50, driftPpb: 1000 }, new Rng(1));
    expect(drifting.every((c) => Math.abs(c.driftPpb) <= 1000)).toBe(true);
    expect(createClocks(3, undefined, new Rng(1)).every((c) => c.local(123) === 123)).toBe(true);
    expect(() => createClocks(1, { epsilonNs: -1 }, new Rng(1))).toThrow(SimulationInputError);
    expect(() => createClocks(1, { epsilonNs: 1, driftPpb: 1e9 }, new Rng(1))).toThrow(SimulationInputError);
  });
});
