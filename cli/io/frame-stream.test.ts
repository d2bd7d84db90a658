import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../reference/net/capture-io.ts';
import { captureDatagrams } from '../net/framing-pcap.ts';
import { synthesize } from '../net/synth.ts';
import { ByteSource } from './byte-source.ts';
import { captureRecordBatches, FrameStreamError, len32leFrames, pcapFrames, type StreamFrame } from './frame-stream.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 914);

/** A ByteSource delivering `bytes` in chunks cut at `cuts` (fresh copies, as a file read gives). */
function source(bytes: Uint8Array, cuts: readonly number[]): ByteSource {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  async function* chunks() {
    let from = 0;
    for (const c of [...at, bytes.length]) {
      if (c > from) yield bytes.slice(from, c);
      from = Math.max(from, c);
    }
  }
  return new ByteSource(chunks(), bytes.length, 'test');
}

async function collect<T>(batches: AsyncGenerator<T[]>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  try {
    for await (const b of batches) items.push(...b);
    return { items, error: undefined };
  } catch (error) {
    return { items, error };
  }
}

function len32le(frames: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(frames.flatMap((f) => [Buffer.from(Uint32Array.of(f.length).buffer), Buffer.from(f)]));
}

const cutsArb = fc.array(fc.nat(), { maxLength: 12 });
const params = { seed: SEED, numRuns: 60 };

describe('len32le frames, streamed', () => {
  it('yields exactly the frames, whatever the chunking; a cut frame after the whole ones, with its offset', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 20 }), cutsArb, fc.nat(), async (frames, cuts, cutRaw) => {
        const bytes = len32le(frames);
        const whole = await collect(len32leFrames(source(bytes, cuts)));
        expect(whole.error).toBeUndefined();
        expect(whole.items.map((f: StreamFrame) => Buffer.from(f.bytes))).toEqual(frames.map((f) => Buffer.from(f)));
        if (bytes.length === 0) return;
        const cut = cutRaw % bytes.length; // strictly shorter: something is cut
        const r = await collect(len32leFrames(source(bytes.subarray(0, cut), cuts)));
        let end = 0;
        let n = 0;
        while (n < frames.length && end + 4 + frames[n]!.length <= cut) end += 4 + frames[n++]!.length;
        expect(r.items.map((f) => Buffer.from(f.bytes))).toEqual(frames.slice(0, n).map((f) => Buffer.from(f)));
        if (cut === end) expect(r.error).toBeUndefined();
        else {
          expect(r.error).toBeInstanceOf(FrameStreamError);
          expect((r.error as FrameStreamError).offset).toBe(end);
          expect((r.error as FrameStreamError).frame).toBe(n);
        }
      }),
      params,
    );
  });
});

describe('pcap and pcapng, streamed', () => {
  it('records and datagrams equal the whole-file reader, whatever the chunking; a cut capture yields the records before the cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<'pcap' | 'pcapng'>('pcap', 'pcapng'), fc.boolean(), fc.integer({ min: 1, max: 1000 }), cutsArb, fc.nat(), async (format, fcs, seed, cuts, cutRaw) => {
        const { file } = synthesize({ count: 30, seed, fcs, format });
        const want = readCapture(file).records;
        const got = await collect(captureRecordBatches(source(file, cuts)));
        expect(got.error).toBeUndefined();
        expect(got.items.map((r) => r.record)).toEqual(want);
        const dg = await collect(pcapFrames(source(file, cuts)));
        expect(dg.items.map((f) => [f.index, f.tsNs, Buffer.from(f.bytes)])).toEqual(captureDatagrams(file).datagrams.map((d) => [d.frame, d.tsNs, Buffer.from(d.payload)]));
        const cut = 1 + (cutRaw % (file.length - 1));
        const part = await collect(captureRecordBatches(source(file.subarray(0, cut), cuts)));
        expect(part.items.map((r) => r.record)).toEqual(want.slice(0, part.items.length));
        const ends = got.items.map((r, i) => (got.items[i + 1]?.offset ?? file.length));
        const whole = ends.filter((e) => e <= cut).length;
        expect(part.items).toHaveLength(whole);
        if (ends.includes(cut)) expect(part.error).toBeUndefined();
        else {
          expect(part.error).toBeInstanceOf(FrameStreamError);
          expect((part.error as FrameStreamError).message).toMatch(/^pcap: capture-(truncated|bad-magic)/);
        }
      }),
      { ...params, numRuns: 30 },
    );
  });

  it('a pcap of 49 whole records and a partial 50th: the 49, then capture-truncated naming record 49 and its offset', async () => {
    const { file } = synthesize({ count: 50, seed: 3, fcs: false, format: 'pcap' });
    const all = await collect(captureRecordBatches(source(file, [])));
    expect(all.items).toHaveLength(50);
    const last = all.items[49]!;
    const r = await collect(captureRecordBatches(source(file.subarray(0, file.length - 5), [4096, 8192])));
    expect(r.items).toHaveLength(49);
    expect((r.error as FrameStreamError).message).toMatch(new RegExp(`capture-truncated: .*cut short \\(frame 49\\) \\(offset ${last.offset + 16}\\)`));
  });
});
