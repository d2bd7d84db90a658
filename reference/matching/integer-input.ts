/**
 * Reads a price or quantity as it may arrive (decimal string, JSON number, bigint) into an exact
 * safe integer, or NaN when it is not one. Strings are strict: optional '-', digits, no leading
 * zeros, no exponent or fraction, so "1e3", "01", " 5" and "5.0" are all refused. The engine
 * works on numbers (fast paths); every value it keeps is a safe integer, so sums it checks
 * against Number.MAX_SAFE_INTEGER stay exact.
 */
export function readInteger(v: unknown): number {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : Number.NaN;
  if (typeof v === 'string') return readDecimal(v);
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

/**
 * The strict decimal form /^-?(0|[1-9][0-9]{0,15})$/ read digit by digit (the canonical wire
 * form of every price and quantity: one pass, no regex, no Number(string)), NaN when the text
 * is not of that form or its value is not a safe integer. A value above 2^53 - 1 accumulates
 * to 2^53 or more (rounding is monotonic), so the final check catches it.
 */
function readDecimal(v: string): number {
  const n = v.length;
  let i = 0;
  const neg = n > 1 && v.charCodeAt(0) === 45; // '-'
  if (neg) i = 1;
  if (n - i < 1 || n - i > 16) return Number.NaN;
  if (v.charCodeAt(i) === 48) return n - i === 1 ? (neg ? -0 : 0) : Number.NaN; // '0', no leading zeros
  let x = 0;
  for (; i < n; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    x = x * 10 + d;
  }
  if (x > Number.MAX_SAFE_INTEGER) return Number.NaN;
  return neg ? -x : x;
}
