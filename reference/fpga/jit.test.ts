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

const P53 = 1n << 53n;
const I64 = [-(1n << 63n), -(1n << 63n) + 1n, -P53 - 1n, -P53, -P53 + 1n, -1n, 0n, 1n, P53 - 1n, P53, P53 + 1n, (1n << 63n) - 2n, (1n << 63n) - 1n];
const U64 = [0n, 1n, P53 - 1n, P53, P53 + 1n, (1n << 63n), (1n << 64n) - 2n, (1n << 64n) - 1n];
const I32 = [-(2n ** 31n), -1n, 0n, 2n ** 31n - 2n, 2n ** 31n - 1n];
const U32 = [0n, 1n, 2n ** 32n - 2n, 2n ** 32n - 1n];

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
    expect(e.sources.get(1)).toContain('rt.add64(rt.dbase(');
  });
});
