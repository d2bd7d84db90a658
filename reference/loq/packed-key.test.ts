import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CLS_SPAN, TS_SPAN, packKey, unpackClass, unpackTs } from './packed-key.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

const MAX = Number.MAX_SAFE_INTEGER;
const sign = (x: number) => (x < 0 ? -1 : x > 0 ? 1 : 0);
const tupleCmp = (c1: number, t1: number, c2: number, t2: number) => (c1 !== c2 ? sign(c1 - c2) : sign(t1 - t2));

/** Offsets biased to the edges of the budget, where an inexact packing would show. */
const offset = (span: number) =>
  fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: span - 4, max: span - 1 }), fc.integer({ min: 0, max: span - 1 }));
/** Bases anywhere among safe integers, including near ±2^53. */
const base = fc.oneof(fc.integer({ min: -8, max: 8 }), fc.integer({ min: MAX - 2 ** 43, max: MAX }), fc.integer({ min: -MAX, max: -MAX + 2 ** 43 }), fc.maxSafeInteger().map((x) => Math.floor(x / 3)));

describe('packKey', () => {
  it('orders and equates exactly like the (class, timestamp) tuple inside the bit budget', () => {
    fc.assert(
      fc.property(base, base, offset(CLS_SPAN), offset(TS_SPAN), offset(CLS_SPAN), offset(TS_SPAN), fc.boolean(), (cb, tb, c1, d1, c2, d2, sameCls) => {
        if (sameCls) c2 = c1;
        const [k1, k2] = [cb + c1, cb + c2];
        const [s1, s2] = [tb + d1, tb + d2];
        fc.pre([k1, k2, s1, s2].every((x) => Number.isSafeInteger(x)));
        const p1 = packKey(k1, s1, cb, tb);
        const p2 = packKey(k2, s2, cb, tb);
        expect(p1).toBeGreaterThanOrEqual(0);
        expect(p2).toBeGreaterThanOrEqual(0);
        expect(Number.isSafeInteger(p1) && Number.isSafeInteger(p2)).toBe(true);
        expect(sign(p1 - p2)).toBe(tupleCmp(k1, s1, k2, s2));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('refuses (-1) anything outside the budget, fractional or not a number', () => {
    fc.assert(
      fc.property(base, base, (cb, tb) => {
        const inside = (c: number, d: number) => packKey(cb + c, tb + d, cb, tb);
        fc.pre(Number.isSafeInteger(cb + CLS_SPAN) && Number.isSafeInteger(tb + TS_SPAN) && Number.isSafeInteger(cb - 1) && Number.isSafeInteger(tb - 1));
        expect(inside(CLS_SPAN - 1, TS_SPAN - 1)).toBe(2 ** 53 - 1);
        expect(inside(0, 0)).toBe(0);
        expect(inside(CLS_SPAN, 0)).toBe(-1);
        expect(inside(-1, 0)).toBe(-1);
        expect(inside(0, TS_SPAN)).toBe(-1);
        expect(inside(0, -1)).toBe(-1);
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(packKey(0, 0.5, 0, 0)).toBe(-1);
    expect(packKey(0.5, 0, 0, 0)).toBe(-1);
    expect(packKey(0, Number.NaN, 0, 0)).toBe(-1);
    expect(packKey(0, Infinity, 0, 0)).toBe(-1);
    expect(packKey(0, -MAX, 0, MAX)).toBe(-1); // a difference beyond 2^53 (rounded) is refused
    expect(packKey(0, MAX, 0, -MAX)).toBe(-1);
  });
});

describe('unpackClass / unpackTs', () => {
  it('invert packKey exactly over the whole budget', () => {
    const off = (span: number) => fc.oneof(fc.integer({ min: 0, max: span - 1 }), fc.constantFrom(0, 1, span - 2, span - 1));
    fc.assert(
      fc.property(off(CLS_SPAN), off(TS_SPAN), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), (c, d, cb, tb) => {
        const k = packKey(cb + c, tb + d, cb, tb);
        expect(unpackClass(k) + cb).toBe(cb + c);
        expect(unpackTs(k) + tb).toBe(tb + d);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
