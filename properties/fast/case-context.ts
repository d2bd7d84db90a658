import type { FastDecoderAdapter, FastResetPolicy, FastVariants } from '../../adapters/fast.ts';
import { createReferenceFastDecoder } from '../../adapters/reference/fast.ts';
import type { StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { isDefaultVariants } from '../../reference/fast/variants.ts';

/**
 * What one check of a FAST property saw: the templates, the exact bytes (encoded under the
 * subject's declared variants), the reference's result and the subject's. Kept per input object
 * (a WeakMap: it goes with the input), so that `describe` prints the bytes the subject really got
 * and `explain` can re-run the reference on them, both without the subject at hand.
 */
export interface FastCaseContext {
  readonly xml: string;
  readonly bytes: Uint8Array;
  readonly reset: FastResetPolicy;
  readonly variants?: FastVariants;
  readonly expected?: StreamDecodeResult;
  readonly actual?: StreamDecodeResult;
  /** The check failed (or faulted) on this try. */
  readonly failed?: boolean;
}

const contexts = new WeakMap<object, FastCaseContext>();

export function rememberCase(input: object, context: FastCaseContext): void {
  contexts.set(input, context);
}

export function caseContext(input: object): FastCaseContext | undefined {
  return contexts.get(input);
}

const variantOracles = new Map<string, FastDecoderAdapter>();

/**
 * The oracle for a subject: the run's reference when the subject declares the default readings,
 * else a reference decoder following the subject's declared ones (one per combination, reused).
 */
export function oracleFor(oracle: FastDecoderAdapter, variants: FastVariants | undefined): FastDecoderAdapter {
  if (variants === undefined || isDefaultVariants(variants)) return oracle;
  const key = `${variants.tailNull}/${variants.staticTemplateRefDictionary}`;
  let o = variantOracles.get(key);
  if (o === undefined) {
    o = createReferenceFastDecoder({ variants });
    variantOracles.set(key, o);
  }
  return o;
}
