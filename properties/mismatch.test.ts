import { describe, expect, it } from 'vitest';
import { abstractPath, assertSameCanonical, firstDifference, formatPath, Mismatch } from './mismatch.ts';

function thrown(f: () => void): Mismatch {
  try {
    f();
  } catch (err) {
    if (err instanceof Mismatch) return err;
    throw err;
  }
  throw new Error('no Mismatch thrown');
}

describe('structural diff', () => {
  it('finds the first differing path and its kind', () => {
    const e = { messages: [{ templateId: 1, fields: { bid: '5' } }, { templateId: 1, fields: { bid: '5', ask: null } }] };
    expect(firstDifference(e, e)).toBeUndefined();
    const v = firstDifference(e, { messages: [e.messages[0], { templateId: 1, fields: { bid: '6', ask: null } }] });
    expect(v).toMatchObject({ kind: 'value-differs', path: ['messages', 1, 'fields', 'bid'], expected: '5', actual: '6' });
    expect(firstDifference(e, { messages: [e.messages[0]] })).toMatchObject({ kind: 'missing', path: ['messages', 1] });
    expect(firstDifference({ a: [1] }, { a: [1, 2] })).toMatchObject({ kind: 'extra', path: ['a', 1] });
    expect(firstDifference({ a: 1 }, { a: 1, b: 2 })).toMatchObject({ kind: 'extra', path: ['b'] });
    expect(firstDifference({ a: { x: 1 } }, { a: 'x' })).toMatchObject({ kind: 'type-differs', path: ['a'] });
    expect(firstDifference({ a: null }, { a: '0' })).toMatchObject({ kind: 'value-differs', path: ['a'] });
    expect(firstDifference({ n: 1n }, { n: '1' })).toBeUndefined(); // compared in canonical JSON
  });

  it('renders concrete and abstracted paths', () => {
    expect(formatPath(['messages', 3, 'fields', 'bid'])).toBe('messages[3].fields.bid');
    expect(formatPath([3, 'odd key'], 'm')).toBe('m[3]["odd key"]');
    expect(abstractPath(['messages', 3, 'fields', 'seq', 0, 'x'])).toBe('messages[].fields.seq[].x');
  });

  it('assertSameCanonical names the path in the message, not a character offset, and signs the difference', () => {
    const m = thrown(() => assertSameCanonical('decoded', [{ a: '1' }, { a: '2' }], [{ a: '1' }, { a: '3' }]));
    expect(m.message).toBe('decoded: value differs at [1].a: expected "2", got "3"');
    expect(m.message).not.toContain('char');
    expect(m.signature()).toBe('value-differs at [].a');
    const named = thrown(() => assertSameCanonical('x', [1], [2], (d) => ({ kind: 'custom', path: `list${abstractPath(d.path)}` })));
    expect(named.signature()).toBe('custom at list[]');
    const fixed = thrown(() => assertSameCanonical('x', { a: 1 }, { a: 2 }, { kind: 'fixed' }));
    expect(fixed.signature()).toBe('fixed at a');
  });
});
