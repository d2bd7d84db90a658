import fc from 'fast-check';
import { fastIntegerValue } from './fast-integer-value.ts';

/** A FAST decimal as (exponent, mantissa); the exponent stays in [-63, 63] (else R1). */
export interface DecimalValue {
  readonly exponent: number;
  readonly mantissa: bigint;
}

export const EXPONENT_EDGES = [0, -1, 1, -2, 2, -63, 63, -62, 62, 7, -8];

export function fastExponent(): fc.Arbitrary<number> {
  return fc.oneof(fc.constantFrom(...EXPONENT_EDGES), fc.integer({ min: -63, max: 63 }));
}

/** Decimals with edge exponents and int64 edge mantissas. */
export function fastDecimalValue(): fc.Arbitrary<DecimalValue> {
  return fc.record({ exponent: fastExponent(), mantissa: fastIntegerValue('int64') });
}
