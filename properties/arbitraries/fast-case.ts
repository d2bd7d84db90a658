import fc from 'fast-check';
import type { FastCapabilities } from '../../adapters/fast.ts';
import type { Template } from '../../reference/fast/template-model.ts';
import { fastTemplateSet, type FastTemplateSetOptions } from './fast-template-set.ts';
import { fastMessageStream, type FastMessageStreamOptions } from './fast-message-stream.ts';
import { resolveStream, type FastStream } from './fast-stream-resolver.ts';

/** A template set and a valid stream of messages under it: the input of most FAST properties. */
export interface FastCase {
  readonly templates: Template[];
  readonly stream: FastStream;
}

export function fastCase(caps: FastCapabilities, options: FastTemplateSetOptions & FastMessageStreamOptions = {}): fc.Arbitrary<FastCase> {
  return fastTemplateSet(caps, options).chain((templates) =>
    fastMessageStream(templates, options).map((spec) => ({ templates, stream: resolveStream(templates, spec) })),
  );
}
