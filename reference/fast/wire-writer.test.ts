import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { WireWriter, intSize, uintSize } from './wire-writer.ts';
import { WireReader } from './wire-reader.ts';
import type { ReportableCode } from './errors.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const write = (f: (w: WireWriter) => void): string => {
  const w = new WireWriter(16);
  f(w);
  return hex(w.toBytes());
};
const reader = (bytes: Uint8Array, reports: ReportableCode[] = []): WireReader =>
  new WireReader(bytes, 0, (code) => {
    reports.push(code);
  });

describe('stop-bit integers: shortest encodings at the edges (notes item 1)', () => {
  it('unsigned', () => {
    expect(write((w) => w.uint(0n))).toBe('80');
    expect(write((w) => w.uint(127n))).toBe('ff');
    expect(write((w) => w.uint(128n))).toBe('0180');
    expect(write((w) => w.uint(942755n))).toBe('3945a3');
    expect(write((w) => w.uint(0xffffffffn))).toBe('0f7f7f7fff');
    expect(write((w) => w.uint((1n << 64n) - 1n))).toBe('017f7f7f7f7f7f7f7fff');
    expect(write((w) => w.uintNumber(128))).toBe('0180');
    expect(write((w) => w.uintNumber(2 ** 53 - 1))).toBe(write((w) => w.uint(2n ** 53n - 1n)));
  });

  it('nullable unsigned: +1, NULL is 80, 2^32-1 needs 5 bytes, 2^64-1 needs 65 bits', () => {
    expect(write((w) => w.nullableUint(null))).toBe('80');
    expect(write((w) => w.nullableUint(0n))).toBe('81');
    expect(write((w) => w.nullableUint(0xffffffffn))).toBe('1000000080');
    expect(write((w) => w.nullableUint((1n << 64n) - 1n))).toBe('02000000000000000080');
  });

  it('signed: sign-extended from bit 6 of the first byte', () => {
    expect(write((w) => w.int(0n))).toBe('80');
    expect(write((w) => w.int(63n))).toBe('bf');
    expect(write((w) => w.int(64n))).toBe('00c0');
    expect(write((w) => w.int(-1n))).toBe('ff');
    expect(write((w) => w.int(-64n))).toBe('c0');
    expect(write((w) => w.int(-65n))).toBe('7fbf');
    expect(write((w) => w.int(8193n))).toBe('004081');
    expect(write((w) => w.int(-8193n))).toBe('7f3fff');
    expect(write((w) => w.int((1n << 63n) - 1n))).toBe('007f7f7f7f7f7f7f7fff');
    expect(write((w) => w.int(-(1n << 63n)))).toBe('7f000000000000000080');
  });

  it('nullable signed: non-negative +1, negative unchanged, NULL is 80', () => {
    expect(write((w) => w.nullableInt(null))).toBe('80');
    expect(write((w) => w.nullableInt(0n))).toBe('81');
    expect(write((w) => w.nullableInt(-1n))).toBe('ff');
    expect(write((w) => w.nullableInt(63n))).toBe('00c0');
    expect(write((w) => w.nullableInt(62n))).toBe('bf');
  });

  it('overlong: redundant 00 / 7F bytes in front', () => {
    expect(write((w) => w.uint(5n, 2))).toBe('000085');
    expect(write((w) => w.int(64n, 1))).toBe('0000c0');
    expect(write((w) => w.int(-1n, 1))).toBe('7fff');
    expect(write((w) => w.nullableUint(null, 1))).toBe('0080');
  });

  it('sizes match the bytes written', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }), (v) => {
        const w = new WireWriter();
        w.int(v);
        expect(w.length).toBe(intSize(v));
        if (v >= 0n) {
          w.clear();
          w.uint(v);
          expect(w.length).toBe(uintSize(v));
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('stop-bit integers: the reader reads back what the writer wrote', () => {
  const widths = fc.oneof(
    fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
    fc.bigInt({ min: -200n, max: 200n }),
    fc.constantFrom(-(1n << 63n), (1n << 63n) - 1n, -8193n, 8192n, 8191n, -8192n, 63n, 64n, -64n, -65n),
  );
  it('signed and nullable signed, any overlong', () => {
    fc.assert(
      fc.property(widths, fc.nat(3), fc.boolean(), (v, overlong, nullable) => {
        const w = new WireWriter(4);
        const reports: ReportableCode[] = [];
        if (nullable) w.nullableInt(v, overlong);
        else w.int(v, overlong);
        const r = reader(w.toBytes(), reports);
        expect(nullable ? r.readIntBigNullable() : r.readIntBig()).toBe(v);
        expect(r.remaining).toBe(0);
        expect(reports).toEqual(overlong > 0 ? ['R6'] : []);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
  it('unsigned and nullable unsigned up to 2^64-1, any overlong', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.nat(3), fc.boolean(), (v, overlong, nullable) => {
        const w = new WireWriter(4);
        const reports: ReportableCode[] = [];
        if (nullable) w.nullableUint(v, overlong);
        else w.uint(v, overlong);
        const r = reader(w.toBytes(), reports);
        expect(nullable ? r.readUIntBigNullable() : r.readUIntBig()).toBe(v);
        expect(reports).toEqual(overlong > 0 ? ['R6'] : []);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('ascii strings (§10.6.3, notes item 3)', () => {
  const ascii = (s: string, nullable: boolean, overlong = 0): string => write((w) => w.asciiString(s, nullable, overlong));
  it('mandatory', () => {
    expect(ascii('', false)).toBe('80');
    expect(ascii('\0', false)).toBe('0080');
    expect(ascii('\0\0', false)).toBe('000080');
    expect(ascii('ABC', false)).toBe('4142c3');
    expect(ascii('\0A', false)).toBe('0000c1');
  });
  it('optional', () => {
    expect(write((w) => w.nullAscii())).toBe('80');
    expect(ascii('', true)).toBe('0080');
    expect(ascii('\0', true)).toBe('000080');
    expect(ascii('A', true)).toBe('c1');
  });
  it('overlong: one redundant preamble, only where the value does not need one', () => {
    expect(ascii('A', false, 1)).toBe('00c1');
    expect(ascii('A', true, 3)).toBe('00c1');
    expect(ascii('', false, 1)).toBe('80');
    expect(ascii('\0', true, 1)).toBe('000080');
  });
  it('bytes and string forms agree, and the reader reads them back', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('\0', 'a', 'B', '\x7f') }), fc.boolean(), fc.nat(1), (s, nullable, overlong) => {
        const w = new WireWriter();
        w.asciiString(s, nullable, overlong);
        const w2 = new WireWriter();
        w2.ascii(Buffer.from(s, 'latin1'), nullable, overlong);
        expect(hex(w2.toBytes())).toBe(hex(w.toBytes()));
        const reports: ReportableCode[] = [];
        const r = reader(w.toBytes(), reports);
        expect(r.readAscii(nullable)).toBe(s);
        const redundant = overlong > 0 && s !== '' && s.charCodeAt(0) !== 0;
        expect(reports).toEqual(redundant ? ['R9'] : []);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('length-prefixed byteVector and unicode', () => {
  it('byte-exact', () => {
    expect(write((w) => w.byteVector(new Uint8Array([]), false))).toBe('80');
    expect(write((w) => w.byteVector(new Uint8Array([]), true))).toBe('81');
    expect(write((w) => w.nullByteVector())).toBe('80');
    expect(write((w) => w.byteVector(new Uint8Array([0xab, 0x00]), false))).toBe('82ab00');
    expect(write((w) => w.utf8('é', false))).toBe('82c3a9');
    expect(write((w) => w.utf8('', true))).toBe('81');
    expect(write((w) => w.utf8('a', true, 1))).toBe('008261');
  });
  it('grows the buffer for long values', () => {
    const big = new Uint8Array(5000).fill(7);
    const w = new WireWriter(16);
    w.byteVector(big, false);
    const r = reader(w.toBytes());
    expect(r.readByteVector(false)).toEqual(big);
    const s = 'ü€😀'.repeat(500);
    w.clear();
    w.utf8(s, true);
    expect(Buffer.from(reader(w.toBytes()).readByteVector(true)!).toString('utf8')).toBe(s);
  });
});

describe('presence maps (§10.5)', () => {
  const pmap = (bits: number[], full = false, padding = 0, body = ''): string =>
    write((w) => {
      w.raw(Buffer.from(body, 'hex'));
      w.insertPresenceMap(0, bits, 0, bits.length, full, padding);
    });
  it('shortest: up to the last set bit, seven bits a byte, stop bit last', () => {
    expect(pmap([])).toBe('80');
    expect(pmap([0, 0, 0])).toBe('80');
    expect(pmap([1])).toBe('c0');
    expect(pmap([1, 0, 1])).toBe('d0');
    expect(pmap([1, 1, 1, 1, 1, 1, 1])).toBe('ff');
    expect(pmap([1, 0, 0, 0, 0, 0, 0, 0, 0])).toBe('c0');
    expect(pmap([0, 0, 0, 0, 0, 0, 0, 1])).toBe('00c0');
  });
  it('full and padded forms', () => {
    expect(pmap([1, 0, 0, 0, 0, 0, 0, 0, 0], true)).toBe('4080');
    expect(pmap([1, 0, 1], false, 2)).toBe('500080');
    expect(pmap([], true)).toBe('80');
  });
  it('inserted in front of the body, which moves right', () => {
    expect(pmap([1], false, 0, 'aabbcc')).toBe('c0aabbcc');
    const w = new WireWriter(4);
    w.raw(new Uint8Array([1, 2, 3, 4, 5]));
    w.insertPresenceMap(2, [0, 1], 0, 2, false, 1);
    expect(hex(w.toBytes())).toBe('01022080030405');
  });
  it('the reader sees the same bits; R7 exactly when the map ends in an empty byte', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1), { maxLength: 30 }), fc.boolean(), fc.nat(2), (bits, full, padding) => {
        const w = new WireWriter(2);
        w.insertPresenceMap(0, bits, 0, bits.length, full, padding);
        const bytes = w.toBytes();
        const reports: ReportableCode[] = [];
        const pm = reader(bytes, reports).readPresenceMap();
        expect(pm.length).toBe(bytes.length);
        for (const b of bits) expect(pm.next()).toBe(b === 1);
        const lastEmpty = bytes.length > 1 && (bytes[bytes.length - 1]! & 0x7f) === 0;
        expect(reports).toEqual(lastEmpty ? ['R7'] : []);
        if (!full && padding === 0) expect(reports).toEqual([]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('number and bigint paths agree', () => {
  it('int: the number fast path (|v| ≤ 2^52) and the bigint path write the same bytes', () => {
    // An independent, bigint-only rendering of §10.6.1: 7-bit two's complement groups.
    const viaBigint = (v: bigint): string => {
      let n = 1;
      while (v >= 1n << BigInt(7 * n - 1) || v < -(1n << BigInt(7 * n - 1))) n++;
      const u = BigInt.asUintN(7 * n, v);
      const out: number[] = [];
      for (let i = n - 1; i >= 0; i--) out.push(Number((u >> BigInt(7 * i)) & 0x7fn));
      out[out.length - 1]! |= 0x80;
      return hex(new Uint8Array(out));
    };
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: -(1n << 53n), max: 1n << 53n }), fc.constantFrom(1n << 52n, -(1n << 52n), (1n << 52n) + 1n, -(1n << 52n) - 1n, 0n, -1n)), (v) => {
        const w = new WireWriter();
        w.int(v);
        expect(hex(w.toBytes())).toBe(viaBigint(v));
        if (v >= -(1n << 52n) && v <= 1n << 52n) {
          w.clear();
          w.intNumber(Number(v));
          expect(hex(w.toBytes())).toBe(viaBigint(v));
        }
        const r = reader(Buffer.from(viaBigint(v), 'hex'));
        expect(r.readIntBig()).toBe(v);
        expect(Buffer.from(viaBigint(v), 'hex').length).toBe(intSize(v));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
