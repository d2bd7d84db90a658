import { DEFAULT_FAST_VARIANTS } from '../fast.ts';
import { fastMutant } from './fast-mutant-support.ts';

/**
 * A decoder that reads an optional tail's NULL as §6.3.8 alone does (the previous value stays)
 * but does not declare it (spec/fast/variants.md, tailNull): judged by the default reading, it
 * fails. Declaring `tailNull: 'unchanged'` makes the same decoder pass (fast-variants.test.ts).
 */
export const fastTailNullKeptUndeclared = fastMutant(
  'fast-tail-null-kept-undeclared',
  "a NULL tail leaves the previous value as it was (the tailNull 'unchanged' reading) while the decoder declares the default reading ('empty')",
  ['fast.decode.equivalence'],
  { behaviour: { ...DEFAULT_FAST_VARIANTS, tailNull: 'unchanged' } },
);
