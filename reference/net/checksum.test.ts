import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checksumOf, fold16, pseudoHeaderSum, sum16, sum16Wordwise, sumVerifies } from './checksum.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

describe('internet checksum', () => {
  it('RFC 1071 §3 example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2', () => {
    const b = Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7);
    expect(fold16(sum16(b, 0, b.length))).toBe(0xddf2);
    expect(checksumOf(sum16(b, 0, b.length))).toBe(0x220d);
  });

  it('a header with its checksum inserted verifies; odd lengths pad with zero', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 9000 }), (b) => {
        b[0] = 0;
        b[1] = 0;
        const c = checksumOf(sum16(b, 0, b.length));
        b[0] = c >>> 8;
        b[1] = c & 255;
        expect(sumVerifies(sum16(b, 0, b.length))).toBe(true);
      }),
      { seed: SEED, numRuns: 100 },
    );
    expect(sum16(Uint8Array.of(1, 2, 3), 0, 3)).toBe(0x0102 + 0x0300);
  });

  it('the unrolled sum16 equals the word-at-a-time definition on any range, offset and view', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        fc.nat({ max: 0xffffff }),
        (raw, x, y, viewOffset, initial) => {
          // A view at an arbitrary byte offset of its buffer, and a range at any (odd or even) start and length.
          const b = raw.subarray(Math.min(viewOffset, raw.length));
          const s = b.length ? x % b.length : 0;
          const e = s + (y % (b.length - s + 1));
          expect(sum16(b, s, e, initial)).toBe(sum16Wordwise(b, s, e, initial));
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
    const ff = new Uint8Array(9000).fill(0xff);
    expect(sum16(ff, 0, 9000)).toBe(4500 * 0xffff);
    expect(sum16(ff, 1, 8998)).toBe(sum16Wordwise(ff, 1, 8998));
  });

  it('pseudo-header sum adds the address halves, protocol and length', () => {
    expect(pseudoHeaderSum(0x0a000001, 0xe0000001, 17, 8)).toBe(0x0a00 + 0x0001 + 0xe000 + 0x0001 + 17 + 8);
    // The NIC passes addresses as signed 32-bit integers: the same halves.
    expect(pseudoHeaderSum(0x0a000001, 0xe0000001 | 0, 17, 8)).toBe(pseudoHeaderSum(0x0a000001, 0xe0000001, 17, 8));
  });
});
