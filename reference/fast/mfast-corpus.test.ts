/**
 * The real mFAST performance corpus (corpora/mfast-complex, see its README): 30,001 messages,
 * each behind a 4-byte little-endian length prefix. Every message must decode and use exactly
 * its frame, under both reset policies, and agree with the facts the README records.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FastDecoder } from './decoder.ts';
import { parseTemplates } from './template-parser.ts';
import type { CanonicalFields, CanonicalMessage } from './canonical.ts';

const dir = [process.env['FAIRWIRE_CORPORA'], fileURLToPath(new URL('../../corpora', import.meta.url)), '/work/shared/corpora']
  .filter((p): p is string => !!p)
  .map((p) => join(p, 'mfast-complex'))
  .find((p) => existsSync(join(p, 'complex30000.dat')));

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

const cache = new Map<string, CanonicalMessage[]>();
function decodeAll(reset: 'message' | 'none'): CanonicalMessage[] {
  const hit = cache.get(reset);
  if (hit) return hit;
  const msgs = decodeFrames(reset);
  cache.set(reset, msgs);
  return msgs;
}

function decodeFrames(reset: 'message' | 'none'): CanonicalMessage[] {
  const set = parseTemplates(readFileSync(join(dir!, 'example.xml'), 'utf8'));
  const frames = splitLen32le(readFileSync(join(dir!, 'complex30000.dat')));
  const decoder = new FastDecoder(set, { reset });
  return frames.map((frame, i) => {
    const d = decoder.decodeMessage(frame, 0);
    if (d.end !== frame.length) throw new Error(`message ${i} used ${d.end} of ${frame.length} bytes`);
    if (d.reports.length > 0) throw new Error(`message ${i}: ${JSON.stringify(d.reports)}`);
    return d.message;
  });
}

const firstPx = (m: CanonicalMessage): bigint => {
  const entries = m.fields['MDEntries'] as CanonicalFields[];
  return BigInt((entries[0]!['MDEntryPx'] as { mantissa: string }).mantissa);
};

describe.skipIf(dir === undefined)('mFAST complex30000 corpus', () => {
  it('decodes all 30,001 messages with reset per message, as the README describes', () => {
    const msgs = decodeAll('message');
    expect(msgs.length).toBe(30001);
    const byTemplate = new Map<number, number>();
    for (const m of msgs) byTemplate.set(m.templateId, (byTemplate.get(m.templateId) ?? 0) + 1);
    expect(Object.fromEntries(byTemplate)).toEqual({ 1: 29700, 2: 300, 99: 1 });
    expect(msgs[0]!.templateId).toBe(2);
    expect(msgs.every((m, i) => (i % 100 === 0 && i < 30000) === (m.templateId === 2))).toBe(true);
    expect(msgs[30000]).toEqual({ templateId: 99, fields: { MessageType: '99' } });

    const md = msgs.filter((m) => m.templateId === 1);
    const counts = new Map<number, number>();
    for (const m of md) {
      const n = (m.fields['MDEntries'] as unknown[]).length;
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ 1: 5700, 2: 6000, 3: 6000, 4: 6000, 5: 6000 });
    const px = md.map(firstPx);
    expect(px.slice(0, 3)).toEqual([26n, 27n, 28n]);
    // The README says "between 26 and 49"; 900 first entries carry 25, sent as the plain delta
    // byte 0x99 from the type default 0 (e.g. message 25: ... B7 85 99 80 99 ...), so 25..49.
    expect(px.every((p) => p >= 25n && p <= 49n)).toBe(true);
    expect(px.filter((p) => p === 25n).length).toBe(900);
  });

  it('without reset, delta fields become running totals (README: up to 1,102,500)', () => {
    const reset = decodeAll('message');
    const none = decodeAll('none');
    expect(none.length).toBe(30001);
    const differing = none.filter((m, i) => JSON.stringify(m) !== JSON.stringify(reset[i])).length;
    expect(differing).toBe(29699);
    // First entry of each MarketData message: the previous message's last value plus the reset value.
    let maxPx = 0n;
    let prevLast: bigint | undefined;
    for (let i = 0; i < none.length; i++) {
      const m = none[i]!;
      if (m.templateId !== 1) continue;
      const entries = m.fields['MDEntries'] as CanonicalFields[];
      const first = firstPx(m);
      if (prevLast !== undefined) expect(first).toBe(prevLast + firstPx(reset[i]!));
      for (const e of entries) {
        const v = BigInt((e['MDEntryPx'] as { mantissa: string }).mantissa);
        if (v > maxPx) maxPx = v;
        prevLast = v;
      }
    }
    expect(maxPx).toBe(1102500n);
  });
});
