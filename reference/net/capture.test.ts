import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from './capture.ts';
import { readCapture, writeCapture } from './capture-io.ts';
import { NetError } from './errors.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

const recordArb = (fcs: boolean, ns: boolean) =>
  fc.record({
    tsNs: fc.bigInt({ min: 0n, max: 4_000_000_000n * 1_000_000_000n }).map((t) => (ns ? t : (t / 1000n) * 1000n)),
    data: fc.uint8Array({ minLength: 0, maxLength: 100 }),
    fcs: fc.constant(fcs),
  }).map((r): CaptureRecord => ({ ...r, originalLength: r.data.length }));

describe('pcap and pcapng', () => {
  for (const format of ['pcap', 'pcapng'] as const) {
    for (const byteOrder of ['le', 'be'] as const) {
      for (const resolution of ['us', 'ns'] as const) {
        it(`${format} ${byteOrder} ${resolution}: read(write(records)) = records`, () => {
          fc.assert(
            fc.property(fc.boolean(), fc.boolean().chain((fcs) => fc.tuple(fc.constant(fcs), fc.array(recordArb(fcs, resolution === 'ns'), { maxLength: 5 }))), (_x, [fcs, records]) => {
              const file = writeCapture(records, { format, byteOrder, resolution, fcs });
              const cap = readCapture(file);
              expect(cap).toMatchObject({ format, byteOrder, resolution, linkType: 1 });
              expect(cap.records).toEqual(records);
            }),
            { seed: SEED, numRuns: 40 },
          );
        });
      }
    }
  }

  it('big-endian pcap magic is a1 b2 c3 d4 on disk; nanosecond pcap is a1 b2 3c 4d', () => {
    expect([...writeCapture([], { format: 'pcap', byteOrder: 'be', resolution: 'us', fcs: false }).slice(0, 4)]).toEqual([0xa1, 0xb2, 0xc3, 0xd4]);
    expect([...writeCapture([], { format: 'pcap', byteOrder: 'le', resolution: 'ns', fcs: false }).slice(0, 4)]).toEqual([0x4d, 0x3c, 0xb2, 0xa1]);
  });

  it('pcapng: sections of either byte order follow each other; Simple Packet Blocks are read', () => {
    const rec = (n: number): CaptureRecord => ({ tsNs: BigInt(n) * 1000n, data: Uint8Array.of(n, n, n), originalLength: 3, fcs: false });
    const le = writeCapture([rec(1)], { format: 'pcapng', byteOrder: 'le', resolution: 'us', fcs: false });
    const be = writeCapture([rec(2), rec(3)], { format: 'pcapng', byteOrder: 'be', resolution: 'us', fcs: false });
    // A Simple Packet Block (type 3) appended to the big-endian section: 4-byte length, data padded.
    const spb = Uint8Array.of(0, 0, 0, 3, 0, 0, 0, 20, 0, 0, 0, 3, 9, 9, 9, 0, 0, 0, 0, 20);
    const both = new Uint8Array([...le, ...be, ...spb]);
    const cap = readCapture(both);
    expect(cap.byteOrder).toBe('le');
    expect(cap.records.map((r) => [...r.data])).toEqual([[1, 1, 1], [2, 2, 2], [3, 3, 3], [9, 9, 9]]);
    expect(cap.records.map((r) => r.tsNs)).toEqual([1000n, 2000n, 3000n, 0n]);
  });

  it('a truncated file names the record and the offset', () => {
    const rec: CaptureRecord = { tsNs: 5n, data: new Uint8Array(60), originalLength: 60, fcs: false };
    const file = writeCapture([rec, rec], { format: 'pcap', byteOrder: 'le', resolution: 'us', fcs: false });
    const cut = file.slice(0, file.length - 10);
    try {
      readCapture(cut);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NetError);
      expect((e as NetError).code).toBe('capture-truncated');
      expect((e as NetError).frameIndex).toBe(1);
      expect((e as NetError).offset).toBe(24 + 16 + 60 + 16);
    }
  });

  it('another link type is a typed error', () => {
    const file = writeCapture([], { format: 'pcap', byteOrder: 'le', resolution: 'us', fcs: false });
    file[20] = 105; // 802.11
    expect(() => readCapture(file)).toThrow(/unsupported-link-type/);
    const ng = writeCapture([], { format: 'pcapng', byteOrder: 'le', resolution: 'us', fcs: false });
    ng[28 + 8] = 113; // Linux cooked
    expect(() => readCapture(ng)).toThrow(/unsupported-link-type/);
  });

  it('garbage and damaged files give a NetError, never anything else', () => {
    const good = writeCapture(
      [{ tsNs: 1n, data: new Uint8Array(64), originalLength: 64, fcs: true }],
      { format: 'pcapng', byteOrder: 'be', resolution: 'ns', fcs: true },
    );
    const goodPcap = writeCapture([{ tsNs: 1n, data: new Uint8Array(64), originalLength: 64, fcs: false }], { format: 'pcap', byteOrder: 'le', resolution: 'us', fcs: false });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.tuple(fc.constantFrom(good, goodPcap), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat()).map(([f, edits, cut]) => {
            const b = f.slice(0, f.length - (cut % 8));
            for (const [at, v] of edits) b[at % b.length] = v;
            return b;
          }),
        ),
        (b) => {
          try {
            readCapture(b);
          } catch (e) {
            expect(e).toBeInstanceOf(NetError);
          }
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });
});
