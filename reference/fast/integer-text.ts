/**
 * Decimal text of integers for canonical JSON (spec/fast/canonical.md: integers are decimal
 * strings). Market data repeats the same small integers (sizes, levels, security ids, sequence
 * numbers), and `String(n)` costs tens of nanoseconds each time, so the text of an int32 is
 * memoised in a direct-mapped table (one entry per low 13 bits, a colliding value replaces the
 * entry; small enough, 96 KB, to stay in the processor's cache). Larger numbers (up to 2^53: timestamps, 64-bit ids)
 * are printed as two int32 halves, since V8 prints a double through its general floating-point
 * algorithm, about five times slower; bigints are converted directly.
 */
import type { Int64Value } from './dictionary.ts';

const SIZE = 1 << 13;
const MASK = SIZE - 1;
/** KEYS[i] is the integer whose text TEXTS[i] holds. Empty entries hold i + 1, which maps elsewhere. */
const KEYS = Int32Array.from({ length: SIZE }, (_, i) => i + 1);
const TEXTS: string[] = new Array<string>(SIZE).fill('');

/** The canonical decimal text of an exact integer: no leading zeros, no "+", never "-0". */
export function integerText(v: Int64Value): string {
  // Kept small, so that V8 inlines it; -0 finds the entry of 0 ("0"), as String(-0) would.
  if (typeof v === 'number' && (v | 0) === v) {
    const i = v & MASK;
    return KEYS[i] === v ? TEXTS[i]! : remember(v, i);
  }
  return largeText(v);
}

function remember(v: number, i: number): string {
  const s = String(v);
  KEYS[i] = v;
  TEXTS[i] = s;
  return s;
}

function largeText(v: Int64Value): string {
  if (typeof v === 'bigint') return String(v);
  // |v| >= 2^31 here, so the high part is at least 2 and never needs padding.
  const a = v < 0 ? -v : v;
  const high = Math.floor(a / 1e9);
  const low = a - high * 1e9; // exact: every operand is an integer below 2^53
  return (v < 0 ? '-' : '') + integerText(high) + String(low + 1e9).slice(1);
}
