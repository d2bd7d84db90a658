import { describe, it, expect } from 'vitest';
import { FastEncoder, chooseStringDelta, type EncodeVariant, type EncoderOptions } from './encoder.ts';
import { FastDecoder } from './decoder.ts';
import { FastError } from './errors.ts';
import { parseTemplates } from './template-parser.ts';
import type { CanonicalFields, CanonicalMessage } from './canonical.ts';
import type { TemplateSet } from './template-model.ts';

const NS = 'http://www.fixprotocol.org/ns/fast/td/1.1';
/** A template set from template bodies: `{ id: body }`, names T<id>. */
function templates(bodies: Record<number, string>, extra = ''): TemplateSet {
  const ts = Object.entries(bodies).map(([id, body]) => `<template name="T${id}" id="${id}">${body}</template>`);
  return parseTemplates(`<templates xmlns="${NS}">${ts.join('')}${extra}</templates>`);
}
const one = (body: string): TemplateSet => templates({ 1: body });
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const msg = (fields: CanonicalFields, templateId = 1): CanonicalMessage => ({ templateId, fields });

/**
 * Encodes the messages one by one with one encoder and returns each message's hex; also checks
 * that the reference decoder reads the whole stream back to the same messages, with no report.
 */
function encodeEach(set: TemplateSet, messages: CanonicalMessage[], variant?: EncodeVariant, options?: EncoderOptions): string[] {
  const enc = new FastEncoder(set, options);
  const parts = messages.map((m) => enc.encodeMessage(m, variant));
  const all = Buffer.concat(parts);
  const decoded = new FastDecoder(set, options).decodeStream(all);
  expect(decoded.error).toBeNull();
  expect(decoded.messages).toEqual(messages);
  if (variant === undefined) expect(decoded.reports).toEqual([]);
  return parts.map(hex);
}

function fails(set: TemplateSet, m: unknown, code: string, messageIncludes: string): void {
  const enc = new FastEncoder(set);
  let err: unknown;
  try {
    enc.encodeMessage(m as CanonicalMessage);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(FastError);
  expect((err as FastError).code).toBe(code);
  expect((err as FastError).message).toContain(messageIncludes);
}

describe('template id: copy in the global dictionary', () => {
  it('sent when it changes, omitted when it repeats', () => {
    const set = templates({ 1: '<uInt32 name="a"/>', 2: '<uInt32 name="a"/>' });
    expect(encodeEach(set, [msg({ a: '5' }), msg({ a: '5' }), msg({ a: '5' }, 2), msg({ a: '0' }, 1)])).toEqual([
      'c08185',
      '8085',
      'c08285',
      'c08180',
    ]);
  });
  it('reset per message sends it every time', () => {
    const set = one('<uInt32 name="a"><copy/></uInt32>');
    expect(encodeEach(set, [msg({ a: '5' }), msg({ a: '5' })], undefined, { reset: 'message' })).toEqual(['e08185', 'e08185']);
  });
});

describe('integer operators choose the shortest legal encoding', () => {
  it('copy: omitted when equal to the previous value', () => {
    const set = one('<uInt32 name="a"><copy/></uInt32>');
    expect(encodeEach(set, [msg({ a: '5' }), msg({ a: '5' }), msg({ a: '6' })])).toEqual(['e08185', '80', 'a086']);
  });
  it('copy optional: NULL sent when the entry is assigned, omitted when undefined / empty', () => {
    const set = one('<int32 name="a" presence="optional"><copy/></int32>');
    expect(encodeEach(set, [msg({ a: null }), msg({ a: '-1' }), msg({ a: null }), msg({ a: null })])).toEqual(['c081', 'a0ff', 'a080', '80']);
  });
  it('copy with an initial value: omitted on the first message when equal to it', () => {
    const set = one('<uInt64 name="a"><copy value="18446744073709551615"/></uInt64>');
    expect(encodeEach(set, [msg({ a: '18446744073709551615' }), msg({ a: '0' })])).toEqual(['c081', 'a080']);
  });
  it('increment: omitted when previous + 1, wrapping at the maximum', () => {
    const set = one('<uInt32 name="a"><increment/></uInt32>');
    expect(encodeEach(set, [msg({ a: '5' }), msg({ a: '6' }), msg({ a: '8' }), msg({ a: '4294967295' }), msg({ a: '0' })])).toEqual([
      'e08185',
      '80',
      'a088',
      'a00f7f7f7fff',
      '80',
    ]);
    const signed = one('<int32 name="a"><increment value="2147483647"/></int32>');
    expect(encodeEach(signed, [msg({ a: '2147483647' }), msg({ a: '-2147483648' })])).toEqual(['c081', '80']);
  });
  it('default: omitted when equal to the initial value; NULL needs the bit when there is one', () => {
    const set = one('<uInt32 name="a" presence="optional"><default value="7"/></uInt32>');
    expect(encodeEach(set, [msg({ a: '7' }), msg({ a: null }), msg({ a: '3' })])).toEqual(['c081', 'a080', 'a084']);
    const noInitial = one('<uInt32 name="a" presence="optional"><default/></uInt32>');
    expect(encodeEach(noInitial, [msg({ a: null }), msg({ a: '0' })])).toEqual(['c081', 'a081']);
  });
  it('constant: no bit when mandatory, one when optional', () => {
    expect(encodeEach(one('<uInt32 name="a"><constant value="7"/></uInt32>'), [msg({ a: '7' })])).toEqual(['c081']);
    expect(encodeEach(one('<uInt32 name="a" presence="optional"><constant value="7"/></uInt32>'), [msg({ a: '7' }), msg({ a: null })])).toEqual([
      'e081',
      '80',
    ]);
  });
  it('delta: the exact difference, beyond the field width when needed', () => {
    const set = one('<int32 name="a"><delta/></int32><uInt64 name="b"><delta/></uInt64>');
    expect(encodeEach(set, [msg({ a: '5', b: '18446744073709551615' }), msg({ a: '3', b: '0' }), msg({ a: '-2147483648', b: '1' })])).toEqual([
      'c08185' + '017f7f7f7f7f7f7f7fff', // 2^64-1 - 0
      '80fe' + '7e000000000000000081', // -(2^64-1): 10 bytes, beyond int64
      '80' + '777f7f7ffd' + '81', // -2^31 - 3: 5 bytes, beyond int32
    ]);
  });
  it('delta optional: NULL leaves the base alone; the initial value is the first base', () => {
    const set = one('<int32 name="a" presence="optional"><delta value="10"/></int32>');
    expect(encodeEach(set, [msg({ a: '12' }), msg({ a: null }), msg({ a: '12' })])).toEqual(['c08183', '8080', '8081']);
  });
});

describe('decimals', () => {
  it('no operator, mandatory and optional', () => {
    expect(encodeEach(one('<decimal name="p"/>'), [msg({ p: { exponent: -2, mantissa: '1234' } })])).toEqual(['c081fe09d2']);
    expect(encodeEach(one('<decimal name="p" presence="optional"/>'), [msg({ p: null }), msg({ p: { exponent: 0, mantissa: '5' } })])).toEqual([
      'c08180',
      '808185',
    ]);
  });
  it('copy compares exponent and mantissa, not the number', () => {
    const set = one('<decimal name="p"><copy/></decimal>');
    expect(
      encodeEach(set, [msg({ p: { exponent: -1, mantissa: '943' } }), msg({ p: { exponent: -1, mantissa: '943' } }), msg({ p: { exponent: -2, mantissa: '9430' } })]),
    ).toEqual(['e081ff07af', '80', 'a0fe0049d6']);
  });
  it('delta: exponent and mantissa differences; only the exponent is nullable', () => {
    const set = one('<decimal name="p" presence="optional"><delta/></decimal>');
    expect(encodeEach(set, [msg({ p: { exponent: -2, mantissa: '1234' } }), msg({ p: { exponent: -2, mantissa: '1235' } }), msg({ p: null })])).toEqual([
      'c081fe09d2',
      '808181',
      '8080',
    ]);
  });
  it('default and constant on the pair (initial values are normalised)', () => {
    const set = one('<decimal name="p" presence="optional"><default value="1.5"/></decimal><decimal name="c"><constant value="100"/></decimal>');
    expect(encodeEach(set, [msg({ p: { exponent: -1, mantissa: '15' }, c: { exponent: 2, mantissa: '1' } }), msg({ p: null, c: { exponent: 2, mantissa: '1' } })])).toEqual([
      'c081',
      'a080',
    ]);
  });
  it('individual operators: the mantissa and its bit exist only when the exponent is not NULL', () => {
    const set = one(
      '<decimal name="p" presence="optional"><exponent><copy/></exponent><mantissa><copy/></mantissa></decimal><uInt32 name="x"><copy/></uInt32>',
    );
    // bits: tid, exponent, [mantissa], x
    expect(
      encodeEach(set, [msg({ p: { exponent: -2, mantissa: '5' }, x: '1' }), msg({ p: null, x: '1' }), msg({ p: { exponent: -2, mantissa: '5' }, x: '1' })]),
    ).toEqual(['f881fe8581', 'a080', 'a0fe']); // the exponent entry is empty after NULL: sent again
  });
});

describe('strings', () => {
  it('ascii copy, unicode copy and byteVector copy', () => {
    const set = one('<string name="s"><copy/></string><string name="u" charset="unicode"><copy/></string><byteVector name="b"><copy/></byteVector>');
    expect(encodeEach(set, [msg({ s: 'abc', u: 'é', b: { hex: '00ff' } }), msg({ s: 'abc', u: 'é', b: { hex: '00ff' } })])).toEqual([
      'f8816162e382c3a98200ff',
      '80',
    ]);
  });
  it('ascii "" and "\\0" under no operator', () => {
    const set = one('<string name="m"/><string name="o" presence="optional"/>');
    expect(encodeEach(set, [msg({ m: '', o: '' }), msg({ m: '\0', o: '\0' }), msg({ m: 'a', o: null })])).toEqual([
      'c081800080',
      '800080000080',
      '80e180',
    ]);
  });
  it('delta: back removal, front removal when shorter (negative length), tie goes to the back', () => {
    const set = one('<string name="s"><delta/></string>');
    expect(encodeEach(set, [msg({ s: 'abc' }), msg({ s: 'abd' }), msg({ s: 'xabd' }), msg({ s: '' })])).toEqual([
      'c081806162e3',
      '8081e4',
      '80fff8',
      '808480',
    ]);
  });
  it('delta: the variant forces the side', () => {
    const set = one('<string name="s"><delta/></string>');
    const front: EncodeVariant = { stringDelta: () => 'front' };
    const back: EncodeVariant = { stringDelta: () => 'back' };
    expect(encodeEach(set, [msg({ s: 'abc' }), msg({ s: 'abd' })], front)).toEqual(['c081ff6162e3', '80fc6162e4']);
    expect(encodeEach(set, [msg({ s: 'abc' }), msg({ s: 'xabc' })], back)).toEqual(['c081806162e3', '8083786162e3']);
  });
  it('delta on unicode works on UTF-8 bytes', () => {
    const set = one('<string name="u" charset="unicode"><delta/></string>');
    // "é" is c3 a9, "ê" is c3 aa: only the last byte differs.
    expect(encodeEach(set, [msg({ u: 'é' }), msg({ u: 'ê' })])).toEqual(['c0818082c3a9', '808181aa']);
  });
  it('delta on an optional byteVector: nullable subtraction length', () => {
    const set = one('<byteVector name="b" presence="optional"><delta/></byteVector>');
    expect(encodeEach(set, [msg({ b: { hex: '0102' } }), msg({ b: null }), msg({ b: { hex: '01' } })])).toEqual(['c08181820102', '8080', '808280']);
  });
  it('tail: the suffix after the common prefix, the whole value when longer than the base', () => {
    const set = one('<string name="s"><tail/></string>');
    expect(encodeEach(set, [msg({ s: 'abc' }), msg({ s: 'abd' }), msg({ s: 'abd' }), msg({ s: 'abdxy' })])).toEqual([
      'e0816162e3',
      'a0e4',
      '80',
      'a06162647879'.slice(0, -2) + 'f9',
    ]);
  });
  it('tail with an initial value and an optional NULL', () => {
    const set = one('<string name="s" presence="optional"><tail value="abc"/></string>');
    expect(encodeEach(set, [msg({ s: 'abc' }), msg({ s: null }), msg({ s: null }), msg({ s: 'abx' })])).toEqual(['c081', 'a080', '80', 'a0f8']);
  });
});

describe('groups, sequences, templateRefs', () => {
  it('optional group: a bit in the parent; its own pmap only when a field needs one', () => {
    const set = one('<group name="g" presence="optional"><uInt32 name="x"><copy/></uInt32></group><group name="h"><uInt32 name="y"/></group>');
    expect(encodeEach(set, [msg({ g: { x: '1' }, h: { y: '0' } }), msg({ g: null, h: { y: '1' } })])).toEqual(['e081c08180', '8081']);
  });
  it('sequence: implicit length; element pmaps; copy across elements', () => {
    const set = one('<sequence name="q"><uInt32 name="x"><copy/></uInt32></sequence>');
    expect(encodeEach(set, [msg({ q: [{ x: '1' }, { x: '1' }] }), msg({ q: [] })])).toEqual(['c08182c08180', '8080']);
  });
  it('sequence: length with an operator takes a bit in the parent; optional NULL', () => {
    const set = one('<sequence name="q" presence="optional"><length name="n"><copy/></length><uInt32 name="x"/></sequence>');
    expect(encodeEach(set, [msg({ q: [{ x: '1' }] }), msg({ q: [{ x: '2' }] }), msg({ q: null })])).toEqual(['e0818281', '8082', 'a080']);
  });
  it('static templateRef: fields inline, same presence map', () => {
    const set = templates({ 1: '<uInt32 name="a"><copy/></uInt32><templateRef name="T2"/><uInt32 name="c"><copy/></uInt32>', 2: '<uInt32 name="b"><copy/></uInt32>' });
    expect(encodeEach(set, [msg({ a: '0', b: '1', c: '2' })])).toEqual(['f881808182']);
  });
  it('dynamic templateRef: nested message with its own pmap and template id (shared copy entry)', () => {
    const set = templates({ 2: '<uInt32 name="b"><copy/></uInt32>', 3: '<uInt32 name="a"/><templateRef/><uInt32 name="z"/>' });
    const m = msg({ a: '0', templateRef: msg({ b: '1' }, 2), z: '0' }, 3);
    expect(encodeEach(set, [m, m])).toEqual(['c08380e0828180', 'c08380c08280']);
  });
});

describe('variants: other legal encodings', () => {
  const set = one('<uInt32 name="a"/><string name="s"/><sequence name="q"><uInt32 name="x"><copy/></uInt32></sequence>');
  const m = msg({ a: '5', s: 'A', q: [{ x: '1' }] });
  it('shortest by default', () => {
    expect(encodeEach(set, [m])).toEqual(['c08185c181c081']);
  });
  it('overlong: per stop-bit entity, in stream order (R6 / R9)', () => {
    const enc = new FastEncoder(set);
    const bytes = enc.encodeMessage(m, { overlong: (i) => (i === 1 || i === 2 ? 1 : 0) });
    expect(hex(bytes)).toBe('c081008500c181c081');
    const d = new FastDecoder(set).decodeStream(bytes);
    expect(d.messages).toEqual([m]);
    expect(d.reports.map((r) => r.code)).toEqual(['R6', 'R9']);
  });
  it('full and padded presence maps (R7)', () => {
    const enc = new FastEncoder(set);
    const padded = enc.encodeMessage(m, { pmapPadding: (i) => (i === 1 ? 2 : 0) });
    expect(hex(padded)).toBe('c08185c181400080' + '81');
    const d = new FastDecoder(set).decodeStream(padded);
    expect(d.messages).toEqual([m]);
    expect(d.reports.map((r) => r.code)).toEqual(['R7']);
    const wide = one('<uInt32 name="a"><copy/></uInt32>' + Array.from({ length: 7 }, (_, i) => `<uInt32 name="b${i}"><copy/></uInt32>`).join(''));
    const fields: CanonicalFields = { a: '1' };
    for (let i = 0; i < 7; i++) fields[`b${i}`] = '0';
    const e2 = new FastEncoder(wide);
    e2.encodeMessage(msg(fields));
    expect(hex(e2.encodeMessage(msg(fields)))).toBe('80');
    expect(hex(e2.encodeMessage(msg(fields), { pmap: 'full' }))).toBe('0080');
  });
});

describe('invalid messages: typed errors naming the field, state unchanged', () => {
  const set = one(
    '<uInt32 name="a"><copy/></uInt32><int64 name="b" presence="optional"/><decimal name="p" presence="optional"/><string name="s" presence="optional"/>' +
      '<sequence name="q" presence="optional"><uInt32 name="x"><constant value="1"/></uInt32></sequence>',
  );
  const ok: CanonicalFields = { a: '1', b: null, p: null, s: null, q: null };
  it('shape and type errors are D1', () => {
    fails(set, 'nope', 'D1', 'expected a message');
    fails(set, { templateId: 1, fields: { ...ok, extra: '1' } }, 'D1', 'T1: unexpected field "extra"');
    fails(set, { templateId: 1, fields: { a: '1' } }, 'D1', 'missing field "b"');
    fails(set, msg({ ...ok, a: 5 as unknown as string }), 'D1', 'T1.a: expected a decimal integer string');
    fails(set, msg({ ...ok, a: '05' }), 'D1', 'T1.a');
    fails(set, msg({ ...ok, s: 'é' }), 'D1', 'T1.s: character 0 (U+00e9) is not ASCII');
    fails(set, msg({ ...ok, q: [{ x: '1' }, 'x' as unknown as CanonicalFields] }), 'D1', 'T1.q[1]: expected an object');
    fails(set, msg({ ...ok, q: [{ x: '2' }] }), 'D1', 'T1.q[0].x: value 2 differs from the constant 1');
    fails(set, msg({ ...ok, p: { exponent: 1.5, mantissa: '1' } }), 'D1', 'T1.p');
  });
  it('ranges: D2 for integers, R1 for decimals', () => {
    fails(set, msg({ ...ok, a: '4294967296' }), 'D2', 'T1.a: "4294967296" is out of range for uInt32');
    fails(set, msg({ ...ok, a: '9'.repeat(100_000) }), 'D2', 'T1.a: "999');
    fails(set, msg({ ...ok, a: '-1' }), 'D2', 'T1.a');
    fails(set, msg({ ...ok, a: '-0' }), 'D1', 'T1.a');
    fails(set, msg({ ...ok, a: '+1' }), 'D1', 'T1.a');
    fails(set, msg({ ...ok, a: '' }), 'D1', 'T1.a');
    fails(set, msg({ ...ok, b: '9223372036854775808' }), 'D2', 'T1.b');
    fails(set, msg({ ...ok, p: { exponent: 64, mantissa: '1' } }), 'R1', 'T1.p');
    fails(set, msg({ ...ok, p: { exponent: 0, mantissa: '-9223372036854775809' } }), 'R1', 'T1.p');
  });
  it('mandatory NULL is D5; unknown template D9', () => {
    fails(set, msg({ ...ok, a: null }), 'D5', 'T1.a: mandatory field is null');
    fails(set, msg(ok, 9), 'D9', 'unknown template id 9');
  });
  it('delta from an empty entry is D6, a type clash on a shared entry D4, a shortening tail D7', () => {
    const shared = one('<int32 name="c" presence="optional"><copy key="k"/></int32><int32 name="d" presence="optional"><delta key="k"/></int32>');
    const enc = new FastEncoder(shared);
    enc.encodeMessage(msg({ c: '1', d: '1' }));
    expect(() => enc.encodeMessage(msg({ c: null, d: '2' }))).toThrow(/T1\.d: delta base is empty/);
    expect(hex(enc.encodeMessage(msg({ c: null, d: null })))).toBe('a08080');
    const clash = one('<int32 name="c"><copy key="k"/></int32><int64 name="d"><delta key="k"/></int64>');
    fails(clash, msg({ c: '1', d: '1' }), 'D4', 'T1.d');
    const tail = one('<string name="s"><tail/></string>');
    const e2 = new FastEncoder(tail);
    e2.encodeMessage(msg({ s: 'abc' }));
    expect(() => e2.encodeMessage(msg({ s: 'ab' }))).toThrow(/T1\.s: a tail cannot shorten/);
  });
  it('a rejected message leaves the dictionaries as they were', () => {
    const s2 = one('<uInt32 name="a"><copy/></uInt32><uInt32 name="b"/>');
    const enc = new FastEncoder(s2);
    const fresh = new FastEncoder(s2);
    expect(() => enc.encodeMessage(msg({ a: '7', b: '-1' }))).toThrow(FastError);
    expect(() => enc.encodeStream([msg({ a: '8', b: '1' }), msg({ a: '9', b: null })])).toThrow(/message\[1\] T1\.b/);
    expect(hex(enc.encodeMessage(msg({ a: '7', b: '1' })))).toBe(hex(fresh.encodeMessage(msg({ a: '7', b: '1' }))));
  });
});

describe('chooseStringDelta', () => {
  const b = (s: string): Uint8Array => Buffer.from(s, 'latin1');
  it('back and front candidates', () => {
    expect(chooseStringDelta(b('abc'), b('abd'), 'ascii', false, 'shortest')).toEqual({ subtract: 1, diff: b('d') });
    expect(chooseStringDelta(b('abc'), b('zbc'), 'ascii', false, 'shortest')).toEqual({ subtract: -2, diff: b('z') });
    expect(chooseStringDelta(b(''), b('x'), 'ascii', false, 'front')).toEqual({ subtract: -1, diff: b('x') });
    expect(chooseStringDelta(b('abc'), b(''), 'byteVector', true, 'shortest')).toEqual({ subtract: 3, diff: b('') });
  });
});

describe('nesting limit, counted as the decoder counts it', () => {
  const set = templates({ 40: '<uInt32 name="a"/><templateRef/>', 41: '<uInt32 name="b"/>' });
  const nest = (levels: number): CanonicalMessage => {
    let m: CanonicalMessage = msg({ b: '1' }, 41);
    for (let i = 0; i < levels; i++) m = msg({ a: String(i), templateRef: m }, 40);
    return m;
  };
  it('64 levels encode and decode; 65 are D1 for both', () => {
    encodeEach(set, [nest(64)]);
    fails(set, nest(65), 'D1', 'nesting deeper than 64');
    const deep = new FastEncoder(set, { maxDepth: 100 }).encodeMessage(nest(65));
    expect(new FastDecoder(set).decodeStream(deep).error?.code).toBe('D1');
  });
  it('absurd depth is a typed error, not a stack overflow', () => {
    fails(set, nest(100_000), 'D1', 'nesting deeper');
  });
});
