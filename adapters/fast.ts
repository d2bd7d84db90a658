import type { Adapter, MaybePromise } from './adapter.ts';
import type { StreamDecodeResult } from '../reference/fast/canonical.ts';
import { DEFAULT_FAST_VARIANTS, FAST_VARIANT_READINGS, type FastVariants } from '../reference/fast/variants.ts';

export { DEFAULT_FAST_VARIANTS, type FastVariants };

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
  /** Accepts fields without an `id` attribute (a decoder that keys fields by id declares false: every field gets one). */
  readonly fieldsWithoutId: boolean;
  /** Accepts `<typeRef>` elements (application types) in templates. */
  readonly typeRef: boolean;
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
  fieldsWithoutId: true,
  typeRef: true,
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
  /**
   * The decoder's readings where the specification allows two (spec/fast/variants.md). The
   * properties build their oracle (reference decoder and encoder) with them. Absent: the defaults.
   */
  readonly variants?: FastVariants;
  loadTemplates(xml: string): MaybePromise<void>;
  reset(): MaybePromise<void>;
  decode(bytes: Uint8Array, options: { readonly reset: FastResetPolicy }): MaybePromise<StreamDecodeResult>;
}

/**
 * The variants in force for a run, one line each (`tailNull: unchanged (declared; default empty)`),
 * for the report; [] for an adapter of another component.
 */
export function variantsInForce(adapter: { readonly component: string; readonly variants?: unknown }): string[] {
  if (adapter.component !== 'fast') return [];
  const declared = (adapter.variants ?? {}) as Partial<Record<keyof FastVariants, string>>;
  return (Object.keys(FAST_VARIANT_READINGS) as (keyof FastVariants)[]).map((k) => {
    const d = DEFAULT_FAST_VARIANTS[k];
    const v = declared[k] ?? d;
    return v === d ? `${k}: ${v} (default)` : `${k}: ${v} (declared; default ${d})`;
  });
}
