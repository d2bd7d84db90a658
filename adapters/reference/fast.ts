import { ALL_FAST_CAPABILITIES, type FastCapabilities, type FastDecoderAdapter, type FastResetPolicy } from '../fast.ts';
import type { CanonicalErrorBody, CanonicalMessage, StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { FastDecoder } from '../../reference/fast/decoder.ts';
import { FastError } from '../../reference/fast/errors.ts';
import type { TemplateSet } from '../../reference/fast/template-model.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';

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
}

/**
 * An in-process FastDecoderAdapter over the reference decoder. One FastDecoder lives from
 * loadTemplates to the next, so dictionary state carries across decode calls; the reset policy
 * is applied per call by resetting before each message, which keeps a 'message' call and a
 * following 'none' call on the same dictionary.
 */
export function createFastDecoderAdapter(options: FastDecoderAdapterOptions): FastDecoderAdapter {
  const strict = options.strict ?? false;
  let decoder: FastDecoder | undefined;
  return {
    name: options.name,
    component: 'fast',
    capabilities: options.capabilities ?? ALL_FAST_CAPABILITIES,
    loadTemplates(xml: string): void {
      decoder = undefined;
      let set = parseTemplates(xml);
      if (options.transformSet) set = options.transformSet(set);
      decoder = options.makeDecoder ? options.makeDecoder(set, strict) : new FastDecoder(set, { strict });
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

/** The reference FAST decoder as an adapter: declares every capability. */
export function createReferenceFastDecoder(options: { strict?: boolean } = {}): FastDecoderAdapter {
  return createFastDecoderAdapter({ name: options.strict ? 'reference-strict' : 'reference', strict: options.strict ?? false });
}
