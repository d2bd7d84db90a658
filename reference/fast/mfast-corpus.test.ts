/**
 * The real mFAST performance corpus (../shared/corpora/mfast-complex, see its README): 30,001
 * messages, each behind a 4-byte little-endian length prefix. The corpus comes with no expected
 * decoded values, so nothing here is copied from our decoder's output. What is asserted:
 *
 * - provenance: the files are the ones the README describes (sha256, sizes, framing);
 * - the README's counts and values (template mix, entries per message, the first prices, the
 *   no-reset running totals), each a fact recorded with the corpus;
 * - constants taken from the template file itself;
 * - for every message, agreement with a second decoder path written separately: the FPGA model
 *   (template compiler + microcode interpreter or its JIT + DMA ring + host-side record
 *   assembler), one reset policy each. (A test-only import from reference/fpga: the production direction,
 *   fpga -> fast, is unchanged.)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FpgaFeed, interpreterFactory, jitFactory } from '../fpga/fpga-decoder.ts';
import type { CanonicalFields, CanonicalMessage } from './canonical.ts';
import { FastDecoder } from './decoder.ts';
import { parseTemplates } from './template-parser.ts';
import { corpusPath, corpusSkipReason, titled } from './testing/corpora.ts';

const DAT = 'mfast-complex/complex30000.dat';
const XML = 'mfast-complex/example.xml';
const skip = corpusSkipReason(DAT, XML);

/** Splits len32le framing; throws unless the prefixes land exactly on the end. */
function splitLen32le(data: Uint8Array): Uint8Array[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const frames: Uint8Array[] = [];
  let off = 0;
  while (off < data.length) {
    if (off + 4 > data.length) throw new Error(`truncated length prefix at ${off}`);
    const len = view.getUint32(off, true);
    off += 4;
    if (off + len > data.length) throw new Error(`frame at ${off} overruns the file`);
    frames.push(data.subarray(off, off + len));
    off += len;
  }
  return frames;
}

const files = skip === undefined ? { dat: readFileSync(corpusPath(DAT)!), xml: readFileSync(corpusPath(XML)!, 'utf8') } : undefined;
const frames = () => splitLen32le(files!.dat);

const cache = new Map<string, CanonicalMessage[]>();
function decodeAll(reset: 'message' | 'none'): CanonicalMessage[] {
  const hit = cache.get(reset);
  if (hit) return hit;
  const decoder = new FastDecoder(parseTemplates(files!.xml), { reset });
  const msgs = frames().map((frame, i) => {
    const d = decoder.decodeMessage(frame, 0);
    if (d.end !== frame.length) throw new Error(`message ${i} used ${d.end} of ${frame.length} bytes`);
    if (d.reports.length > 0) throw new Error(`message ${i}: ${JSON.stringify(d.reports)}`);
    return d.message;
  });
  cache.set(reset, msgs);
  return msgs;
}

const firstPx = (m: CanonicalMessage): bigint => {
  const entries = m.fields['MDEntries'] as CanonicalFields[];
  return BigInt((entries[0]!['MDEntryPx'] as { mantissa: string }).mantissa);
};

describe.skipIf(skip !== undefined)(titled('mFAST complex30000 corpus', skip), () => {
  it('is the corpus the README describes: sha256, size, framing (README "Stream")', () => {
    const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
    expect(sha(files!.dat)).toBe('774caab9e8a65bc78a580f252354f25a022d9958dd7f553bf9e2f34c814a954a');
    expect(sha(files!.xml)).toBe('cc61a119db77f1b4953cde3455ef342fd774b12effbe1b7861336b8122becd22');
    expect(files!.dat.length).toBe(2_116_196);
    const f = frames();
    expect(f.length).toBe(30001);
    const sizes = f.map((x) => x.length);
    expect(Math.min(...sizes)).toBe(2);
    expect(Math.max(...sizes)).toBe(102);
    expect(Buffer.from(f[30000]!).toString('hex')).toBe('c0e3'); // "the final message is template 99 (2 bytes: C0 E3)"
  });

  it('decodes all 30,001 messages with reset per message, with the README counts', () => {
    const msgs = decodeAll('message');
    expect(msgs.length).toBe(30001);
    const byTemplate = new Map<number, number>();
    for (const m of msgs) byTemplate.set(m.templateId, (byTemplate.get(m.templateId) ?? 0) + 1);
    expect(Object.fromEntries(byTemplate)).toEqual({ 1: 29700, 2: 300, 99: 1 });
    expect(msgs.every((m, i) => (i % 100 === 0 && i < 30000) === (m.templateId === 2))).toBe(true);
    // The Done template's constant, read from example.xml rather than from the decoder.
    const done = /<template name="Done" id="99"[^>]*>\s*<string name="MessageType"[^>]*>\s*<constant value="([^"]*)"/.exec(files!.xml);
    expect(done).not.toBeNull();
    expect(msgs[30000]).toEqual({ templateId: 99, fields: { MessageType: done![1] } });

    const md = msgs.filter((m) => m.templateId === 1);
    const counts = new Map<number, number>();
    for (const m of md) {
      const n = (m.fields['MDEntries'] as unknown[]).length;
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ 1: 5700, 2: 6000, 3: 6000, 4: 6000, 5: 6000 });
    expect(md.reduce((n, m) => n + (m.fields['MDEntries'] as unknown[]).length, 0)).toBe(89_700);
    expect(md.slice(0, 3).map(firstPx)).toEqual([26n, 27n, 28n]); // "goes 26, 27, 28, …"
  });

  it('without reset, delta fields become running totals (README: up to 1,102,500; 29,699 messages differ)', () => {
    const reset = decodeAll('message');
    const none = decodeAll('none');
    expect(none.length).toBe(30001);
    expect(none.filter((m, i) => JSON.stringify(m) !== JSON.stringify(reset[i])).length).toBe(29699);
    // "the no-reset value of the first entry equals the last no-reset value of the previous
    // message plus the reset value"
    let maxPx = 0n;
    let prevLast: bigint | undefined;
    for (let i = 0; i < none.length; i++) {
      const m = none[i]!;
      if (m.templateId !== 1) continue;
      const first = firstPx(m);
      if (prevLast !== undefined) expect(first).toBe(prevLast + firstPx(reset[i]!));
      for (const e of m.fields['MDEntries'] as CanonicalFields[]) {
        const v = BigInt((e['MDEntryPx'] as { mantissa: string }).mantissa);
        if (v > maxPx) maxPx = v;
        prevLast = v;
      }
    }
    expect(maxPx).toBe(1_102_500n);
  });

  // The interpreter for one policy, the JIT (same microcode, generated JavaScript) for the other.
  for (const [reset, engine, factory] of [['message', 'interpreter', interpreterFactory], ['none', 'JIT', jitFactory]] as const) {
    it(`every message agrees with the FPGA model's decode (${engine}, reset ${reset})`, () => {
      const ours = decodeAll(reset);
      const feed = new FpgaFeed(parseTemplates(files!.xml), {}, factory);
      let i = 0;
      for (const frame of frames()) {
        const r = feed.decode(frame, reset).result;
        expect(r.error, `frame ${i}`).toBeNull();
        expect(r.messages.length, `frame ${i}`).toBe(1);
        if (JSON.stringify(r.messages[0]) !== JSON.stringify(ours[i])) {
          expect.fail(`frame ${i}: FPGA model ${JSON.stringify(r.messages[0])} vs decoder ${JSON.stringify(ours[i])}`);
        }
        i++;
      }
      expect(i).toBe(30001);
    });
  }
});
