import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FpgaAdapter } from '../../adapters/fpga.ts';
import { FastEncoder } from '../../reference/fast/encoder.ts';
import type { Template } from '../../reference/fast/template-model.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { compile } from '../../reference/fpga/compiler.ts';
import { fastCase } from '../arbitraries/fast-case.ts';
import { fastMessageStream } from '../arbitraries/fast-message-stream.ts';
import { resolveStream } from '../arbitraries/fast-stream-resolver.ts';
import { applyMutations, fastStreamMutations, type StreamMutation } from '../arbitraries/fast-stream-mutation.ts';
import { encodeStream, templateSetOf } from '../fast/fast-codec.ts';
import { assertSameCanonical, defaultSignature } from '../mismatch.ts';
import { defineProperty, type Property } from '../property.ts';

/**
 * fpga.wasm.equivalence: the subject writes the same ring records, byte for byte, as the
 * microcode interpreter — over generated template sets and streams (clean and corrupted), over
 * generated streams repeated past 64 KiB (runs far longer than one ring of records, so every
 * buffer a compiled engine keeps is filled and reused), over windows of the mFAST corpus and
 * over generated streams for the real-world template files (the shared corpora, when present).
 * Written for the WebAssembly back end (`--adapter wasm`); any subject with `records` runs it.
 */
export interface WasmEquivalenceInput {
  readonly xml: string;
  readonly bytes: Uint8Array;
  readonly reset: 'none' | 'message';
  /** Where the input came from, for the report (the bytes themselves may be large). */
  readonly source: string;
}

const LONG_BYTES = 64 * 1024;
const hexOf = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** The first folder of these that holds the shared corpora: FAIRWIRE_CORPORA, the repository's corpora/, ../shared/corpora. */
function corporaDir(): string | undefined {
  const candidates = [
    process.env['FAIRWIRE_CORPORA'],
    fileURLToPath(new URL('../../corpora', import.meta.url)),
    fileURLToPath(new URL('../../../corpora', import.meta.url)),
    fileURLToPath(new URL('../../../shared/corpora', import.meta.url)),
  ];
  return candidates.find((d): d is string => d !== undefined && d !== '' && existsSync(join(d, 'mfast-complex', 'complex30000.dat')));
}

interface MfastCorpus {
  readonly xml: string;
  readonly data: Buffer;
  /** Offset of every frame's FAST bytes and its length (the file is len32le-framed). */
  readonly frames: readonly (readonly [number, number])[];
}

let mfast: MfastCorpus | null | undefined;
function mfastCorpus(): MfastCorpus | null {
  if (mfast !== undefined) return mfast;
  const dir = corporaDir();
  mfast = null;
  if (dir === undefined) return null;
  const data = readFileSync(join(dir, 'mfast-complex', 'complex30000.dat'));
  const frames: [number, number][] = [];
  for (let p = 0; p + 4 <= data.length; ) {
    const n = data.readUInt32LE(p);
    if (p + 4 + n > data.length) break;
    frames.push([p + 4, n]);
    p += 4 + n;
  }
  mfast = { xml: readFileSync(join(dir, 'mfast-complex', 'example.xml'), 'utf8'), data, frames };
  return mfast;
}

const TEMPLATE_FILES = ['fast-templates/openfast-fpl.xml', 'fast-templates/rsfastlib-cqg.xml', 'fast-templates/rsfastlib-spec.xml', 'fast-templates/rsfastlib-spec2.xml'];

let templateFiles: { name: string; xml: string; templates: readonly Template[] }[] | undefined;
/** The real-world template files that the FPGA compiler accepts (others are no input for this property). */
function realTemplates(): { name: string; xml: string; templates: readonly Template[] }[] {
  if (templateFiles !== undefined) return templateFiles;
  templateFiles = [];
  const dir = corporaDir();
  if (dir === undefined) return templateFiles;
  for (const name of TEMPLATE_FILES) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    const xml = readFileSync(file, 'utf8');
    try {
      const set = parseTemplates(xml);
      compile(set);
      if (set.templates.some((t) => t.id !== undefined)) templateFiles.push({ name, xml, templates: set.templates });
    } catch {
      // A file the FPGA compiler rejects (a static error) is not an equivalence input.
    }
  }
  return templateFiles;
}

const maybeMutate = (bytes: Uint8Array, muts: StreamMutation[] | null): Uint8Array => (muts === null ? bytes : applyMutations(bytes, muts));
const mutations = fc.option(fastStreamMutations(), { nil: null, freq: 2 });
const describeMutations = (m: StreamMutation[] | null): string => (m === null ? '' : `, mutated ${JSON.stringify(m)}`);

function generated(caps: FpgaAdapter['capabilities']): fc.Arbitrary<WasmEquivalenceInput> {
  return fc.tuple(fastCase(caps), mutations, fc.boolean()).map(([c, muts, long]) => {
    const { xml } = templateSetOf(c.templates);
    const clean = encodeStream(c.templates, c.stream);
    let bytes = clean;
    if (long && clean.length > 0) {
      // The same stream again and again: still a valid stream of messages, decoded with the
      // dictionary state running on (reset none) or reset per message.
      const times = Math.ceil(LONG_BYTES / clean.length);
      bytes = new Uint8Array(clean.length * times);
      for (let i = 0; i < times; i++) bytes.set(clean, i * clean.length);
    }
    return { xml, bytes: maybeMutate(bytes, muts), reset: c.stream.reset, source: `generated${long ? `, repeated to ${bytes.length} bytes` : ''}${describeMutations(muts)}` };
  });
}

function mfastWindows(corpus: MfastCorpus): fc.Arbitrary<WasmEquivalenceInput> {
  const n = corpus.frames.length;
  return fc
    .tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: 400 }), fc.constantFrom<'none' | 'message'>('message', 'none'), mutations)
    .map(([start, count, reset, muts]) => {
      const end = Math.min(n, start + count);
      const parts = corpus.frames.slice(start, end).map(([at, len]) => corpus.data.subarray(at, at + len));
      const bytes = new Uint8Array(Buffer.concat(parts));
      return { xml: corpus.xml, bytes: maybeMutate(bytes, muts), reset, source: `mfast-complex/complex30000.dat frames ${start}..${end - 1}${describeMutations(muts)}` };
    });
}

function realTemplateStreams(files: { name: string; xml: string; templates: readonly Template[] }[]): fc.Arbitrary<WasmEquivalenceInput> {
  return fc.oneof(
    ...files.map((f) =>
      fc.tuple(fastMessageStream(f.templates), mutations).map(([spec, muts]) => {
        const stream = resolveStream(f.templates, spec);
        const { set } = templateSetOf(f.templates);
        const enc = new FastEncoder(set, { reset: stream.reset });
        const parts: Uint8Array[] = [];
        for (const m of stream.messages) {
          try {
            parts.push(enc.encodeMessage(m));
          } catch {
            // A message impossible under the dictionary state of these files (shared keys of
            // different types, a tail that would shorten its base): left out of the stream.
          }
        }
        return { xml: f.xml, bytes: maybeMutate(new Uint8Array(Buffer.concat(parts)), muts), reset: stream.reset, source: `${f.name}, generated messages${describeMutations(muts)}` };
      }),
    ),
  );
}

export const wasmEquivalence: Property<FpgaAdapter, WasmEquivalenceInput> = defineProperty<FpgaAdapter, WasmEquivalenceInput>({
  id: 'fpga.wasm.equivalence',
  component: 'fpga',
  title: 'the subject writes the same ring records, byte for byte, as the microcode interpreter on generated, long, corrupted and corpus streams',
  requires: ['records'],
  arbitrary: (caps) => {
    const kinds: fc.Arbitrary<WasmEquivalenceInput>[] = [generated(caps)];
    const corpus = mfastCorpus();
    if (corpus !== null) kinds.push(mfastWindows(corpus));
    const files = realTemplates();
    if (files.length > 0) kinds.push(realTemplateStreams(files));
    return fc.oneof(...kinds);
  },
  describe: (i) => ({ source: i.source, reset: i.reset, bytes: i.bytes.length > 4096 ? `${i.bytes.length} bytes` : hexOf(i.bytes), xml: i.xml }),
  check: async (subject, oracle, i) => {
    const run = async (a: FpgaAdapter) => {
      await a.loadTemplates(i.xml);
      await a.reset();
      return (await a.decode(i.bytes, { reset: i.reset })).records.map(hexOf);
    };
    const want = await run(oracle);
    const got = await run(subject);
    assertSameCanonical('ring records', want, got, (d) => defaultSignature(d, 'records'));
  },
});
