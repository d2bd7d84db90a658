import { describe, expect, it } from 'vitest';
import { Rng, hash32, normalQuantile } from './rng.ts';
import { SimulationInputError } from './errors.ts';

const draw = (r: Rng, n: number) => Array.from({ length: n }, () => r.nextU32());

describe('Rng', () => {
  it('draws the fixed xoshiro128** stream of a seed (runs replay bit for bit across versions)', () => {
    expect(draw(new Rng(1), 4)).toEqual([2836671433, 3409849826, 1886338041, 3511245686]);
    expect(draw(new Rng(2 ** 40 + 7).fork(3), 3)).toEqual([457624393, 2907364274, 4127537926]);
  });

  it('is deterministic per seed and differs between seeds (including seeds past 2^32)', () => {
    expect(draw(new Rng(7), 50)).toEqual(draw(new Rng(7), 50));
    expect(draw(new Rng(7), 50)).not.toEqual(draw(new Rng(8), 50));
    expect(draw(new Rng(2 ** 40 + 7), 50)).not.toEqual(draw(new Rng(7), 50));
    expect(draw(new Rng(0), 10).some((x) => x !== 0)).toBe(true);
  });

  it('forks independent, reproducible streams', () => {
    const a = new Rng(42);
    expect(draw(a.fork(1), 20)).toEqual(draw(new Rng(42).fork(1), 20));
    expect(draw(a.fork(1), 20)).not.toEqual(draw(a.fork(2), 20));
    // Forking does not consume the parent's stream.
    const b = new Rng(42);
    b.fork(3);
    expect(draw(b, 5)).toEqual(draw(new Rng(42), 5));
  });

  it('int stays in range and hits every value; float is in [0, 1)', () => {
    const r = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = r.int(7);
      expect(x >= 0 && x < 7 && Number.isInteger(x)).toBe(true);
      seen.add(x);
      const f = r.float();
      expect(f >= 0 && f < 1).toBe(true);
      const y = r.intBetween(-3, 3);
      expect(y >= -3 && y <= 3).toBe(true);
    }
    expect(seen.size).toBe(7);
  });

  it('normal draws have mean ≈ 0 and variance ≈ 1 (both methods)', () => {
    const r = new Rng(3);
    for (const f of [() => r.normal(), () => r.fastNormal()]) {
      let s = 0;
      let s2 = 0;
      const n = 200_000;
      for (let i = 0; i < n; i++) {
        const z = f();
        s += z;
        s2 += z * z;
      }
      expect(Math.abs(s / n)).toBeLessThan(0.02);
      expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
    }
  });

  it('normalQuantile matches known quantiles', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 7);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424309, 6);
  });

  it('hash32 is a function of its inputs', () => {
    expect(hash32(1, 2)).toBe(hash32(1, 2));
    expect(hash32(1, 2)).not.toBe(hash32(2, 1));
  });

  it('rejects a bad seed with a typed error', () => {
    expect(() => new Rng(-1)).toThrow(SimulationInputError);
    expect(() => new Rng(1.5)).toThrow(SimulationInputError);
  });
});
