/**
 * Reads a price or quantity as it may arrive (decimal string, JSON number, bigint) into an exact
 * safe integer, or NaN when it is not one. Strings are strict: optional '-', digits, no leading
 * zeros, no exponent or fraction, so "1e3", "01", " 5" and "5.0" are all refused. The engine
 * works on numbers (fast paths); every value it keeps is a safe integer, so sums it checks
 * against Number.MAX_SAFE_INTEGER stay exact.
 */
const DECIMAL = /^-?(0|[1-9][0-9]{0,15})$/;

export function readInteger(v: unknown): number {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : Number.NaN;
  if (typeof v === 'string') {
    if (!DECIMAL.test(v)) return Number.NaN;
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : Number.NaN;
  }
  if (typeof v === 'bigint') {
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.NaN;
  }
  return Number.NaN;
}

/** A positive safe integer (a valid price or quantity), or NaN. */
export function readPositive(v: unknown): number {
  const n = readInteger(v);
  return n > 0 ? n : Number.NaN;
}
