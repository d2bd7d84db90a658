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
});
