import { describe, it, expect } from 'vitest';
import { Dictionary, payloadOf, valueOf, type DictionaryValue } from './dictionary.ts';
import { makeDictionaryRef } from './template-set.ts';

describe('Dictionary (§6.3.1)', () => {
  const a = makeDictionaryRef('global', '', 'a');
  const aAgain = makeDictionaryRef('global', '', 'a');
  const aInTemplate = makeDictionaryRef('template', 'T', 'a');

  it('undefined -> assigned -> empty -> undefined after reset', () => {
    const d = new Dictionary();
    expect(d.get(a)).toEqual({ state: 'undefined' });
    d.set(a, { type: 'uInt32', value: 5 });
    expect(d.get(a)).toEqual({ state: 'assigned', value: { type: 'uInt32', value: 5 } });
    d.setEmpty(a);
    expect(d.get(a)).toEqual({ state: 'empty' });
    d.reset();
    expect(d.get(a)).toEqual({ state: 'undefined' });
    expect(d.size).toBe(0);
  });

  it('entries are keyed by the resolved id: equal triples share, other scopes do not', () => {
    const d = new Dictionary();
    d.set(a, { type: 'ascii', value: 'x' });
    expect(d.get(aAgain)).toEqual({ state: 'assigned', value: { type: 'ascii', value: 'x' } });
    expect(d.get(aInTemplate)).toEqual({ state: 'undefined' });
  });

  it('slots and references are one storage: a slot is stable across resets', () => {
    const d = new Dictionary();
    const s = d.slot(a);
    expect(d.slot(aAgain)).toBe(s);
    expect(d.slot(aInTemplate)).not.toBe(s);
    expect(d.at(s)).toBeUndefined();
    d.setAt(s, { type: 'uInt32', value: 7 });
    expect(d.get(aAgain)).toEqual({ state: 'assigned', value: { type: 'uInt32', value: 7 } });
    d.setEmpty(a);
    expect(d.at(s)).toBeNull();
    d.set(a, { type: 'uInt32', value: 8 });
    expect(d.at(s)).toEqual({ type: 'uInt32', value: 8 });
    expect(d.size).toBe(1);
    d.reset();
    expect(d.slot(a)).toBe(s);
    expect(d.at(s)).toBeUndefined();
    expect(d.size).toBe(0);
  });

  it('the unboxed slot API and the value API are one storage', () => {
    const d = new Dictionary();
    const s = d.slot(a);
    d.assignAt(s, 'int64', 2 ** 53);
    expect(d.typeAt(s)).toBe('int64');
    expect(d.get(a)).toEqual({ state: 'assigned', value: { type: 'int64', value: 2 ** 53 } });
    d.set(a, { type: 'decimal', exponent: -2, mantissa: 12n });
    expect(d.typeAt(s)).toBe('decimal');
    expect(d.payloadAt(s)).toEqual({ exponent: -2, mantissa: 12n });
    d.emptyAt(s);
    expect(d.typeAt(s)).toBeNull();
    expect(d.get(a)).toEqual({ state: 'empty' });
    d.reset();
    expect(d.typeAt(s)).toBeUndefined();
  });

  it('payloadOf and valueOf are inverse', () => {
    const values: DictionaryValue[] = [
      { type: 'uInt32', value: 4294967295 },
      { type: 'int64', value: -(2n ** 63n) },
      { type: 'decimal', exponent: 63, mantissa: -5 },
      { type: 'ascii', value: '' },
      { type: 'byteVector', value: Uint8Array.of(1, 2) },
    ];
    for (const v of values) expect(valueOf(v.type, payloadOf(v))).toEqual(v);
  });
});
