import fc from 'fast-check';
import type { FastCapabilities } from '../../adapters/fast.ts';
import type { Template } from '../../reference/fast/template-model.ts';
import { fastTemplateSet, type FastTemplateSetOptions } from './fast-template-set.ts';
import { fastMessageStream, type FastMessageStreamOptions } from './fast-message-stream.ts';
import { resolveStream, type FastStream } from './fast-stream-resolver.ts';
import type { StreamSpec } from './fast-value-spec.ts';
import type { FastVariants } from '../../reference/fast/variants.ts';

/** A template set and a valid stream of messages under it: the input of most FAST properties. */
export interface FastCase {
  readonly templates: Template[];
  /** Resolved under the default readings (spec/fast/variants.md). */
  readonly stream: FastStream;
  /** What `stream` was resolved from: a decoder declaring other readings gets it resolved under those (`streamUnder`). */
  readonly spec?: StreamSpec;
}

const resolved = new WeakMap<FastCase, Map<string, FastStream>>();

/** The case's stream as a decoder of these readings expects it (the default readings: `stream` itself). */
export function streamUnder(c: FastCase, variants: FastVariants | undefined): FastStream {
  if (!variants || !c.spec || (variants.tailNull === 'empty' && variants.staticTemplateRefDictionary === 'referred')) return c.stream;
  const key = `${variants.tailNull}/${variants.staticTemplateRefDictionary}`;
  let m = resolved.get(c);
  if (!m) resolved.set(c, (m = new Map()));
  let s = m.get(key);
  if (!s) m.set(key, (s = resolveStream(c.templates, c.spec, variants)));
  return s;
}

export function fastCase(caps: FastCapabilities, options: FastTemplateSetOptions & FastMessageStreamOptions = {}): fc.Arbitrary<FastCase> {
  return fastTemplateSet(caps, options).chain((templates) =>
    fastMessageStream(templates, options).map((spec) => ({ templates, stream: resolveStream(templates, spec), spec })),
  );
}
