/**
 * The heap's fast key: the pair (class, timestamp) packed into ONE double, exactly, relative to
 * per-heap bases:
 *
 *     key = (cls − clsBase) · 2^42 + (ts − tsBase),   0 ≤ cls − clsBase < 2^11, 0 ≤ ts − tsBase < 2^42
 *
 * Bit budget: 11 + 42 = 53 bits, the double's integer mantissa, so every key is an integer below
 * 2^53 and exact; with both offsets in range the packing is a lexicographic order embedding:
 * key(a) < key(b) ⇔ (cls_a, ts_a) < (cls_b, ts_b), key(a) = key(b) ⇔ equal pairs. 2^42 time units
 * is ~73 minutes of nanoseconds (~51 days of microseconds) of spread among queued orders; 2^11
 * classes are 1024 epochs. Outside the budget the heap falls back to comparing the tuple.
 */
export const TS_BITS = 42;
export const TS_SPAN = 2 ** TS_BITS;
export const CLS_SPAN = 2 ** (53 - TS_BITS);

/**
 * The packed key, or -1 when (cls, ts) is outside the budget for these bases (or not integral).
 * Subtractions of safe integers are exact whenever the result passes the range test (a rounded
 * difference is only possible at magnitudes ≥ 2^53, which fail it).
 */
export function packKey(cls: number, ts: number, clsBase: number, tsBase: number): number {
  const c = cls - clsBase;
  const d = ts - tsBase;
  if (c >= 0 && c < CLS_SPAN && d >= 0 && d < TS_SPAN && Math.floor(c) === c && Math.floor(d) === d) return c * TS_SPAN + d;
  return -1;
}

/**
 * The offsets back from a packed key: exact, since dividing by the power of two TS_SPAN is exact
 * and so is the floor of the quotient (the class offset, < 2^11). The heap keeps no other copy
 * of (class, timestamp) while it is packed.
 */
export function unpackClass(key: number): number {
  return Math.floor(key / TS_SPAN);
}
export function unpackTs(key: number): number {
  return key - Math.floor(key / TS_SPAN) * TS_SPAN;
}
