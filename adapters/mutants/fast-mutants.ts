import type { FastDecoderAdapter } from '../fast.ts';
import type { Mutant } from './registry.ts';
import { fastNullableNotDecremented } from './fast-nullable-not-decremented.ts';
import { fastStringDeltaFrontOffByOne } from './fast-string-delta-front-off-by-one.ts';
import { fastMantissaAfterNullExponent } from './fast-mantissa-after-null-exponent.ts';
import { fastTemplateDictionaryShared } from './fast-template-dictionary-shared.ts';
import { fastTailAppended } from './fast-tail-appended.ts';
import { fastOptionalConstantNoBit } from './fast-optional-constant-no-bit.ts';
import { fastIncrementAsCopy } from './fast-increment-as-copy.ts';
import { fastResetIgnored } from './fast-reset-ignored.ts';
import { fastOverlongIntegerRejected } from './fast-overlong-integer-rejected.ts';
import { fastOverlongPmapRejected } from './fast-overlong-pmap-rejected.ts';
import { fastPrefixDroppedOnError } from './fast-prefix-dropped-on-error.ts';
import { fastTailNullKeptUndeclared } from './fast-tail-null-kept-undeclared.ts';
import { fastStaticRefDictionaryUndeclared } from './fast-static-ref-dictionary-undeclared.ts';

/** Every FAST mutant, one known bug each (the kill matrix runs them all). */
export const FAST_MUTANTS: readonly Mutant<FastDecoderAdapter>[] = [
  fastNullableNotDecremented,
  fastStringDeltaFrontOffByOne,
  fastMantissaAfterNullExponent,
  fastTemplateDictionaryShared,
  fastTailAppended,
  fastOptionalConstantNoBit,
  fastIncrementAsCopy,
  fastResetIgnored,
  fastOverlongIntegerRejected,
  fastOverlongPmapRejected,
  fastPrefixDroppedOnError,
  fastTailNullKeptUndeclared,
  fastStaticRefDictionaryUndeclared,
];
