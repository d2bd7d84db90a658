import { ALL_FAST_CAPABILITIES, type FastCapabilities, type FastDecoderAdapter, type FastResetPolicy, type FastVariants } from '../fast.ts';
import type { CanonicalErrorBody, CanonicalMessage, StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { FastDecoder } from '../../reference/fast/decoder.ts';
import { FastError } from '../../reference/fast/errors.ts';
import type { TemplateSet } from '../../reference/fast/template-model.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { parseFastVariants } from '../../reference/fast/variants.ts';

export interface FastDecoderAdapterOptions {
  readonly name: string;
  readonly capabilities?: FastCapabilities;
  /** Reportable conditions stop decoding (default false). */
  readonly strict?: boolean;
  /** Builds the decoder for a parsed set (mutants wrap or alter it here). */
  readonly makeDecoder?: (set: TemplateSet, strict: boolean) => FastDecoder;
  /** Rewrites the parsed set before decoding (mutants that misread templates). */
  readonly transformSet?: (set: TemplateSet) => TemplateSet;
  /** Overrides the per-call reset policy (a mutant that ignores it). */
  readonly resetPolicy?: (requested: FastResetPolicy) => FastResetPolicy;
  /** The readings the adapter declares (adapter.variants). */
  readonly variants?: FastVariants;
  /** The readings the decoder follows; default: the declared ones (a mutant may declare one thing and do another). */
  readonly behaviour?: FastVariants;
}

/**
 * An in-process FastDecoderAdapter over the reference decoder. One FastDecoder lives from
 * loadTemplates to the next, so dictionary state carries across decode calls; the reset policy
 * is applied per call by resetting before each message, which keeps a 'message' call and a
 * following 'none' call on the same dictionary.
 */
export function createFastDecoderAdapter(options: FastDecoderAdapterOptions): FastDecoderAdapter {
  const strict = options.strict ?? false;
  const behaviour = options.behaviour ?? options.variants;
  let decoder: FastDecoder | undefined;
  return {
    name: options.name,
    component: 'fast',
    capabilities: options.capabilities ?? ALL_FAST_CAPABILITIES,
    // Checked at construction: a misspelt reading throws a FastVariantsError, never reads as the default.
    ...(options.variants ? { variants: parseFastVariants(options.variants, `adapter ${options.name}: variants`) } : {}),
    loadTemplates(xml: string): void {
      decoder = undefined;
      let set = parseTemplates(xml);
      if (options.transformSet) set = options.transformSet(set);
      decoder = options.makeDecoder ? options.makeDecoder(set, strict) : new FastDecoder(set, { strict, ...(behaviour ? { variants: behaviour } : {}) });
    },
    reset(): void {
      decoder?.reset();
    },
    decode(bytes: Uint8Array, { reset }: { readonly reset: FastResetPolicy }): StreamDecodeResult {
      if (!decoder) throw new FastError('S1', 'decode before loadTemplates');
      const policy = options.resetPolicy ? options.resetPolicy(reset) : reset;
      return decodeStream(decoder, bytes, policy);
    },
  };
}

/** FastDecoder.decodeStream with the reset policy chosen per call. */
export function decodeStream(decoder: FastDecoder, bytes: Uint8Array, reset: FastResetPolicy): StreamDecodeResult {
  const messages: CanonicalMessage[] = [];
  const reports: CanonicalErrorBody[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (reset === 'message') decoder.reset();
    try {
      const d = decoder.decodeMessage(bytes, offset);
      messages.push(d.message);
      reports.push(...d.reports);
      offset = d.end;
    } catch (e) {
      if (!(e instanceof FastError)) throw e;
      return { messages, error: e.toCanonical(), reports };
    }
  }
  return { messages, error: null, reports };
}

/** The reference FAST decoder as an adapter: declares every capability; follows `variants` (default: the default readings). */
export function createReferenceFastDecoder(options: { strict?: boolean; variants?: FastVariants } = {}): FastDecoderAdapter {
  return createFastDecoderAdapter({ name: options.strict ? 'reference-strict' : 'reference', strict: options.strict ?? false, ...(options.variants ? { variants: options.variants } : {}) });
}
