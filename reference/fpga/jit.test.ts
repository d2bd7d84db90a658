import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FastDecoder } from '../fast/decoder.ts';
import { FastEncoder } from '../fast/encoder.ts';
import { parseTemplates } from '../fast/template-parser.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { FpgaFeed, jitFactory } from './fpga-decoder.ts';
import { JitEngine } from './jit.ts';

const XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="E" id="1">
  <int64 name="a"><delta/></int64>
  <uInt64 name="b"><increment/></uInt64>
  <int64 name="c" presence="optional"><copy/></int64>
  <uInt64 name="d" presence="optional"/>
  <int32 name="e"><increment/></int32>
  <uInt32 name="f" presence="optional"><delta/></uInt32>
  <decimal name="p"><exponent><copy/></exponent><mantissa><delta/></mantissa></decimal>
</template></templates>`;

/** Decimals with one operator on the pair (no longer the interpreter's code in the JIT). */
const DEC_XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="D" id="3">
  <decimal name="c"><copy/></decimal>
  <decimal name="co" presence="optional"><copy value="1.5"/></decimal>
  <decimal name="df" presence="optional"><default value="-2.25"/></decimal>
  <decimal name="dl"><delta/></decimal>
  <decimal name="dlo" presence="optional"><delta/></decimal>
  <decimal name="k1"><constant value="-92233720368.54775808"/></decimal>
  <decimal name="k2" presence="optional"><constant value="-0.5"/></decimal>
</template></templates>`;

/** Strings and byte vectors with the operators the JIT used to hand to the interpreter. */
const STR_XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="S" id="4">
  <string name="at"><tail value="ABC"/></string>
  <string name="ad"><delta/></string>
  <string name="adf" presence="optional"><default value="DEF"/></string>
  <string name="aco" presence="optional"><copy value="Q"/></string>
  <string name="ato" presence="optional"><tail/></string>
  <string name="ati" presence="optional"><tail value="XY"/></string>
  <string name="uc" charset="unicode"><copy/></string>
  <string name="ud" charset="unicode"><delta/></string>
  <byteVector name="bt"><tail/></byteVector>
  <byteVector name="bn" presence="optional"/>
  <string name="k1"><constant value="A constant longer than 8 bytes"/></string>
  <byteVector name="k2" presence="optional"><constant value="0102030405060708090a"/></byteVector>
  <string name="k3" charset="unicode"><constant value="é€"/></string>
</template></templates>`;

const P53 = 1n << 53n;
// Seven 7-bit groups hold ±2^48 signed, 2^49 unsigned: the edges of the number accumulation's first bound.
const P48 = [(1n << 48n) - 1n, 1n << 48n, -(1n << 48n), -(1n << 48n) - 1n, (1n << 52n) + 5n, -(1n << 52n) - 5n];
const I64 = [-(1n << 63n), -(1n << 63n) + 1n, -P53 - 1n, -P53, -P53 + 1n, -1n, 0n, 1n, P53 - 2n, P53 - 1n, P53, P53 + 1n, (1n << 63n) - 2n, (1n << 63n) - 1n, -65n, -64n, 63n, 64n, -8193n, -8192n, 8191n, 8192n, ...P48];
const U64 = [0n, 1n, P53 - 2n, P53 - 1n, P53, P53 + 1n, (1n << 63n), (1n << 64n) - 2n, (1n << 64n) - 1n, 63n, 64n, 127n, 128n, 16383n, 16384n, (1n << 49n) - 1n, 1n << 49n, (1n << 52n) + 3n];
// Around the one-byte inline read: 63/64 and -64/-65 are the signed edges, 126/127 the unsigned ones.
// Two-byte edges: ±8192 (signed), 16383/16384 (unsigned); 2^14 and -8193 need three bytes.
const SMALL = [-65n, -64n, -63n, 62n, 63n, 64n, 126n, 127n, 128n, -8193n, -8192n, -8191n, 8190n, 8191n, 8192n, 16382n, 16383n, 16384n];
const I32 = [-(2n ** 31n), -1n, 0n, 2n ** 31n - 2n, 2n ** 31n - 1n, ...SMALL];
const U32 = [0n, 1n, 2n ** 32n - 2n, 2n ** 32n - 1n, ...SMALL.filter((v) => v >= 0n)];

const message = fc.record({
  a: fc.constantFrom(...I64),
  b: fc.constantFrom(...U64),
  c: fc.option(fc.constantFrom(...I64), { nil: null }),
  d: fc.option(fc.constantFrom(...U64), { nil: null }),
  e: fc.constantFrom(...I32),
  f: fc.option(fc.constantFrom(...U32), { nil: null }),
  m: fc.constantFrom(...I64),
  x: fc.integer({ min: -63, max: 63 }),
});

const hex = (rs: Uint8Array[]) => rs.map((r) => Buffer.from(r).toString('hex'));

describe('JIT fast path', () => {
  it('equals the interpreter record for record, and the reference, on the edges of the number path (±2^53, 64-bit limits, wrap)', () => {
    const set = parseTemplates(XML);
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 6 }), (ms) => {
        const msgs = ms.map((m) => ({
          templateId: 1,
          fields: {
            a: String(m.a), b: String(m.b), c: m.c === null ? null : String(m.c), d: m.d === null ? null : String(m.d),
            e: String(m.e), f: m.f === null ? null : String(m.f), p: { exponent: m.x, mantissa: String(m.m) },
          },
        }));
        let bytes: Uint8Array;
        try {
          bytes = new FastEncoder(set).encodeStream(msgs);
        } catch {
          return; // a delta beyond what the wire can carry: not a stream
        }
        const interp = new FpgaFeed(set, { keepRecords: true }).decode(bytes, 'none');
        const jit = new FpgaFeed(set, { keepRecords: true }, jitFactory).decode(bytes, 'none');
        expect(hex(jit.records)).toEqual(hex(interp.records));
        expect(toCanonicalJson(jit.result.messages)).toBe(toCanonicalJson(new FastDecoder(set).decodeStream(bytes).messages));
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('equals the interpreter on decimals with one operator (copy, default, delta; exponent ±63, mantissa edges, NULL)', () => {
    const set = parseTemplates(DEC_XML);
    const dec = fc.record({ exponent: fc.constantFrom(-63, -62, -2, 0, 1, 62, 63), mantissa: fc.constantFrom(...I64).map(String) });
    const opt = fc.option(dec, { nil: null });
    let decEncoded = 0;
    fc.assert(
      fc.property(fc.array(fc.record({ c: dec, co: opt, df: opt, dl: dec, dlo: opt, k1: fc.constant({ exponent: -8, mantissa: String(-(1n << 63n)) }), k2: fc.option(fc.constant({ exponent: -1, mantissa: '-5' }), { nil: null }) }), { minLength: 1, maxLength: 6 }), (ms) => {
        let bytes: Uint8Array;
        try {
          bytes = new FastEncoder(set).encodeStream(ms.map((fields) => ({ templateId: 3, fields })));
        } catch {
          return; // a delta beyond what the wire can carry: not a stream
        }
        decEncoded++;
        const interp = new FpgaFeed(set, { keepRecords: true }).decode(bytes, 'none');
        const jit = new FpgaFeed(set, { keepRecords: true }, jitFactory).decode(bytes, 'none');
        expect(hex(jit.records)).toEqual(hex(interp.records));
        expect(toCanonicalJson(jit.result.messages)).toBe(toCanonicalJson(new FastDecoder(set).decodeStream(bytes).messages));
      }),
      { numRuns: 150, seed: 11 },
    );
    expect(decEncoded).toBeGreaterThan(100);
    const e = new JitEngine(new FpgaFeed(set).compiled.program);
    expect(e.sources.get(3)).not.toContain('rt.slow(');
  });

  it('equals the interpreter on strings and byte vectors with every operator (tail, delta, default, copy; NULL, empty)', () => {
    const set = parseTemplates(STR_XML);
    const ascii = fc.constantFrom('', 'A', 'AB', 'ABC', 'ABCDEFGHIJ', 'XBC', 'ABX', 'ZZZZZZZZZZZZ');
    const uni = fc.constantFrom('', 'é', 'aé', 'aéb', '€uro', 'aé€');
    const hexes = fc.constantFrom('', '00', 'ff00', '0102030405060708090a', '80');
    const o = <T,>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
    let encoded = 0;
    // Tails of one length per field (the encoder refuses a tail that would shorten the value).
    const tail3 = fc.constantFrom('ABC', 'XBC', 'ABX', 'AXC', 'ZZZ');
    const msg = fc.record({
      at: tail3, ad: ascii, adf: o(ascii), aco: o(ascii), ato: o(fc.constantFrom('PQ', 'PR', 'QR')), ati: o(fc.constantFrom('PQ', 'XQ')), uc: uni, ud: uni,
      bt: fc.constantFrom('0102', '01ff', '8002').map((hex) => ({ hex })), bn: o(hexes.map((hex) => ({ hex }))),
      k1: fc.constant('A constant longer than 8 bytes'), k2: o(fc.constant({ hex: '0102030405060708090a' })), k3: fc.constant('é€'),
    });
    fc.assert(
      fc.property(fc.array(msg, { minLength: 1, maxLength: 6 }), (ms) => {
        let bytes: Uint8Array;
        try {
          bytes = new FastEncoder(set).encodeStream(ms.map((fields) => ({ templateId: 4, fields })));
        } catch {
          return; // a tail that would shorten the value: not a stream
        }
        encoded++;
        const interp = new FpgaFeed(set, { keepRecords: true }).decode(bytes, 'none');
        const jit = new FpgaFeed(set, { keepRecords: true }, jitFactory).decode(bytes, 'none');
        expect(interp.result.messages.length).toBe(ms.length);
        expect(hex(jit.records)).toEqual(hex(interp.records));
        expect(toCanonicalJson(jit.result.messages)).toBe(toCanonicalJson(new FastDecoder(set).decodeStream(bytes).messages));
      }),
      { numRuns: 150, seed: 13 },
    );
    expect(encoded).toBeGreaterThan(100);
    expect(new JitEngine(new FpgaFeed(set).compiled.program).sources.get(4)).not.toContain('rt.slow(');
  });

  it('equals the interpreter on corrupted streams (errors and reports at the same record)', () => {
    const set = parseTemplates(XML);
    const base = new FastEncoder(set).encodeStream([
      { templateId: 1, fields: { a: '5', b: '7', c: null, d: '100', e: '3', f: '9', p: { exponent: -2, mantissa: '12345' } } },
      { templateId: 1, fields: { a: '-70', b: String(P53), c: '64', d: null, e: '-65', f: '200', p: { exponent: -2, mantissa: String(-P53) } } },
    ]);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), fc.nat(base.length), (edits, cut) => {
        const bytes = base.slice(0, Math.max(1, cut));
        for (const [at, b] of edits) if (at < bytes.length) bytes[at] = b;
        const interp = new FpgaFeed(set, { keepRecords: true }).decode(bytes, 'none');
        const jit = new FpgaFeed(set, { keepRecords: true }, jitFactory).decode(bytes, 'none');
        expect(hex(jit.records)).toEqual(hex(interp.records));
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it('wraps increment at the type maximum in both forms', () => {
    const set = parseTemplates(XML);
    // b: uInt64 increment at its maximum wraps to 0; e: int32 increment at its maximum wraps to the minimum.
    const m = (b: bigint, e: bigint) => ({ templateId: 1, fields: { a: '0', b: String(b), c: null, d: null, e: String(e), f: null, p: { exponent: 0, mantissa: '0' } } });
    const bytes = new FastEncoder(set).encodeStream([m((1n << 64n) - 1n, 2n ** 31n - 1n), m(0n, -(2n ** 31n))]);
    const jit = new FpgaFeed(set, { keepRecords: true }, jitFactory).decode(bytes, 'none');
    expect(jit.result.messages.map((x) => [x.fields['b'], x.fields['e']])).toEqual([
      [String((1n << 64n) - 1n), String(2n ** 31n - 1n)],
      ['0', String(-(2n ** 31n))],
    ]);
  });

  it('normalises 64-bit values: a number exactly when |v| <= 2^53', () => {
    expect(JitEngine.norm(P53)).toBe(2 ** 53);
    expect(JitEngine.norm(-P53)).toBe(-(2 ** 53));
    expect(JitEngine.norm(P53 + 1n)).toBe(P53 + 1n);
    const e = new JitEngine(new FpgaFeed(parseTemplates(XML)).compiled.program);
    expect(e.add64(2 ** 53, 1)).toBe(P53 + 1n);
    expect(e.add64(2 ** 53, -1)).toBe(2 ** 53 - 1);
    expect(e.add64(P53 + 1n, -2)).toBe(2 ** 53 - 1);
  });

  it('generates one specialised function per template', () => {
    const e = new JitEngine(new FpgaFeed(parseTemplates(XML)).compiled.program);
    expect([...e.sources.keys()]).toEqual([1]);
    const src = e.sources.get(1)!;
    expect(src).toContain('rt.add64(a, d)');
    expect(src).not.toContain('rt.slow(');
  });
});

describe('JIT plain uInt64 in (hi, lo) halves', () => {
  const U64_XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="U" id="5">
    <uInt64 name="m"/><uInt64 name="o" presence="optional"/></template></templates>`;
  const set = parseTemplates(U64_XML);
  const edges = [0n, 127n, (1n << 46n) - 1n, 1n << 46n, (1n << 49n) + 7n, P53 - 1n, P53, P53 + 1n, (1n << 56n) + 3n, 1n << 63n, (1n << 64n) - 2n, (1n << 64n) - 1n];
  it('equals the interpreter on both sides of 2^46 and 2^53, at the top of the range, and NULL', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...edges), fc.option(fc.constantFrom(...edges), { nil: null })), { minLength: 1, maxLength: 4 }), (vs) => {
        const bytes = new FastEncoder(set).encodeStream(vs.map(([m, o]) => ({ templateId: 5, fields: { m: String(m), o: o === null ? null : String(o) } })));
        const interp = new FpgaFeed(set, { keepRecords: true }).decode(bytes, 'none');
        const jit = new FpgaFeed(set, { keepRecords: true }, jitFactory).decode(bytes, 'none');
        expect(hex(jit.records)).toEqual(hex(interp.records));
        expect(toCanonicalJson(jit.result.messages)).toBe(toCanonicalJson(new FastDecoder(set).decodeStream(bytes).messages));
      }),
      { numRuns: 100, seed: 17 },
    );
  });
  it('reports an overlong value and rejects one past 2^64 - 1 as the interpreter does', () => {
    // pmap+tid, then m: overlong (leading 0x00) 2^56, and o: 2^64 + 1 raw (2^64 after NULL) → D2.
    const overlong = [0x00, 0x01, ...new Array<number>(7).fill(0), 0x80];
    const tooBig = [0x02, ...new Array<number>(8).fill(0), 0x82];
    for (const tail of [[0x80], tooBig, [0x03, ...new Array<number>(9).fill(0x7f), 0xff]]) {
      const bytes = Uint8Array.from([0xc0, 0x85, ...overlong, ...tail]);
      const interp = new FpgaFeed(set, { keepRecords: true }).decode(bytes, 'none');
      const jit = new FpgaFeed(set, { keepRecords: true }, jitFactory).decode(bytes, 'none');
      expect(hex(jit.records)).toEqual(hex(interp.records));
    }
  });
});
