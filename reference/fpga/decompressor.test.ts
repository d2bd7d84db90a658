import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Decompressor, TruncatedInput, packWords } from './decompressor.ts';
import { BoundedFifo } from './fifo.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

describe('BoundedFifo', () => {
  it('refuses pushes when full and counts stalls and the high-water mark', () => {
    const f = new BoundedFifo<number>(2);
    expect(f.push(1)).toBe(true);
    expect(f.push(2)).toBe(true);
    expect(f.push(3)).toBe(false);
    expect(f.stats).toMatchObject({ stalls: 1, highWater: 2 });
    expect(f.shift()).toBe(1);
    expect(f.flush()).toBe(1);
    expect(f.stats.flushed).toBe(1);
    expect(f.shift()).toBeUndefined();
  });
  it('rejects a bad capacity', () => {
    expect(() => new BoundedFifo(0)).toThrow(RangeError);
  });
});

describe('Decompressor', () => {
  it('splits stop-bit fields, concatenates 7-bit groups and strips stop bits', () => {
    const d = new Decompressor(Uint8Array.from([0x81, 0x00, 0x40, 0x81, 0x41, 0xc2]));
    const a = d.next();
    expect([a.offset, a.length, a.int]).toEqual([0, 1, 1n]);
    const b = d.next();
    expect([b.offset, b.length, b.int]).toEqual([1, 3, 8193n]);
    const c = d.next();
    expect([...c.chars]).toEqual([0x41, 0x42]);
    expect(d.atEnd).toBe(true);
  });

  it('reports a field cut by the end of the input, at its first byte', () => {
    const d = new Decompressor(Uint8Array.from([0x81, 0x01, 0x02]));
    d.next();
    expect(() => d.next()).toThrow(TruncatedInput);
    // Scanning ahead into the cut field does not fail the fields before it.
    const ahead = new Decompressor(Uint8Array.from([0x81, 0x01]), 4);
    expect(ahead.next().int).toBe(1n);
    expect(() => ahead.next()).toThrow(/byte 1/);
  });

  it('hands out raw fields by length, flushing what it decompressed ahead', () => {
    const d = new Decompressor(Uint8Array.from([0x82, 0x01, 0x02, 0x83]), 4);
    expect(d.next().int).toBe(2n);
    const r = d.raw(2);
    expect([...r.chars]).toEqual([1, 2]);
    expect(d.stats.flushed).toBeGreaterThan(0);
    expect(d.next().int).toBe(3n);
    expect(() => new Decompressor(Uint8Array.from([0x85]), 2).raw(3)).toThrow(TruncatedInput);
  });

  it('stalls when the engine does not keep up (FIFO full)', () => {
    const d = new Decompressor(new Uint8Array(20).fill(0x81), 4);
    d.next();
    expect(d.stats.highWater).toBe(4);
    expect(d.stats.stalls).toBeGreaterThan(0);
  });

  it('integer view equals the 7-bit concatenation for any field up to 32 bytes; -1n beyond', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), (body) => {
        const bytes = Uint8Array.from([...body.map((b) => b & 0x7f), 0x80 | 5]);
        const f = new Decompressor(bytes).next();
        let want = 0n;
        for (const b of bytes) want = (want << 7n) | BigInt(b & 0x7f);
        expect(f.int).toBe(bytes.length > 32 ? -1n : want);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('packs bytes into little-endian words', () => {
    expect(packWords(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toEqual([0x0807060504030201n, 9n]);
  });
});
