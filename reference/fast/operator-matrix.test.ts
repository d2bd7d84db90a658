/**
 * Every field type × every applicable operator × both presences: a short stream of values (a
 * repeat, a change, NULL when optional, edges of the type) encoded by the reference encoder and
 * decoded back, in both reset policies. The hand-written tables (decoder.test.ts,
 * appendix3.test.ts) pin the bytes; this sweep makes sure no combination is left out.
 */
import { describe, it, expect } from 'vitest';
import { FastDecoder } from './decoder.ts';
import { FastEncoder } from './encoder.ts';
import { templates } from './testing/decoder-support.ts';
import type { CanonicalMessage, CanonicalValue } from './canonical.ts';

interface TypeCase {
  readonly xml: (presence: string, op: string) => string;
  readonly ops: readonly string[];
  readonly initial: string;
  readonly initialValue: CanonicalValue;
  readonly values: readonly CanonicalValue[];
}

const op = (kind: string, initial: string): string => (kind === 'none' ? '' : `<${kind}${initial === '' ? '' : ` value="${initial}"`}/>`);
const integer = (type: string, values: string[]): TypeCase => ({
  xml: (presence, o) => `<${type} name="f" presence="${presence}">${o}</${type}>`,
  ops: ['none', 'constant', 'default', 'copy', 'increment', 'delta'],
  initial: '7',
  initialValue: '7',
  values,
});
const dec = (exponent: number, mantissa: string): CanonicalValue => ({ exponent, mantissa });

const types: Record<string, TypeCase> = {
  int32: integer('int32', ['-2147483648', '2147483647', '0', '-1', '64']),
  uInt32: integer('uInt32', ['4294967295', '0', '127', '128', '16384']),
  int64: integer('int64', ['-9223372036854775808', '9223372036854775807', '-8193', '8193']),
  uInt64: integer('uInt64', ['18446744073709551615', '0', '9223372036854775808']),
  decimal: {
    xml: (presence, o) => `<decimal name="f" presence="${presence}">${o}</decimal>`,
    ops: ['none', 'constant', 'default', 'copy', 'delta'],
    initial: '1.5',
    initialValue: dec(-1, '15'),
    values: [dec(-2, '942755'), dec(63, '1'), dec(-63, '-9223372036854775808'), dec(0, '9223372036854775807')],
  },
  ascii: {
    xml: (presence, o) => `<string name="f" presence="${presence}">${o}</string>`,
    ops: ['none', 'constant', 'default', 'copy', 'delta', 'tail'],
    initial: 'ab',
    initialValue: 'ab',
    values: ['CME', 'ISE', '\u0000\u0000\u0000', 'XYZ'],
  },
  unicode: {
    xml: (presence, o) => `<string name="f" charset="unicode" presence="${presence}">${o}</string>`,
    ops: ['none', 'constant', 'default', 'copy', 'delta', 'tail'],
    initial: 'é',
    initialValue: 'é',
    values: ['€€', 'ab€d', '日本', 'xyzxyz'],
  },
  byteVector: {
    xml: (presence, o) => `<byteVector name="f" presence="${presence}">${o}</byteVector>`,
    ops: ['none', 'constant', 'default', 'copy', 'delta', 'tail'],
    initial: '0aff',
    initialValue: { hex: '0aff' },
    values: [{ hex: '0102' }, { hex: 'ffff' }, { hex: '0000' }, { hex: 'abcd' }],
  },
};

/** A stream for one combination: repeats, changes and NULLs, valid for the operator. */
function stream(t: TypeCase, kind: string, optional: boolean): CanonicalValue[] {
  if (kind === 'constant') return optional ? [t.initialValue, null, t.initialValue] : [t.initialValue, t.initialValue];
  const [a, b, c] = [t.values[0]!, t.values[1]!, t.values[2]!];
  const vs: CanonicalValue[] = [a, a, b, c, c, t.values[3] ?? a, b];
  if (kind === 'default') vs.push(t.initialValue, t.initialValue);
  if (optional) vs.splice(2, 0, null, null);
  if (optional) vs.push(null, a);
  return vs;
}

const combos: [string, string, string][] = [];
for (const [name, t] of Object.entries(types)) {
  for (const kind of t.ops) for (const presence of ['mandatory', 'optional']) combos.push([name, kind, presence]);
}

describe('type × operator × presence, encoded and decoded back', () => {
  it.each(combos)('%s %s %s', (name, kind, presence) => {
    const t = types[name]!;
    // A mandatory default needs an initial value (S5); the others are tried without where legal.
    const initials = kind === 'constant' || (kind === 'default' && presence === 'mandatory') ? [t.initial] : ['', t.initial];
    for (const initial of initials) {
      const set = templates(t.xml(presence, op(kind, initial)));
      const initialValue = initial === '' ? null : t.initialValue;
      let values = stream(t, kind, presence === 'optional');
      if (kind === 'default' && initial === '') values = values.map((v) => (v === t.initialValue ? null : v));
      if (kind === 'default' && initialValue !== null) values = values.map((v) => (v === null && presence === 'mandatory' ? initialValue : v));
      const messages: CanonicalMessage[] = values.map((v) => ({ templateId: 1, fields: { f: v } }));
      for (const reset of ['none', 'message'] as const) {
        const bytes = new FastEncoder(set, { reset }).encodeStream(messages);
        const decoded = new FastDecoder(set, { reset }).decodeStream(bytes);
        expect(decoded.error, `${initial} ${reset}`).toBeNull();
        expect(decoded.reports).toEqual([]);
        expect(decoded.messages).toEqual(messages);
      }
    }
  });

  it('decimals with individual operators: every exponent operator × mantissa operator × presence', () => {
    const ops = ['none', 'default', 'copy', 'increment', 'delta'];
    for (const e of ['none', 'constant', ...ops]) {
      for (const m of ['none', 'constant', ...ops]) {
        for (const presence of ['mandatory', 'optional']) {
          const xml = `<decimal name="f" presence="${presence}"><exponent>${op(e, e === 'none' ? '' : '-2')}</exponent><mantissa>${op(m, m === 'none' ? '' : '5')}</mantissa></decimal>`;
          const exp = e === 'constant' ? -2 : undefined;
          const man = m === 'constant' ? '5' : undefined;
          const vs: CanonicalValue[] = [dec(exp ?? -2, man ?? '5'), dec(exp ?? 3, man ?? '-7'), dec(exp ?? 3, man ?? '-6'), dec(exp ?? -63, man ?? '9223372036854775807')];
          if (presence === 'optional') vs.splice(1, 0, null);
          const messages = vs.map((v) => ({ templateId: 1, fields: { f: v } }));
          const set = templates(xml);
          const bytes = new FastEncoder(set).encodeStream(messages);
          const decoded = new FastDecoder(set).decodeStream(bytes);
          expect(decoded.error, xml).toBeNull();
          expect(decoded.messages, xml).toEqual(messages);
        }
      }
    }
  });
});
