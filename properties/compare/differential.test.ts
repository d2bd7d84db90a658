import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FastDecoderAdapter } from '../../adapters/fast.ts';
import { AdapterFault } from '../../adapters/fault.ts';
import { createReferenceFastDecoder } from '../../adapters/reference/fast.ts';
import { FAST_MUTANTS } from '../../adapters/mutants/fast-mutants.ts';
import type { StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { compareCapture, type CaptureFrame, type CaptureReset, type Divergence } from './differential.ts';
import { sameCanonical } from './same-canonical.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';

const CORPUS = new URL('../../corpora/mfast-complex/', import.meta.url);
const xml = readFileSync(new URL('example.xml', CORPUS), 'utf8');
const templates = parseTemplates(xml);
const data = new Uint8Array(readFileSync(new URL('complex30000.dat', CORPUS)));

/** The corpus's len32le frames, numbered from 1. */
function corpusFrames(limit = Infinity): CaptureFrame[] {
  const out: CaptureFrame[] = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let o = 0; o < data.length && out.length < limit; ) {
    const n = view.getUint32(o, true);
    out.push({ bytes: data.subarray(o + 4, o + 4 + n), frame: out.length + 1, timestampNs: 1_700_000_000_000_000_000n + BigInt(out.length) * 1000n });
    o += 4 + n;
  }
  return out;
}

/** The reference, except that the frames listed decode with one field changed (or an error). */
function wrongOn(frames: ReadonlySet<number>, how: 'value' | 'error' = 'value'): FastDecoderAdapter & { decodes: number } {
  const ref = createReferenceFastDecoder();
  let call = 0;
  const a = {
    ...ref,
    name: 'wrong-on',
    decodes: 0,
    async decode(bytes: Uint8Array, o: { readonly reset: 'none' | 'message' }): Promise<StreamDecodeResult> {
      a.decodes++;
      const r = await ref.decode(bytes, o);
      if (!frames.has(++call)) return r;
      if (how === 'error') return { messages: [], error: { code: 'D9', class: 'dynamic', offset: 0, message: 'planted' }, reports: [] };
      const [m, ...rest] = r.messages;
      return { ...r, messages: [{ ...m!, fields: { ...m!.fields, MsgSeqNum: '999999' } }, ...rest] };
    },
  };
  return a;
}

async function run(subject: FastDecoderAdapter, frames: CaptureFrame[], reset: CaptureReset, batchFrames = 64) {
  const found: Divergence[] = [];
  const outcome = await compareCapture(frames, { xml, templates, subject, oracle: createReferenceFastDecoder(), reset, batchFrames, onDivergence: (d) => found.push(d) });
  return { ...outcome, found };
}

describe('compareCapture', () => {
  it('reports nothing when the subject is the reference (whole mFAST corpus, a reset per message)', async () => {
    const { totals, found, interrupted } = await run(createReferenceFastDecoder(), corpusFrames(), 'message', 512);
    expect(interrupted).toBe(false);
    expect(found).toEqual([]);
    expect(totals.frames).toBe(30001);
    expect(totals.messages).toBe(30001);
    expect(Object.fromEntries([...totals.byTemplate].map(([id, t]) => [id, t.messages]))).toEqual({ 1: 29700, 2: 300, 99: 1 });
  });

  it('finds a mutant on the corpus: message index, frame, timestamp, template, first differing field, reproducer = the frame', async () => {
    const mutant = FAST_MUTANTS.find((m) => m.name === 'fast-increment-as-copy')!;
    const frames = corpusFrames(200);
    const { totals, found } = await run(await mutant.create(), frames, 'message');
    expect(found.length).toBeGreaterThan(0);
    expect(totals.divergences).toBe(found.length);
    const d = found[0]!;
    expect(d).toMatchObject({ message: 1, frame: 2, templateId: 1, field: 'MDEntries[1].RptSeq', kind: 'value-differs', expected: '1', actual: '0', reproducerFrom: 2 });
    expect(d.timestampNs).toBe(frames[1]!.timestampNs);
    expect([...d.reproducer!]).toEqual([...frames[1]!.bytes]);
    expect([...totals.byField.values()].map((f) => f.field)).toEqual(['MDEntries[1].RptSeq']);
  });

  it('under --reset packet every wrong frame is one divergence, whatever the batch size', async () => {
    const frames = corpusFrames(100);
    for (const batch of [1, 7, 512]) {
      const { totals, found } = await run(wrongOn(new Set([3, 50, 51])), frames, 'packet', batch);
      expect(found.map((d) => [d.frame, d.message, d.field])).toEqual([
        [3, 2, 'MsgSeqNum'],
        [50, 49, 'MsgSeqNum'],
        [51, 50, 'MsgSeqNum'],
      ]);
      expect(totals.frames).toBe(100);
      expect(totals.messages).toBe(100);
    }
  });

  it('under --reset none a divergence resynchronises both sides: the rest of the batch is decoded again from a reset, the reproducer runs from the last reset point', async () => {
    const frames = corpusFrames(40);
    const subject = wrongOn(new Set([5]));
    const { totals, found } = await run(subject, frames, 'none', 16);
    expect(found.map((d) => [d.frame, d.reproducerFrom])).toEqual([[5, 1]]);
    expect(found[0]!.reproducer!.length).toBe(frames.slice(0, 5).reduce((s, f) => s + f.bytes.length, 0));
    expect(totals.frames).toBe(40);
    // Frames 6..16 of the first batch were decoded twice by the subject (once on the diverged state).
    expect(subject.decodes).toBe(40 + 11);
    // Past the size limit no reproducer is kept (bounded memory), the reset point is still named.
    const capped = await compareCapture(frames, { xml, templates, subject: wrongOn(new Set([5])), oracle: createReferenceFastDecoder(), reset: 'none', maxReproducerBytes: 100, onDivergence: (d) => expect([d.frame, d.reproducer, d.reproducerFrom]).toEqual([5, null, 1]) });
    expect(capped.totals.divergences).toBe(1);
  });

  it('the reproducer is cut to the diverging message: under a reset per message just its bytes, under none from the reset point to its end', async () => {
    const frames = corpusFrames(12);
    // All twelve messages in one raw frame; the subject gets the 7th (index 6) wrong.
    const raw: CaptureFrame[] = [{ bytes: Uint8Array.from(frames.flatMap((f) => [...f.bytes])), frame: 1 }];
    const mutant = FAST_MUTANTS.find((m) => m.name === 'fast-increment-as-copy')!;
    const { found } = await run(await mutant.create(), raw, 'message');
    expect(found).toHaveLength(1); // one frame: its first difference
    const d = found[0]!;
    expect([...d.reproducer!]).toEqual([...frames[d.message]!.bytes]);
    const none = await run(wrongOn(new Set([1])), raw, 'none');
    expect(none.found[0]!.reproducer!.length).toBe(frames[0]!.bytes.length); // message 0 diverges: cut at its end
  });

  it('an error on one side only is a verdict divergence; the same error on both is not', async () => {
    const frames = corpusFrames(10);
    const { found } = await run(wrongOn(new Set([4]), 'error'), frames, 'message');
    expect(found.map((d) => [d.frame, d.field, d.kind])).toEqual([[4, '(message)', 'missing']]);
    const truncated = frames.map((f, i) => (i === 2 ? { ...f, bytes: f.bytes.subarray(0, 10) } : f));
    const same = await run(createReferenceFastDecoder(), truncated, 'message');
    expect(same.found).toEqual([]);
    expect(same.totals.errorsAgreed).toBe(1);
  });

  it('stops at a batch boundary when the signal is aborted, counting what ran', async () => {
    const abort = new AbortController();
    const outcome = await compareCapture(corpusFrames(300), {
      xml,
      templates,
      subject: createReferenceFastDecoder(),
      oracle: createReferenceFastDecoder(),
      reset: 'message',
      batchFrames: 100,
      signal: abort.signal,
      onBatch: () => abort.abort(),
    });
    expect(outcome.interrupted).toBe(true);
    expect(outcome.totals.frames).toBe(100);
  });

  it('a subject that throws is an adapter fault, not a divergence', async () => {
    const ref = createReferenceFastDecoder();
    const throwing: FastDecoderAdapter = { ...ref, decode: () => Promise.reject(new TypeError('boom')) };
    await expect(run(throwing, corpusFrames(3), 'message')).rejects.toBeInstanceOf(AdapterFault);
  });
});

describe('sameCanonical', () => {
  it('is structural equality of canonical values, key order aside', () => {
    expect(sameCanonical({ a: '1', b: [{ c: null }] }, { b: [{ c: null }], a: '1' })).toBe(true);
    expect(sameCanonical({ a: '1' }, { a: '1', b: null })).toBe(false);
    expect(sameCanonical({ a: '1', b: null }, { a: '1' })).toBe(false);
    expect(sameCanonical([], {})).toBe(false);
    expect(sameCanonical({ exponent: 0, mantissa: '1' }, { exponent: 0, mantissa: '10' })).toBe(false);
    expect(sameCanonical(null, {})).toBe(false);
    expect(sameCanonical(JSON.parse('{"__proto__":{}}'), {})).toBe(false);
    expect(sameCanonical({}, JSON.parse('{"__proto__":{}}'))).toBe(false);
  });
});
