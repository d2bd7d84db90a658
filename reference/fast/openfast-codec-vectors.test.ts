/**
 * Agreement with OpenFAST's type-codec test vectors (testing/testdata/openfast-codec-vectors.json,
 * provenance in testing/testdata/README.md): primitive wire encodings through WireReader, and OpenFAST's
 * composed-decimal sequence (exponent default -3, mantissa delta) through FastDecoder / FastEncoder.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WireReader } from './wire-reader.ts';
import { FastDecoder } from './decoder.ts';
import { FastEncoder } from './encoder.ts';
import { hx, templates } from './testing/decoder-support.ts';
import type { CanonicalMessage } from './canonical.ts';

type Kind = 'uint' | 'uintNullable' | 'int' | 'intNullable' | 'byteVector' | 'byteVectorNullable' | 'ascii';
interface Data {
  sources: Record<Kind | 'composedDecimal', string>;
  primitives: [Kind, string, string | null][];
  asciiOverlong: [Kind, string, string][];
  asciiDisagreement: [Kind, string, string, string][];
  composedDecimal: { template: string; fieldBytes: string[]; mantissas: string[]; exponent: number };
}
const data = JSON.parse(readFileSync(fileURLToPath(new URL('testing/testdata/openfast-codec-vectors.json', import.meta.url)), 'utf8')) as Data;

/** Reads one value of `kind`; byte vectors as lowercase hex, integers as decimal strings. */
function read(kind: Kind, hex: string): { value: string | null; pos: number; reports: string[] } {
  const reports: string[] = [];
  const r = new WireReader(hx(hex), 0, (code) => {
    reports.push(code);
  });
  const bytes = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b).toString('hex'));
  const str = (v: bigint | null) => (v === null ? null : v.toString());
  const value =
    kind === 'uint' ? str(r.readUIntBig())
    : kind === 'uintNullable' ? str(r.readUIntBigNullable())
    : kind === 'int' ? str(r.readIntBig())
    : kind === 'intNullable' ? str(r.readIntBigNullable())
    : kind === 'byteVector' ? bytes(r.readByteVector(false))
    : kind === 'byteVectorNullable' ? bytes(r.readByteVector(true))
    : r.readAscii(false);
  return { value, pos: r.pos, reports };
}

describe('OpenFAST type-codec vectors', () => {
  it('are all there, each kind with its source', () => {
    expect(data.primitives).toHaveLength(43);
    for (const [kind] of data.primitives) expect(data.sources[kind]).toMatch(/OpenFAST|openfast/);
  });

  it.each(data.primitives)('%s %s = %s', (kind, hex, value) => {
    expect(read(kind, hex)).toEqual({ value, pos: hx(hex).length, reports: [] });
  });

  it.each(data.asciiOverlong)('%s %s: overlong string, %s (OpenFAST: an error; ours: a report, the value kept)', (kind, hex, code) => {
    expect(read(kind, hex)).toEqual({ value: 'A', pos: 2, reports: [code] });
  });

  // Known disagreement: OpenFAST reads a mandatory `00 80` as "". §10.6.3 (notes item 3, our
  // Appendix 3.1.3 row) makes it "\0": the 00 preamble exists so a value can start with NUL,
  // and "" has its own one-byte form `80`. Ours follows the specification.
  it.each(data.asciiDisagreement)('%s %s: OpenFAST "%s", ours the specification\'s "\\0"', (kind, hex, theirs, ours) => {
    const got = read(kind, hex);
    expect(got.value).toBe(ours);
    expect(got.value).not.toBe(theirs);
  });
});

describe('OpenFAST composed decimal: exponent default -3, mantissa delta', () => {
  const c = data.composedDecimal;
  const set = templates(c.template);
  // Our framing around OpenFAST's field bytes: a presence map (template id bit set on the first
  // message only; the exponent's bit clear = its default), the template id 1 once.
  const stream = c.fieldBytes.map((f, i) => (i === 0 ? `c0 81 ${f}` : `80 ${f}`)).join(' ');
  const messages: CanonicalMessage[] = c.mantissas.map((m) => ({ templateId: 1, fields: { Value: { exponent: c.exponent, mantissa: m } } }));

  it('decodes to the values OpenFAST expects', () => {
    expect(new FastDecoder(set).decodeStream(hx(stream))).toEqual({ messages, error: null, reports: [] });
  });
  it('encodes to the bytes OpenFAST\'s encoder emits', () => {
    expect(Buffer.from(new FastEncoder(set).encodeStream(messages)).toString('hex')).toBe(stream.replace(/\s+/g, ''));
  });
});
