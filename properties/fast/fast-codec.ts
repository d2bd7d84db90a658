import type { CanonicalMessage } from '../../reference/fast/canonical.ts';
import { FastEncoder, type EncodeVariant } from '../../reference/fast/encoder.ts';
import type { Template, TemplateSet } from '../../reference/fast/template-model.ts';
import { makeTemplateSet } from '../../reference/fast/template-set.ts';
import { writeTemplatesXml } from '../../reference/fast/template-writer.ts';
import type { FastVariants } from '../../reference/fast/variants.ts';

/**
 * What the FAST properties need from the reference codec: the template XML a subject receives
 * and the bytes of a stream (the encoder decides the wire). Memoised per template list, since
 * every check of a case needs both.
 */
export type { EncodeVariant };

const sets = new WeakMap<readonly Template[], { set: TemplateSet; xml: string }>();

export function templateSetOf(templates: readonly Template[]): { set: TemplateSet; xml: string } {
  let s = sets.get(templates);
  if (!s) {
    const set = makeTemplateSet(templates);
    s = { set, xml: writeTemplatesXml(set) };
    sets.set(templates, s);
  }
  return s;
}

export function encodeStream(
  templates: readonly Template[],
  stream: { readonly reset: 'none' | 'message'; readonly messages: readonly CanonicalMessage[] },
  variant?: EncodeVariant,
  /** The subject's declared readings (spec/fast/variants.md): the stream is what such a decoder expects. */
  readings?: FastVariants,
): Uint8Array {
  const { set } = templateSetOf(templates);
  return new FastEncoder(set, { reset: stream.reset, ...(readings ? { variants: readings } : {}) }).encodeStream(stream.messages, variant);
}
