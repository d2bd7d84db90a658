/**
 * Initial values (§6.2, the `value` attribute of operators): conversion from the XML string to
 * a typed `InitialValue` and back. Conversion failures are S3 (Appendix 4); the caller adds the
 * location, so these functions throw `InitialValueError` carrying only the reason.
 */
import type { InitialValue, IntegerType } from './template-model.ts';

export class InitialValueError extends Error {
  override readonly name = 'InitialValueError';
}

export const EXPONENT_MIN = -63;
export const EXPONENT_MAX = 63;

const INTEGER_RANGE: Record<IntegerType, readonly [bigint, bigint]> = {
  int32: [-(1n << 31n), (1n << 31n) - 1n],
  uInt32: [0n, (1n << 32n) - 1n],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  uInt64: [0n, (1n << 64n) - 1n],
};

export function integerRange(type: IntegerType): readonly [bigint, bigint] {
  return INTEGER_RANGE[type];
}

// More significant digits than any 64-bit value has: rejected before BigInt() sees them,
// so a megabyte of digits costs a regex, not a quadratic conversion.
const MAX_SIGNIFICANT_DIGITS = 20;

/** Parses a decimal integer ("-12", "+7", "007"; surrounding whitespace allowed) within `type`'s range. */
export function parseIntegerValue(text: string, type: IntegerType): bigint {
  // Regexes here are kept free of adjacent overlapping quantifiers (e.g. 0*\d*), which
  // backtrack quadratically on long runs of zeros.
  const m = /^([+-]?)(\d+)$/.exec(text.trim());
  if (m === null) throw new InitialValueError(`"${clip(text)}" is not an integer`);
  const digits = stripLeadingZeros(m[2] ?? '');
  if (digits.length > MAX_SIGNIFICANT_DIGITS) throw new InitialValueError(`"${clip(text)}" is out of range for ${type}`);
  const magnitude = digits === '' ? 0n : BigInt(digits);
  const value = m[1] === '-' ? -magnitude : magnitude;
  const [lo, hi] = INTEGER_RANGE[type];
  if (value < lo || value > hi) throw new InitialValueError(`${value} is out of range for ${type} [${lo}, ${hi}]`);
  return value;
}

/**
 * The normal form of a decimal initial value: mantissa without trailing zeros while the
 * exponent allows (12000 -> 12e3), and zero as 0e0. Two decimals that are the same number
 * and both representable have the same normal form.
 */
export function normaliseDecimal(exponent: number, mantissa: bigint): { exponent: number; mantissa: bigint } {
  if (mantissa === 0n) return { exponent: 0, mantissa: 0n };
  while (mantissa % 10n === 0n && exponent < EXPONENT_MAX) {
    mantissa /= 10n;
    exponent += 1;
  }
  return { exponent, mantissa };
}

/**
 * Parses a decimal number ("1.5", "-0.005", "12000", "1e3", ".5") into its normal form; the
 * exponent must fit [-63, 63] and the mantissa int64, else S3.
 */
export function parseDecimalValue(text: string): { exponent: number; mantissa: bigint } {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  const intPart = m?.[2] ?? '';
  const fracPart = m?.[3] ?? '';
  if (m === null || intPart + fracPart === '') throw new InitialValueError(`"${clip(text)}" is not a decimal number`);
  const expText = m[4] ?? '0';
  // Exponents this far out cannot be brought into [-63, 63] by a 19-digit mantissa.
  if (stripLeadingZeros(expText.replace(/^[+-]/, '')).length > 6) throw new InitialValueError(`"${clip(text)}" is out of range for decimal`);
  let digits = stripLeadingZeros(intPart + fracPart);
  let exponent = Number(expText) - fracPart.length;
  if (digits === '') return { exponent: 0, mantissa: 0n };
  // Trailing zeros move into the exponent (as far as it allows) before any range check.
  let significant = digits.length;
  while (significant > 0 && digits.charCodeAt(significant - 1) === 0x30) significant--;
  const movable = Math.max(0, Math.min(digits.length - significant, EXPONENT_MAX - exponent));
  digits = digits.slice(0, digits.length - movable);
  exponent += movable;
  if (exponent < EXPONENT_MIN) throw new InitialValueError(`"${clip(text)}" needs an exponent below ${EXPONENT_MIN}`);
  if (exponent > EXPONENT_MAX) {
    // Only reachable with a mantissa that has no trailing zeros left: widen it.
    const widen = exponent - EXPONENT_MAX;
    if (digits.length + widen > MAX_SIGNIFICANT_DIGITS) throw new InitialValueError(`"${clip(text)}" is out of range for decimal`);
    digits += '0'.repeat(widen);
    exponent = EXPONENT_MAX;
  }
  if (digits.length > MAX_SIGNIFICANT_DIGITS) throw new InitialValueError(`"${clip(text)}" has a mantissa out of range for int64`);
  const magnitude = BigInt(digits);
  const mantissa = m[1] === '-' ? -magnitude : magnitude;
  const [lo, hi] = INTEGER_RANGE.int64;
  if (mantissa < lo || mantissa > hi) throw new InitialValueError(`"${clip(text)}" has a mantissa out of range for int64`);
  return normaliseDecimal(exponent, mantissa);
}

/** Prints a decimal in plain positional notation (12e3 -> "12000", -15e-1 -> "-1.5"). */
export function formatDecimalValue(exponent: number, mantissa: bigint): string {
  const negative = mantissa < 0n;
  let digits = (negative ? -mantissa : mantissa).toString();
  if (exponent >= 0) {
    digits = mantissa === 0n ? '0' : digits + '0'.repeat(exponent);
  } else {
    const scale = -exponent;
    if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  }
  return negative ? `-${digits}` : digits;
}

/** ASCII strings must be 7-bit (§10.6.3). Any other string is a valid unicode value. */
export function parseAsciiValue(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) throw new InitialValueError(`"${clip(text)}" is not ASCII (character ${i})`);
  }
  return text;
}

/** byteVector initial values are hex digits, two per byte; whitespace is ignored. */
export function parseHexValue(text: string): Uint8Array {
  const hex = text.replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw new InitialValueError(`"${clip(text)}" is not hex digits`);
  if (hex.length % 2 !== 0) throw new InitialValueError(`"${clip(text)}" has an odd number of hex digits`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function formatHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** The `value` attribute text that parses back to `v` (for the XML writer). */
export function formatInitialValue(v: InitialValue): string {
  switch (v.kind) {
    case 'integer':
      return v.value.toString();
    case 'decimal':
      return formatDecimalValue(v.exponent, v.mantissa);
    case 'string':
      return v.value;
    case 'bytes':
      return formatHex(v.value);
  }
}

function stripLeadingZeros(digits: string): string {
  let i = 0;
  while (i < digits.length && digits.charCodeAt(i) === 0x30) i++;
  return digits.slice(i);
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
