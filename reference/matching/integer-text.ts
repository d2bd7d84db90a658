/**
 * Decimal text of a non-negative safe integer, as String(n) gives it. Quantities and level
 * totals are mostly small, and an event carries one or two of them: String() is a builtin
 * call that probes V8's number-string cache (and allocates on a miss), a table lookup is a load.
 */
const SIZE = 4096;
const SMALL: readonly string[] = Array.from({ length: SIZE }, (_, i) => String(i));

/** String(n) for an integer n >= 0 (small ones from a table). */
export function integerText(n: number): string {
  return n < SIZE ? SMALL[n]! : String(n);
}
