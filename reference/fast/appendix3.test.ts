/**
 * FAST 1.1 specification, Appendix 3 (encoding examples), as tables: the hex and the value.
 * Transcribed by hand, with the known errata applied (notes item 10): the sign-extended -8193
 * is `7F 3F FF` (the specification prints `73`), the optional byte vector's hex `84` is right
 * (its binary column is wrong), and in the extended example (3.2.6) the mantissa byte is `A3`,
 * not `A4`.
 *
 * Cross-checked against public transcriptions (see testing/testdata/README.md): mcsakoff/rs-fastlib's
 * Appendix 3 tests (3.1.5 decimals, 3.2.1–3.2.6, with the section of each) and OpenFAST's codec
 * tests for the integers and strings (shlxue/OpenFAST SignedIntegerTest; OpenFAST 1.1.2's
 * NullableUnsignedIntegerTest as vendored in kuangtu/fixfast). Section numbers are given to the
 * level those confirm (3.1.5, 3.2.4, ...); rows no public transcription has are marked
 * "(derived)": they follow from the rules and the neighbouring examples, not from Appendix 3.
 */
import { describe, it, expect } from 'vitest';
import { WireReader } from './wire-reader.ts';
import { fieldsAndError, hx } from './testing/decoder-support.ts';

const noReports = (): void => {
  throw new Error('unexpected report');
};

describe('Appendix 3.1: primitive encodings', () => {
  const ints: [string, string, 'int' | 'intNullable' | 'uint' | 'uintNullable', number | null][] = [
    ['3.1.1 mandatory positive int32', '39 45 A3', 'int', 942755],
    ['3.1.1 optional positive int32', '39 45 A4', 'intNullable', 942755],
    ['3.1.1 mandatory negative int32', '46 3A DD', 'int', -942755],
    ['3.1.1 optional negative int32', '46 3A DD', 'intNullable', -942755],
    ['3.1.1 mandatory positive, sign-bit extension', '00 40 81', 'int', 8193],
    ['3.1.1 mandatory negative, sign-bit extension (erratum: 7F)', '7F 3F FF', 'int', -8193],
    ['3.1.2 mandatory uInt32 0', '80', 'uint', 0],
    ['3.1.2 optional uInt32 NULL', '80', 'uintNullable', null],
    ['3.1.2 optional uInt32 0', '81', 'uintNullable', 0],
    ['3.1.2 optional uInt32 1', '82', 'uintNullable', 1],
    ['3.1.2 mandatory uInt32 942755', '39 45 A3', 'uint', 942755],
    ['3.1.2 optional uInt32 942755', '39 45 A4', 'uintNullable', 942755],
  ];
  it.each(ints)('%s: %s', (_t, hex, kind, value) => {
    const r = new WireReader(hx(hex), 0, noReports);
    const v =
      kind === 'int' ? r.readInt() : kind === 'intNullable' ? r.readIntNullable() : kind === 'uint' ? r.readUInt() : r.readUIntNullable();
    expect(v).toBe(value);
    expect(r.pos).toBe(hx(hex).length);
  });

  const strings: [string, string, boolean, string | null][] = [
    ['3.1.3 mandatory ascii "ABC"', '41 42 C3', false, 'ABC'],
    ['3.1.3 optional ascii NULL', '80', true, null],
    ['3.1.3 mandatory ascii ""', '80', false, ''],
    ['3.1.3 optional ascii ""', '00 80', true, ''],
    ['3.1.3 mandatory ascii "\\0"', '00 80', false, '\0'],
    ['3.1.3 optional ascii "\\0"', '00 00 80', true, '\0'],
  ];
  it.each(strings)('%s: %s', (_t, hex, optional, value) => {
    const r = new WireReader(hx(hex), 0, noReports);
    expect(r.readAscii(optional)).toBe(value);
    expect(r.pos).toBe(hx(hex).length);
  });

  it('3.1.4 byte vectors: mandatory 83 41 42 43; optional 84 41 42 43 (erratum: the hex is right)', () => {
    expect(Array.from(new WireReader(hx('83 41 42 43'), 0, noReports).readByteVector(false)!)).toEqual([0x41, 0x42, 0x43]);
    expect(Array.from(new WireReader(hx('84 41 42 43'), 0, noReports).readByteVector(true)!)).toEqual([0x41, 0x42, 0x43]);
  });

  const decimals: [string, string, boolean, { exponent: number; mantissa: string } | null][] = [
    ['3.1.5 mandatory positive 94275500 as 942755e2', '82 39 45 A3', false, { exponent: 2, mantissa: '942755' }],
    ['3.1.5 mandatory positive with scaled mantissa: 94275500 as 9427550e1 (not normalised)', '81 04 3F 34 DE', false, { exponent: 1, mantissa: '9427550' }],
    ['3.1.5 mandatory positive 9427.55', 'FE 39 45 A3', false, { exponent: -2, mantissa: '942755' }],
    ['3.1.5 optional positive 94275500', '83 39 45 A3', true, { exponent: 2, mantissa: '942755' }],
    ['3.1.5 optional negative -9427.55', 'FE 46 3A DD', true, { exponent: -2, mantissa: '-942755' }],
    ['3.1.5 optional negative -8.193, sign-bit extension (erratum: 7F)', 'FD 7F 3F FF', true, { exponent: -3, mantissa: '-8193' }],
    ['(derived) optional positive 9427.55: a negative exponent is not shifted', 'FE 39 45 A3', true, { exponent: -2, mantissa: '942755' }],
    ['(derived) optional NULL', '80', true, null],
    ['(derived) mandatory -942.755', 'FD 46 3A DD', false, { exponent: -3, mantissa: '-942755' }],
  ];
  it.each(decimals)('%s: %s', (_t, hex, optional, value) => {
    const xml = `<decimal name="d" presence="${optional ? 'optional' : 'mandatory'}"/>`;
    expect(fieldsAndError(xml, `C0 81 ${hex}`)).toEqual({ fields: [{ d: value }], error: null });
  });

  it('3.1.5 optional positive 9427.55 with a single field operator (copy): one bit, E0', () => {
    const xml = '<decimal name="d" presence="optional"><copy/></decimal>';
    expect(fieldsAndError(xml, 'E0 81 FE 39 45 A3')).toEqual({ fields: [{ d: { exponent: -2, mantissa: '942755' } }], error: null });
  });
  it('3.1.5 optional positive 9427.55 with individual field operators (exponent copy, mantissa delta)', () => {
    const xml = '<decimal name="d" presence="optional"><exponent><copy/></exponent><mantissa><delta/></mantissa></decimal>';
    expect(fieldsAndError(xml, 'E0 81 FE 39 45 A3')).toEqual({ fields: [{ d: { exponent: -2, mantissa: '942755' } }], error: null });
  });
});

/**
 * Appendix 3.2: operator examples. Each row is one message of a one-field template: its
 * presence-map bit for the field (undefined: the field takes none), the field's bytes, and the
 * decoded value.
 */
type Row = readonly [bit: 0 | 1 | undefined, hex: string, value: unknown];
const operatorExamples: [string, string, Row[]][] = [
  ['3.2.1 constant, mandatory', '<uInt32 name="f"><constant value="7"/></uInt32>', [[undefined, '', '7'], [undefined, '', '7']]],
  ['3.2.1 constant, optional', '<uInt32 name="f" presence="optional"><constant value="7"/></uInt32>', [[1, '', '7'], [0, '', null]]],
  ['3.2.2 default, mandatory', '<uInt32 name="f"><default value="7"/></uInt32>', [[0, '', '7'], [1, '81', '1'], [0, '', '7']]],
  ['3.2.2 default, optional without initial value', '<uInt32 name="f" presence="optional"><default/></uInt32>', [[0, '', null], [1, '81', '0'], [1, '80', null]]],
  ['3.2.3 copy, mandatory ascii', '<string name="f"><copy/></string>', [[1, '43 4D C5', 'CME'], [0, '', 'CME'], [1, '49 53 C5', 'ISE']]],
  ['3.2.3 copy, optional ascii', '<string name="f" presence="optional"><copy/></string>', [[1, '80', null], [0, '', null], [1, '43 4D C5', 'CME'], [0, '', 'CME']]],
  ['3.2.4 increment, mandatory uInt32', '<uInt32 name="f"><increment value="1"/></uInt32>', [[0, '', '1'], [0, '', '2'], [1, '84', '4'], [0, '', '5']]],
  ['3.2.5 delta, mandatory int32', '<int32 name="f"><delta/></int32>', [[undefined, '39 45 A3', '942755'], [undefined, 'FB', '942750'], [undefined, 'FB', '942745'], [undefined, '80', '942745']]],
  ['(derived) delta, optional int32: NULL leaves the base unchanged', '<int32 name="f" presence="optional"><delta/></int32>', [[undefined, '39 45 A4', '942755'], [undefined, '80', null], [undefined, 'FB', '942750']]],
  [
    '3.2.5 delta, mandatory decimal',
    '<decimal name="f"><delta/></decimal>',
    [[undefined, 'FE 39 45 A3', { exponent: -2, mantissa: '942755' }], [undefined, '80 FC', { exponent: -2, mantissa: '942751' }], [undefined, '80 FB', { exponent: -2, mantissa: '942746' }]],
  ],
  [
    '(derived) delta, optional decimal: only the exponent is nullable (mantissa A3)',
    '<decimal name="f" presence="optional"><delta/></decimal>',
    [[undefined, 'FE 39 45 A3', { exponent: -2, mantissa: '942755' }], [undefined, '80', null], [undefined, '81 FC', { exponent: -2, mantissa: '942751' }]],
  ],
  [
    '3.2.5 delta, mandatory decimal with initial value 12000 (rs-fastlib: "CQG\'s version" of this example)',
    '<decimal name="f"><delta value="12000"/></decimal>',
    [
      [undefined, '80 80', { exponent: 3, mantissa: '12' }],
      [undefined, 'FF 00 ED', { exponent: 2, mantissa: '121' }],
      [undefined, 'FF 08 C6', { exponent: 1, mantissa: '1215' }],
      [undefined, '80 81', { exponent: 1, mantissa: '1216' }],
    ],
  ],
  ['3.2.5 delta, mandatory ascii', '<string name="f"><delta/></string>', [[undefined, '80 47 45 48 B6', 'GEH6'], [undefined, '82 4D B6', 'GEM6'], [undefined, 'FD 45 D3', 'ESM6'], [undefined, 'FF 52 D3', 'RSESM6']]],
  ['(derived, §6.3.8; Appendix 3.2 has no tail example) tail, mandatory ascii', '<string name="f"><tail/></string>', [[1, '43 4D C5', 'CME'], [1, 'D3', 'CMS'], [0, '', 'CMS'], [1, '49 53 C5', 'ISE']]],
];

describe('Appendix 3.2: operators', () => {
  it.each(operatorExamples)('%s', (_title, xml, rows) => {
    // Every message sends the template id: pmap bit 1 set; the field's bit, if any, second.
    const hex = rows.map(([bit, field]) => `${bit === 1 ? 'E0' : 'C0'} 81 ${field}`).join(' ');
    expect(fieldsAndError(xml, hex)).toEqual({ fields: rows.map(([, , value]) => ({ f: value })), error: null });
  });
});

describe('Appendix 3.2.6: extended example, several presence-map slots', () => {
  it('optional decimal, exponent copy + mantissa copy (erratum: mantissa A3); later messages copy the template id', () => {
    const xml = '<decimal name="f" presence="optional"><exponent><copy/></exponent><mantissa><copy/></mantissa></decimal>';
    // F0: template id, exponent, mantissa bits; 90: mantissa only; A0: exponent only (NULL: no mantissa).
    expect(fieldsAndError(xml, 'F0 81 FE 39 45 A3  90 39 45 A9  A0 80')).toEqual({
      fields: [{ f: { exponent: -2, mantissa: '942755' } }, { f: { exponent: -2, mantissa: '942761' } }, { f: null }],
      error: null,
    });
  });
});

describe('Appendix 3.3: which fields take a presence-map bit', () => {
  it('none / delta / mandatory constant: no bit; optional constant, copy, default, increment, tail: one', () => {
    const xml =
      '<uInt32 name="a"/><uInt32 name="b"><constant value="1"/></uInt32>' +
      '<uInt32 name="c" presence="optional"><constant value="2"/></uInt32><uInt32 name="d"><copy/></uInt32>' +
      '<uInt32 name="e"><default value="3"/></uInt32><uInt32 name="f"><increment value="1"/></uInt32>' +
      '<uInt32 name="g"><delta/></uInt32><string name="h"><tail value="x"/></string>';
    // bits: template id, c, d, e, f, h = 1 1 1 0 0 0
    expect(fieldsAndError(xml, 'F0 81 85 86 81')).toEqual({
      fields: [{ a: '5', b: '1', c: '2', d: '6', e: '3', f: '1', g: '1', h: 'x' }],
      error: null,
    });
  });
});
