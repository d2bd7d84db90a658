import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { integerText } from './integer-text.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

/** The oracle: bigint printing, exact for every integer. */
const exact = (v: number | bigint): string => BigInt(v).toString();

describe('integerText (canonical decimal text of integers)', () => {
  it('equals bigint printing on the edges of the memo, of int32, of the 1e9 split and of 2^53', () => {
    const edges: number[] = [0, 1, -1, 8191, 8192, 8193, -8192, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 32 - 1, 2 ** 32];
    for (const k of [1, 2, 9, 10, 1000, 9_007_199]) edges.push(k * 1e9, k * 1e9 - 1, k * 1e9 + 1, k * 1e9 + 999_999_999);
    edges.push(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, 2 ** 53, 1_700_000_000_000);
    for (const e of edges) for (const v of [e, -e]) {
      // Twice: the first call fills the memo, the second reads it.
      expect(integerText(v)).toBe(exact(v));
      expect(integerText(v)).toBe(exact(v));
    }
    expect(integerText(-0)).toBe('0');
    expect(integerText(-(2n ** 63n))).toBe('-9223372036854775808');
    expect(integerText(2n ** 64n - 1n)).toBe('18446744073709551615');
  });

  it('equals bigint printing for any safe integer, int32 or bigint, memo collisions included', () => {
    const value = fc.oneof(
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.integer({ min: -100, max: 20_000 }),
      fc.maxSafeInteger(),
      fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 50 }), (vs) => {
        // Each value beside one that shares its memo entry (same low 13 bits), then again.
        for (const v of vs) {
          expect(integerText(v)).toBe(exact(v));
          if (typeof v === 'number' && Math.abs(v) < 2 ** 30) expect(integerText(v + 8192)).toBe(exact(v + 8192));
          expect(integerText(v)).toBe(exact(v));
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
