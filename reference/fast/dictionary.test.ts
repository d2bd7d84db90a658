import { describe, it, expect } from 'vitest';
import { Dictionary } from './dictionary.ts';
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
});
