import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold16, sum16Wordwise } from './checksum.ts';
import { FrameScratch, kernelCrc32, kernelSumFolded, MIN_WASM_BYTES, REGION } from './checksum-kernel.ts';
import { crc32Bitwise, readFcs, writeFcs } from './crc32.ts';
import { sleb, uleb } from '../wasm/wasm-asm.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

/** bytes at an arbitrary byte offset of a larger buffer, and a range [s, e) inside them. */
const viewAndRange = fc
  .tuple(fc.uint8Array({ maxLength: 400, size: 'max' }), fc.integer({ min: 0, max: 7 }), fc.nat(), fc.nat())
  .map(([raw, off, x, y]) => {
    const b = new Uint8Array(raw.length + off).subarray(off);
    b.set(raw);
    const s = b.length ? x % b.length : 0;
    return { b, s, e: s + (y % (b.length - s + 1)) };
  });

const oracleSum = (b: Uint8Array, s: number, e: number, initial: number) => fold16(sum16Wordwise(b, s, e, initial));

describe('wasm-asm', () => {
  it('encodes LEB128 as the spec examples', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(0xffff)).toEqual([0xff, 0xff, 0x03]);
  });
});

describe('checksum kernel (wasm) against the bytewise oracles', () => {
  it('CRC-32 equals the bit-at-a-time definition on any range of any view', () => {
    fc.assert(
      fc.property(viewAndRange, ({ b, s, e }) => {
        const k = kernelCrc32(b, s, e);
        if (e - s < MIN_WASM_BYTES) expect(k).toBe(-1);
        else expect(k).toBe(crc32Bitwise(b, s, e));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('every length from 24 to 80 (each slice-by-16 / 8 / 4 / byte tail combination)', () => {
    const b = Uint8Array.from({ length: 90 }, (_, i) => (i * 167 + 13) & 255);
    for (let n = MIN_WASM_BYTES; n <= 80; n++) for (const s of [0, 1, 3]) expect(kernelCrc32(b, s, s + n)).toBe(crc32Bitwise(b, s, s + n));
  });

  it('the folded Internet checksum equals fold16(sum16) of the word-at-a-time definition', () => {
    fc.assert(
      fc.property(viewAndRange, fc.nat({ max: 0xffffff }), fc.boolean(), ({ b, s, e }, initial, zeroInitial) => {
        const i = zeroInitial ? 0 : initial;
        const k = kernelSumFolded(b, s, e, i);
        if (e - s < MIN_WASM_BYTES) expect(k).toBe(-1);
        else expect(k).toBe(oracleSum(b, s, e, i));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('extremes: all-ones over the whole region with the largest initial sum; all zeros stay 0', () => {
    const ff = new Uint8Array(REGION).fill(0xff);
    for (const [s, e, i] of [[0, REGION, 0xffffff], [1, REGION, 0xffffff], [0, REGION - 1, 0], [3, REGION - 2, 0xfffffe]] as const) {
      expect(kernelSumFolded(ff, s, e, i)).toBe(oracleSum(ff, s, e, i));
    }
    const zero = new Uint8Array(200);
    expect(kernelSumFolded(zero, 0, 200, 0)).toBe(0);
    expect(kernelSumFolded(zero, 0, 200, 0xffff)).toBe(0xffff);
    expect(kernelSumFolded(zero, 0, 200, 0x10000)).toBe(1);
  });

  it('declines what it cannot take (the caller then runs JS)', () => {
    const b = new Uint8Array(100);
    expect(kernelCrc32(b, 0, 101)).toBe(-1);
    expect(kernelCrc32(b, -1, 50)).toBe(-1);
    expect(kernelCrc32(new Uint8Array(REGION + 1), 0, 100)).toBe(-1);
    expect(kernelSumFolded(b, 0, 100, -1)).toBe(-1);
    expect(kernelSumFolded(b, 0, 100, 0x1000000)).toBe(-1);
    expect(kernelSumFolded(b, 0, 100, 0.5)).toBe(-1);
  });
});

describe('FrameScratch', () => {
  it('FCS, CRC and sums over the copied frame equal the oracles', () => {
    fc.assert(
      fc.property(viewAndRange, fc.nat({ max: 0xffffff }), fc.boolean(), ({ b, s, e }, initial, fixFcs) => {
        const x = new FrameScratch();
        x.reset();
        expect(x.crc32(b, s, e)).toBe(crc32Bitwise(b, s, e));
        expect(x.sumFolded(b, s, e, initial)).toBe(oracleSum(b, s, e, initial));
        if (b.length >= 4) {
          const end = b.length - 4;
          if (fixFcs) {
            writeFcs(b, end, crc32Bitwise(b, 0, end));
            x.reset();
          }
          expect(x.fcsValid(b, end)).toBe(crc32Bitwise(b, 0, end) === readFcs(b, end) ? 1 : 0);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('copies again after reset (a reused receive buffer) and never sees another user of the memory', () => {
    const b = Uint8Array.from({ length: 128 }, (_, i) => i);
    const c = Uint8Array.from({ length: 128 }, (_, i) => 255 - i);
    const x = new FrameScratch();
    const y = new FrameScratch();
    x.reset();
    expect(x.crc32(b, 0, 124)).toBe(crc32Bitwise(b, 0, 124));
    b[5]! ^= 1;
    x.reset();
    expect(x.crc32(b, 0, 124)).toBe(crc32Bitwise(b, 0, 124));
    // Another scratch, a one-off call and another frame in between: x still answers for b.
    y.reset();
    expect(y.sumFolded(c, 0, 128, 7)).toBe(oracleSum(c, 0, 128, 7));
    expect(kernelCrc32(c, 0, 128)).toBe(crc32Bitwise(c, 0, 128));
    expect(x.crc32(b, 0, 124)).toBe(crc32Bitwise(b, 0, 124));
    expect(x.sumFolded(c, 10, 100, 0)).toBe(oracleSum(c, 10, 100, 0));
    expect(x.crc32(b, 3, 120)).toBe(crc32Bitwise(b, 3, 120));
  });

  it('declines frames larger than its region and ranges outside the frame', () => {
    const x = new FrameScratch();
    x.reset();
    expect(x.crc32(new Uint8Array(REGION + 1), 0, 10)).toBe(-1);
    expect(x.sumFolded(new Uint8Array(10), 0, 11, 0)).toBe(-1);
    expect(x.fcsValid(new Uint8Array(10), 7)).toBe(-1);
    expect(x.fcsValid(new Uint8Array(10), -2)).toBe(-1);
    expect(x.crc32(new Uint8Array(10), 5, 4)).toBe(-1);
    expect(x.sumFolded(new Uint8Array(10), 0, 10, 1 << 24)).toBe(-1);
  });
});
