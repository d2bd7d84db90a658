import { DEFAULT_FAST_VARIANTS } from '../fast.ts';
import { fastMutant } from './fast-mutant-support.ts';

/**
 * A decoder that gives the fields of a statically referenced template the referring template's
 * `template` dictionary but does not declare it (spec/fast/variants.md,
 * staticTemplateRefDictionary): judged by the default reading ('referred'), it fails. Declaring
 * `staticTemplateRefDictionary: 'referring'` makes the same decoder pass (fast-variants.test.ts).
 */
export const fastStaticRefDictionaryUndeclared = fastMutant(
  'fast-static-ref-dictionary-undeclared',
  "fields reached through a static templateRef use the referring template's dictionary (the 'referring' reading) while the decoder declares the default reading ('referred')",
  ['fast.decode.equivalence'],
  { behaviour: { ...DEFAULT_FAST_VARIANTS, staticTemplateRefDictionary: 'referring' } },
);
