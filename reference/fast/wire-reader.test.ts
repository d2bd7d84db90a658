import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { WireReader, EOF_CODE, type ReportSink } from './wire-reader.ts';
import { FastError } from './errors.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

const h = (hex: string): Uint8Array => Uint8Array.from(hex.trim().split(/\s+/).filter(Boolean).map((x) => parseInt(x, 16)));

function reader(hex: string | Uint8Array): { r: WireReader; reports: string[] } {
  const reports: string[] = [];
  const sink: ReportSink = (code, offset) => reports.push(`${code}@${offset}`);
  return { r: new WireReader(typeof hex === 'string' ? h(hex) : hex, 0, sink), reports };
}

/** Independent minimal stop-bit encoders, for round trips only. */
function encodeUnsigned(v: bigint): number[] {
  const out = [Number(v & 0x7fn)];
  v >>= 7n;
  while (v > 0n) {
    out.unshift(Number(v & 0x7fn));
    v >>= 7n;
  }
  out[out.length - 1]! |= 0x80;
  return out;
}
function encodeSigned(v: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n; // arithmetic shift
    out.unshift(b);
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) break;
  }
  out[out.length - 1]! |= 0x80;
  return out;
}

describe('unsigned integers (§10.6.1)', () => {
  it.each([
    ['80', 0n],
    ['FF', 127n],
    ['01 80', 128n],
    ['7F FF', 16383n],
    ['01 00 80', 16384n],
    ['0F 7F 7F 7F FF', 4294967295n],
    ['01 7F 7F 7F 7F 7F 7F 7F 7F FF', 18446744073709551615n],
  ])('%s = %s', (hex, v) => {
    const a = reader(hex);
    expect(a.r.readUIntBig()).toBe(v);
    expect(a.r.pos).toBe(h(hex).length);
    expect(reader(hex).r.readUInt()).toBe(v < 2n ** 53n ? Number(v) : Infinity);
    expect(a.reports).toEqual([]);
  });

  it('7-bit boundaries ±1 for every width agree between the number and bigint readers', () => {
    for (let k = 1; k <= 10; k++) {
      for (const d of [-1n, 0n, 1n]) {
        const v = (1n << BigInt(7 * k)) + d;
        if (v < 0n) continue;
        const bytes = Uint8Array.from(encodeUnsigned(v));
        expect(reader(bytes).r.readUIntBig()).toBe(v);
        const n = reader(bytes).r.readUInt();
        if (v < 2n ** 53n) expect(n).toBe(Number(v));
        else expect(n).toBe(Infinity);
      }
    }
  });

  it('nullable: 80 is NULL, values are sent +1; 10 00 00 00 80 is 2^32-1', () => {
    expect(reader('80').r.readUIntNullable()).toBeNull();
    expect(reader('81').r.readUIntNullable()).toBe(0);
    expect(reader('10 00 00 00 80').r.readUIntNullable()).toBe(4294967295);
    expect(reader('10 00 00 00 80').r.readUIntBigNullable()).toBe(4294967295n);
    // 2^64-1 nullable is 2^64 on the wire: a 65-bit intermediate.
    expect(reader('02 00 00 00 00 00 00 00 00 80').r.readUIntBigNullable()).toBe(2n ** 64n - 1n);
    expect(reader('80').r.readUIntBigNullable()).toBeNull();
  });

  it('overlong encodings decode and report R6 with the offset', () => {
    const a = reader('00 81');
    expect(a.r.readUInt()).toBe(1);
    expect(a.reports).toEqual(['R6@0']);
    const b = reader('00 00 00 81');
    expect(b.r.readUIntBig()).toBe(1n);
    expect(b.reports).toEqual(['R6@0']);
  });

  it('a thousand overlong zero bytes are one cheap read', () => {
    const bytes = new Uint8Array(100_001);
    bytes[100_000] = 0x85;
    expect(reader(bytes).r.readUIntBig()).toBe(5n);
  });

  it('round-trips random uInt64 (bigint) and uInt32 (number)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n }), (v) => {
        const bytes = Uint8Array.from(encodeUnsigned(v));
        expect(reader(bytes).r.readUIntBig()).toBe(v);
        const n = reader(bytes).r.readUInt();
        expect(n).toBe(v < 2n ** 53n ? Number(v) : Infinity);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('signed integers (§10.6.1)', () => {
  it.each([
    ['80', 0n],
    ['FF', -1n],
    ['BF', 63n],
    ['C0', -64n],
    ['00 C0', 64n],
    ['7F BF', -65n],
    ['00 40 81', 8193n],
    ['7F 3F FF', -8193n],
    ['07 7F 7F 7F FF', 2147483647n],
    ['78 00 00 00 80', -2147483648n],
    ['00 7F 7F 7F 7F 7F 7F 7F 7F FF', 9223372036854775807n],
    ['7F 00 00 00 00 00 00 00 00 80', -9223372036854775808n],
  ])('%s = %s', (hex, v) => {
    const a = reader(hex);
    expect(a.r.readIntBig()).toBe(v);
    expect(a.r.pos).toBe(h(hex).length);
    const n = reader(hex).r.readInt();
    expect(n).toBe(v >= -(2n ** 53n) && v < 2n ** 53n ? Number(v) : v < 0n ? -Infinity : Infinity);
    expect(a.reports).toEqual([]);
  });

  it('nullable: 0 is NULL, non-negative values +1, negative unchanged', () => {
    expect(reader('80').r.readIntNullable()).toBeNull();
    expect(reader('81').r.readIntNullable()).toBe(0);
    expect(reader('FF').r.readIntNullable()).toBe(-1);
    expect(reader('00 C1').r.readIntNullable()).toBe(64);
    expect(reader('80').r.readIntBigNullable()).toBeNull();
    expect(reader('01 00 00 00 00 00 00 00 00 80').r.readIntBigNullable()).toBe(2n ** 63n - 1n);
  });

  it('sign-extension bytes are overlong (R6) but decode', () => {
    const a = reader('00 01 81');
    expect(a.r.readIntBig()).toBe(129n);
    expect(a.reports).toEqual(['R6@0']);
    const b = reader('7F FF');
    expect(b.r.readInt()).toBe(-1);
    expect(b.reports).toEqual(['R6@0']);
  });

  it('round-trips random 65-bit signed values through both readers, boundaries included', () => {
    const edges = [-(2n ** 64n), -(2n ** 63n), -(2n ** 53n), -(2n ** 53n) - 1n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 63n - 1n, 2n ** 64n];
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), fc.constantFrom(...edges), fc.integer().map(BigInt)), (v) => {
        const bytes = Uint8Array.from(encodeSigned(v));
        const a = reader(bytes);
        expect(a.r.readIntBig()).toBe(v);
        expect(a.reports).toEqual([]);
        const n = reader(bytes).r.readInt();
        const exact = v >= -(2n ** 53n) && v < 2n ** 53n;
        if (exact) expect(n).toBe(Number(v));
        else expect(Math.abs(n)).toBe(Infinity);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('presence maps (§10.5)', () => {
  it('reads bits in order; missing bits are 0', () => {
    const { r, reports } = reader('A0');
    const p = r.readPresenceMap();
    expect([p.next(), p.next(), p.next(), p.next(), p.next(), p.next(), p.next(), p.next(), p.next()]).toEqual([
      false, true, false, false, false, false, false, false, false,
    ]);
    expect(reports).toEqual([]);
  });
  it('spans bytes', () => {
    const p = reader('01 C0').r.readPresenceMap();
    const bits = Array.from({ length: 14 }, () => p.next());
    expect(bits.map(Number).join('')).toBe('00000011000000');
  });
  it('bits read as numbers equal the bits of the bytes, in order, for maps of any length', () => {
    // The oracle: the 7 data bits of each byte as an array, then zeros (§10.5.1).
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0x7f }), { minLength: 1, maxLength: 11 }), fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 3 }), (data, reads, lead) => {
        const bytes = [...Array<number>(lead).fill(0x80), ...data.slice(0, -1), data[data.length - 1]! | 0x80];
        const { r } = reader(Uint8Array.from(bytes));
        r.pos = lead; // the map need not start the buffer
        const p = r.readPresenceMap();
        const bits = data.flatMap((b) => [6, 5, 4, 3, 2, 1, 0].map((k) => ((b >> k) & 1) === 1));
        for (let i = 0; i < reads; i++) {
          expect(p.hasUnusedSetBits()).toBe(bits.slice(i).includes(true));
          expect(p.next()).toBe(bits[i] ?? false);
        }
        expect(p.consumed).toBe(reads);
        expect(p.hasUnusedSetBits()).toBe(bits.slice(reads).includes(true));
        expect(r.pos).toBe(lead + data.length);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
  it('R7 for an overlong map; unused set bits are visible for R8', () => {
    const a = reader('40 80');
    const p = a.r.readPresenceMap();
    expect(a.reports).toEqual(['R7@0']);
    expect(p.hasUnusedSetBits()).toBe(true);
    p.next();
    expect(p.hasUnusedSetBits()).toBe(false);
  });
});

describe('ascii strings (§10.6.3)', () => {
  it.each([
    ['80', ''],
    ['00 80', '\0'],
    ['00 00 80', '\0\0'],
    ['C1', 'A'],
    ['41 C2', 'AB'],
  ])('mandatory %s', (hex, v) => {
    const a = reader(hex);
    expect(a.r.readAscii(false)).toBe(v);
    expect(a.reports).toEqual([]);
  });
  it.each([
    ['80', null],
    ['00 80', ''],
    ['00 00 80', '\0'],
    ['C1', 'A'],
  ])('optional %s', (hex, v) => {
    const a = reader(hex);
    expect(a.r.readAscii(true)).toBe(v);
    expect(a.reports).toEqual([]);
  });
  it('an unneeded zero preamble is overlong (R9) and decodes to the value', () => {
    const a = reader('00 41 C2');
    expect(a.r.readAscii(false)).toBe('AB');
    expect(a.reports).toEqual(['R9@0']);
    const b = reader('00 41 C2');
    expect(b.r.readAscii(true)).toBe('AB');
    expect(b.reports).toEqual(['R9@0']);
  });
});

describe('byte vectors and truncation', () => {
  it('length-prefixed, nullable when optional', () => {
    expect(Array.from(reader('82 01 FF').r.readByteVector(false)!)).toEqual([1, 255]);
    expect(reader('80').r.readByteVector(true)).toBeNull();
    expect(Array.from(reader('81').r.readByteVector(true)!)).toEqual([]);
  });
  it('a length claiming gigabytes is refused before allocating', () => {
    const { r } = reader('0F 7F 7F 7F FF 00');
    expect(() => r.readByteVector(false)).toThrowError(expect.objectContaining({ code: EOF_CODE, offset: 0 }) as Error);
  });
  it('every primitive cut short is a dynamic error at the element start', () => {
    const cases: [string, (r: WireReader) => unknown][] = [
      ['01 00', (r) => r.readUInt()],
      ['01 00', (r) => r.readUIntBig()],
      ['7F 00', (r) => r.readInt()],
      ['7F 00', (r) => r.readIntBig()],
      ['41 42', (r) => r.readAscii(false)],
      ['00 00', (r) => r.readPresenceMap()],
      ['83 01 02', (r) => r.readByteVector(false)],
      ['', (r) => r.readInt()],
    ];
    for (const [hex, read] of cases) {
      const bytes = h(`81 ${hex}`);
      const r = new WireReader(bytes, 1, () => {});
      let err: unknown;
      try {
        read(r);
      } catch (e) {
        err = e;
      }
      expect(err, hex).toBeInstanceOf(FastError);
      expect((err as FastError).errorClass).toBe('dynamic');
      expect((err as FastError).offset).toBe(1);
    }
  });
});

describe('exact 64-bit readers (number while |v| ≤ 2^53, bigint beyond)', () => {
  it('agree with the bigint readers, and return numbers exactly when the value fits', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(0n, 1n << 53n, -(1n << 53n), 1n << 63n, -(1n << 63n), 1n << 64n).chain((e) => fc.bigInt({ min: -3n, max: 3n }).map((k) => e + k)),
          fc.bigInt({ min: -(1n << 66n), max: 1n << 66n }),
        ),
        (v) => {
          const s = reader(Uint8Array.from(encodeSigned(v)));
          const exact = s.r.readIntExact();
          expect(BigInt(exact)).toBe(v);
          expect(typeof exact).toBe(v >= -(2n ** 53n) && v < 2n ** 53n ? 'number' : 'bigint');
          if (v >= 0n) {
            const u = reader(Uint8Array.from(encodeUnsigned(v))).r.readUIntExact();
            expect(BigInt(u)).toBe(v);
            expect(typeof u).toBe(v < 2n ** 53n ? 'number' : 'bigint');
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('overlong fillers stay on the number path and are reported once', () => {
    const a = reader('7F 7F 7F 7F 7F 7F 7F 7F 7F 7F FF');
    expect(a.r.readIntExact()).toBe(-1);
    expect(a.reports).toEqual(['R6@0']);
    const b = reader('00 00 00 00 00 00 00 00 00 00 81');
    expect(b.r.readUIntExactNullable()).toBe(0);
    expect(b.reports).toEqual(['R6@0']);
  });

  it('nullable: 0 is NULL, non-negative values are one less, on both paths', () => {
    expect(reader('80').r.readIntExactNullable()).toBeNull();
    expect(reader('81').r.readIntExactNullable()).toBe(0);
    expect(reader('FF').r.readIntExactNullable()).toBe(-1);
    expect(reader('01 00 00 00 00 00 00 00 00 80').r.readIntExactNullable()).toBe(2n ** 63n - 1n);
    expect(reader('02 00 00 00 00 00 00 00 00 80').r.readUIntExactNullable()).toBe(2n ** 64n - 1n);
  });
});
