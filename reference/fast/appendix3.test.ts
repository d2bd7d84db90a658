/**
 * FAST 1.1 specification, Appendix 3 (encoding examples), as tables: the hex and the value.
 * Transcribed by hand from the specification's examples, with the known errata applied
 * (notes item 10): 3.1.1.6 and 3.1.5.8 print `73` where `7F` is meant; in 3.1.4.1 the hex `84`
 * is right (the binary column is wrong); in 3.2.6 the mantissa byte is `A3`, not `A4`.
 */
import { describe, it, expect } from 'vitest';
import { WireReader } from './wire-reader.ts';
import { fieldsAndError, hx } from './decoder-test-support.ts';

const noReports = (): void => {
  throw new Error('unexpected report');
};

describe('Appendix 3.1: primitive encodings', () => {
  const ints: [string, string, 'int' | 'intNullable' | 'uint' | 'uintNullable', number | null][] = [
    ['3.1.1.1 mandatory positive int32', '39 45 A3', 'int', 942755],
    ['3.1.1.2 optional positive int32', '39 45 A4', 'intNullable', 942755],
    ['3.1.1.3 mandatory negative int32', '46 3A DD', 'int', -942755],
    ['3.1.1.4 optional negative int32', '46 3A DD', 'intNullable', -942755],
    ['3.1.1.5 mandatory positive, sign-bit extension', '00 40 81', 'int', 8193],
    ['3.1.1.6 mandatory negative, sign-bit extension (erratum: 7F)', '7F 3F FF', 'int', -8193],
    ['3.1.2 mandatory uInt32 0', '80', 'uint', 0],
    ['3.1.2 optional uInt32 NULL', '80', 'uintNullable', null],
    ['3.1.2 optional uInt32 0', '81', 'uintNullable', 0],
    ['3.1.2 optional uInt32 1', '82', 'uintNullable', 1],
    ['3.1.2 mandatory uInt32 942755', '39 45 A3', 'uint', 942755],
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
    ['3.1.5.1 mandatory 94275500 as 942755e2', '82 39 45 A3', false, { exponent: 2, mantissa: '942755' }],
    ['3.1.5.2 mandatory 94275500 as 9427550e1 (not normalised)', '81 04 3F 34 DE', false, { exponent: 1, mantissa: '9427550' }],
    ['3.1.5.3 optional 94275500', '83 39 45 A3', true, { exponent: 2, mantissa: '942755' }],
    ['3.1.5.4 mandatory 9427.55', 'FE 39 45 A3', false, { exponent: -2, mantissa: '942755' }],
    ['3.1.5.5 optional 9427.55', 'FE 39 45 A3', true, { exponent: -2, mantissa: '942755' }],
    ['3.1.5.6 optional NULL', '80', true, null],
    ['3.1.5.7 mandatory -942.755', 'FD 46 3A DD', false, { exponent: -3, mantissa: '-942755' }],
    ['3.1.5.8 optional -8.193, sign-bit extension (erratum: 7F)', 'FD 7F 3F FF', true, { exponent: -3, mantissa: '-8193' }],
  ];
  it.each(decimals)('%s: %s', (_t, hex, optional, value) => {
    const xml = `<decimal name="d" presence="${optional ? 'optional' : 'mandatory'}"/>`;
    expect(fieldsAndError(xml, `C0 81 ${hex}`)).toEqual({ fields: [{ d: value }], error: null });
  });
});

/**
 * Appendix 3.2: operator examples. Each row is one message of a one-field template: its
 * presence-map bit for the field (undefined: the field takes none), the field's bytes, and the
 * decoded value.
 */
type Row = readonly [bit: 0 | 1 | undefined, hex: string, value: unknown];
const operatorExamples: [string, string, Row[]][] = [
  ['3.2.1 constant, mandatory', '<uInt32 name="f"><constant value="0"/></uInt32>', [[undefined, '', '0'], [undefined, '', '0']]],
  ['3.2.1 constant, optional', '<uInt32 name="f" presence="optional"><constant value="0"/></uInt32>', [[1, '', '0'], [0, '', null]]],
  ['3.2.2 default, mandatory', '<uInt32 name="f"><default value="0"/></uInt32>', [[0, '', '0'], [1, '81', '1'], [0, '', '0']]],
  ['3.2.2 default, optional without initial value', '<uInt32 name="f" presence="optional"><default/></uInt32>', [[0, '', null], [1, '81', '0'], [1, '80', null]]],
  ['3.2.3 copy, mandatory ascii', '<string name="f"><copy/></string>', [[1, '43 4D C5', 'CME'], [0, '', 'CME'], [1, '49 53 C5', 'ISE']]],
  ['3.2.3 copy, optional ascii', '<string name="f" presence="optional"><copy/></string>', [[1, '80', null], [0, '', null], [1, '43 4D C5', 'CME'], [0, '', 'CME']]],
  ['3.2.4 increment, mandatory uInt32', '<uInt32 name="f"><increment value="1"/></uInt32>', [[0, '', '1'], [0, '', '2'], [1, '84', '4'], [0, '', '5']]],
  ['3.2.5 delta, mandatory int32', '<int32 name="f"><delta/></int32>', [[undefined, '39 45 A3', '942755'], [undefined, 'FB', '942750'], [undefined, 'FB', '942745'], [undefined, '80', '942745']]],
  ['3.2.5 delta, optional int32', '<int32 name="f" presence="optional"><delta/></int32>', [[undefined, '39 45 A4', '942755'], [undefined, '80', null], [undefined, 'FB', '942750']]],
  [
    '3.2.6 delta, mandatory decimal',
    '<decimal name="f"><delta/></decimal>',
    [[undefined, 'FE 39 45 A3', { exponent: -2, mantissa: '942755' }], [undefined, '80 FC', { exponent: -2, mantissa: '942751' }], [undefined, '80 FB', { exponent: -2, mantissa: '942746' }]],
  ],
  [
    '3.2.6 delta, optional decimal (erratum: mantissa A3, it is not nullable)',
    '<decimal name="f" presence="optional"><delta/></decimal>',
    [[undefined, 'FE 39 45 A3', { exponent: -2, mantissa: '942755' }], [undefined, '80', null], [undefined, '81 FC', { exponent: -2, mantissa: '942751' }]],
  ],
  ['3.2.7 delta, mandatory ascii', '<string name="f"><delta/></string>', [[undefined, '80 47 45 48 B6', 'GEH6'], [undefined, '82 4D B6', 'GEM6'], [undefined, 'FD 45 D3', 'ESM6'], [undefined, 'FF 52 D3', 'RSESM6']]],
  ['3.2.8 tail, mandatory ascii', '<string name="f"><tail/></string>', [[1, '43 4D C5', 'CME'], [1, 'D3', 'CMS'], [0, '', 'CMS'], [1, '49 53 C5', 'ISE']]],
];

describe('Appendix 3.2: operators', () => {
  it.each(operatorExamples)('%s', (_title, xml, rows) => {
    // Every message sends the template id: pmap bit 1 set; the field's bit, if any, second.
    const hex = rows.map(([bit, field]) => `${bit === 1 ? 'E0' : 'C0'} 81 ${field}`).join(' ');
    expect(fieldsAndError(xml, hex)).toEqual({ fields: rows.map(([, , value]) => ({ f: value })), error: null });
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
