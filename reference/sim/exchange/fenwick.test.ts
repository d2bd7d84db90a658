import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inversionsPerPosition } from './fenwick.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);

describe('inversionsPerPosition', () => {
  it(`counts, per position, the earlier elements ranked after it: as a brute-force count does (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 80 }), (xs) => {
        // A permutation: the ranks of xs (ties by position).
        const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        const ranks = new Int32Array(xs.length);
        order.forEach(([, i], r) => (ranks[i] = r));
        const got = inversionsPerPosition(ranks);
        for (let j = 0; j < ranks.length; j++) {
          let n = 0;
          for (let i = 0; i < j; i++) if (ranks[i]! > ranks[j]!) n++;
          expect(got[j]).toBe(n);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('a reversed order has n(n−1)/2 inversions', () => {
    const n = 1000;
    const ranks = Int32Array.from({ length: n }, (_, j) => n - 1 - j);
    expect(inversionsPerPosition(ranks).reduce((a, b) => a + b, 0)).toBe((n * (n - 1)) / 2);
  });
});
