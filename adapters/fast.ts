import type { Adapter, MaybePromise } from './adapter.ts';
import type { StreamDecodeResult } from '../reference/fast/canonical.ts';

/**
 * What a FAST decoder declares it supports. Properties generate templates and streams only
 * inside these; the reference declares everything.
 */
export interface FastCapabilities {
  readonly int64: boolean;
  readonly decimal: boolean;
  /** Individual exponent / mantissa operators on decimals. */
  readonly individualDecimalOperators: boolean;
  readonly unicode: boolean;
  readonly byteVector: boolean;
  readonly groups: boolean;
  readonly sequences: boolean;
  /** Static and dynamic templateRef. */
  readonly templateRef: boolean;
  readonly operatorDelta: boolean;
  readonly operatorTail: boolean;
  readonly operatorIncrement: boolean;
  /** template, type and user-named dictionary scopes and `key` (global is always required). */
  readonly dictionaryScopes: boolean;
}

export const ALL_FAST_CAPABILITIES: FastCapabilities = {
  int64: true,
  decimal: true,
  individualDecimalOperators: true,
  unicode: true,
  byteVector: true,
  groups: true,
  sequences: true,
  templateRef: true,
  operatorDelta: true,
  operatorTail: true,
  operatorIncrement: true,
  dictionaryScopes: true,
};

export type FastResetPolicy = 'none' | 'message';

/**
 * The FAST decoder contract. Templates arrive as FAST 1.1 XML text so that implementations in
 * any language receive exactly what the reference parses. `decode` decodes a whole stream of
 * concatenated messages and returns what it decoded before the first error, and that error.
 * Dictionaries start undefined after `loadTemplates` and after `reset`; a `decode` call does
 * not reset them (streams may be split across calls) unless the policy is 'message'.
 */
export interface FastDecoderAdapter extends Adapter<FastCapabilities> {
  readonly component: 'fast';
  loadTemplates(xml: string): MaybePromise<void>;
  reset(): MaybePromise<void>;
  decode(bytes: Uint8Array, options: { readonly reset: FastResetPolicy }): MaybePromise<StreamDecodeResult>;
}
