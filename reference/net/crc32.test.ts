import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGION } from './checksum-kernel.ts';
import { crc32, crc32Bitwise, crc32SliceBy8, fcsValid, readFcs, writeFcs } from './crc32.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

describe('crc32', () => {
  it('matches the standard check value of "123456789"', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('crc32 (wasm kernel or JS) and slice-by-8 equal the bit-at-a-time definition on any range', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300, size: 'max' }), fc.nat(), fc.nat(), (b, x, y) => {
        const s = b.length ? x % b.length : 0;
        const e = s + (b.length - s ? y % (b.length - s + 1) : 0);
        expect(crc32(b, s, e)).toBe(crc32Bitwise(b, s, e));
        expect(crc32SliceBy8(b, s, e)).toBe(crc32Bitwise(b, s, e));
        // The same bytes through a view at another byte offset of the buffer (unaligned).
        const v = new Uint8Array(b.length + 3).subarray(3);
        v.set(b);
        expect(crc32(v, s, e)).toBe(crc32Bitwise(b, s, e));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('buffers larger than the kernel region fall back to JS with the same result', () => {
    const big = Uint8Array.from({ length: REGION + 100 }, (_, i) => (i * 2654435761) >>> 24);
    expect(crc32(big)).toBe(crc32Bitwise(big));
    expect(crc32(big, 7, 1000)).toBe(crc32Bitwise(big, 7, 1000));
  });

  it('an appended FCS verifies, and any single flipped bit breaks it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (data, at, bit) => {
        const f = new Uint8Array(data.length + 4);
        f.set(data);
        writeFcs(f, data.length, crc32(data));
        expect(fcsValid(f)).toBe(true);
        expect(readFcs(f, data.length)).toBe(crc32(data));
        f[at % f.length]! ^= 1 << bit;
        expect(fcsValid(f)).toBe(false);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
