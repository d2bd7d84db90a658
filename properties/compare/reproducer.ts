import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { toTaggedJson } from '../../spec/tagged-json.ts';
import type { TemplateSet } from '../../reference/fast/template-model.ts';
import type { StreamMutation } from '../arbitraries/fast-stream-mutation.ts';
import { vendorKey, type CorpusEntry } from '../corpus.ts';
import { writeAtomic } from '../report-atomic.ts';
import type { Divergence } from './differential.ts';

/**
 * A divergence's reproducer as a corpus entry, so that `fairwire replay FILE` reruns it and every
 * later `fairwire conform --component fast` against the same vendor replays it first.
 *
 * It is saved as an input of `fast.decode.malformed` (same prefix, same verdict and error class —
 * exactly the rule compare applies): the capture's templates, no generated messages, and one
 * mutation that inserts the reproducer's bytes, so the stream the property hands the subject is
 * the captured bytes from the last dictionary reset point through the diverging frame.
 */
export const REPRODUCER_PROPERTY = 'fast.decode.malformed';

export interface ReproducerInput {
  readonly case: { readonly templates: TemplateSet['templates']; readonly stream: { readonly reset: 'none' | 'message'; readonly messages: [] } };
  readonly mutations: StreamMutation[];
}

export function reproducerInput(set: TemplateSet, bytes: Uint8Array, reset: 'none' | 'message'): ReproducerInput {
  return {
    case: { templates: set.templates, stream: { reset, messages: [] } },
    mutations: [{ kind: 'insert', at: 0, bytes: Array.from(bytes) }],
  };
}

/** Writes the entry under <dir>/<vendor>/fast.decode.malformed/<hash>.json; the file, or undefined without a reproducer. */
export function saveReproducer(dir: string, adapterSpec: string, set: TemplateSet, d: Divergence): string | undefined {
  if (!d.reproducer) return undefined;
  const data = toTaggedJson(reproducerInput(set, d.reproducer, d.reproducerReset));
  const folder = join(dir, vendorKey(adapterSpec), REPRODUCER_PROPERTY);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${createHash('sha1').update(data).digest('hex').slice(0, 16)}.json`);
  const ts = d.timestampNs === null ? '' : `, captured at ${d.timestampNs} ns`;
  const entry: CorpusEntry = {
    component: 'fast',
    property: REPRODUCER_PROPERTY,
    adapter: adapterSpec,
    seed: 0,
    data,
    message: `fairwire compare: message ${d.message} (frame ${d.frame}${ts}), template ${d.templateId ?? '?'}, ${d.field}: ${d.kind} (reproducer: frames ${d.reproducerFrom}..${d.frame})`,
    savedAt: new Date().toISOString(),
  };
  writeAtomic(file, `${JSON.stringify(entry, null, 2)}\n`);
  return file;
}
