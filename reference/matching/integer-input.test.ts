import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readInteger, readPositive } from './integer-input.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

describe('readInteger', () => {
  it('reads every safe integer exactly from its string, number and bigint forms', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(readInteger(String(n))).toBe(n);
        expect(readInteger(n)).toBe(n);
        expect(readInteger(BigInt(n))).toBe(n);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
  it('refuses the edges just outside the safe range and malformed text', () => {
    for (const bad of ['9007199254740992', '-9007199254740992', 9007199254740992, 2n ** 53n, '', ' 1', '1 ', '+1', '01', '1.0', '1e3', '0x10', 'NaN', 'Infinity', 1.5, Number.NaN, Number.POSITIVE_INFINITY, null, undefined, {}, [1]]) {
      expect(readInteger(bad), String(bad)).toBeNaN();
    }
    expect(readInteger('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(readInteger('-9007199254740991')).toBe(-Number.MAX_SAFE_INTEGER);
  });
  it('reads text exactly as the strict decimal regex plus Number() would (the oracle)', () => {
    const oracle = (v: string) => {
      if (!/^-?(0|[1-9][0-9]{0,15})$/.test(v)) return Number.NaN;
      const n = Number(v);
      return Number.isSafeInteger(n) ? n : Number.NaN;
    };
    const digits = fc.string({ unit: fc.constantFrom('0', '1', '5', '9', '-', '+', '.', 'e', ' '), maxLength: 19 });
    const near = fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }).map(String);
    fc.assert(
      fc.property(fc.oneof(digits, near, fc.string({ maxLength: 6 })), (v) => {
        expect(Object.is(readInteger(v), oracle(v)), v).toBe(true);
      }),
      { seed: SEED, numRuns: 2000 },
    );
    for (const v of ['-', '-0', '0', '00', '-00', '9007199254740991', '9007199254740992', '9999999999999999', '10000000000000000', '-9007199254740991']) {
      expect(Object.is(readInteger(v), oracle(v)), v).toBe(true);
    }
  });
  it('readPositive keeps only values above zero', () => {
    expect(readPositive('1')).toBe(1);
    for (const v of ['0', '-0', -0, 0, '-5']) expect(readPositive(v)).toBeNaN();
  });
});
