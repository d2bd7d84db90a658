import { describe, it, expect } from 'vitest';
import { FastError } from './errors.ts';
import type { Field, Operator, SourceLocation, Template } from './template-model.ts';
import { makeDictionaryRef, makeTemplateSet, resolveTemplateRef, templateKey } from './template-set.ts';

const loc: SourceLocation = { line: 0, column: 0 };
const u32 = (name: string, op: Operator = { kind: 'none' }): Field => ({ kind: 'integer', type: 'uInt32', name, presence: 'mandatory', loc, op });
const ref = (name: string, ns?: string): Field => ({ kind: 'templateRef', name, template: { name, ...(ns === undefined ? {} : { ns }) }, presence: 'mandatory', loc });
const tpl = (name: string, fields: Field[], extra: Partial<Template> = {}): Template => ({ name, fields, loc, ...extra });

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof FastError) return e.code;
    throw e;
  }
  return 'ok';
}

describe('makeTemplateSet', () => {
  it('builds byId and byName (full key and bare name for namespaced templates)', () => {
    const a = tpl('A', [], { id: 1 });
    const b = tpl('B', [], { ns: 'urn:x' });
    const set = makeTemplateSet([a, b]);
    expect(set.byId.get(1)).toBe(a);
    expect(set.byName.get('A')).toBe(a);
    expect(set.byName.get(templateKey('B', 'urn:x'))).toBe(b);
    expect(set.byName.get('B')).toBe(b);
    expect(resolveTemplateRef(set, { kind: 'templateRef', name: 'B', template: { name: 'B', ns: 'urn:x' }, presence: 'mandatory', loc })).toBe(b);
  });

  it('the same name in two namespaces is not a duplicate; the bare name stays with the un-namespaced one', () => {
    const a = tpl('A', [], { ns: 'urn:1' });
    const b = tpl('A', []);
    const set = makeTemplateSet([a, b]);
    expect(set.byName.get('A')).toBe(b);
    expect(set.byName.get(templateKey('A', 'urn:1'))).toBe(a);
  });

  it('rejects duplicate ids / names, bad ids, unknown refs, cycles', () => {
    expect(code(() => makeTemplateSet([tpl('A', [], { id: 1 }), tpl('B', [], { id: 1 })]))).toBe('S1');
    expect(code(() => makeTemplateSet([tpl('A', []), tpl('A', [])]))).toBe('S1');
    expect(code(() => makeTemplateSet([tpl('A', [], { id: -1 })]))).toBe('S1');
    expect(code(() => makeTemplateSet([tpl('A', [], { id: 2 ** 32 })]))).toBe('S1');
    expect(code(() => makeTemplateSet([tpl('A', [ref('B')])]))).toBe('D8');
    expect(code(() => makeTemplateSet([tpl('A', [ref('B', 'urn:x')]), tpl('B', [])]))).toBe('D8');
    expect(code(() => makeTemplateSet([tpl('A', [ref('B')]), tpl('B', [ref('C')]), tpl('C', [ref('A')])]))).toBe('S1');
    expect(code(() => makeTemplateSet([tpl('A', [ref('B')]), tpl('B', [ref('C')]), tpl('C', [u32('x')])]))).toBe('ok');
  });

  it('a diamond of references is fine; depth counts expanded references', () => {
    const set = [tpl('A', [ref('B'), ref('C')]), tpl('B', [ref('D')]), tpl('C', [ref('D')]), tpl('D', [u32('x')])];
    expect(code(() => makeTemplateSet(set, { maxDepth: 2 }))).toBe('ok');
    expect(code(() => makeTemplateSet(set, { maxDepth: 1 }))).toBe('S1');
  });

  it('checks dictionary references against their place', () => {
    const good = makeDictionaryRef('template', 'A', 'x');
    expect(code(() => makeTemplateSet([tpl('A', [u32('x', { kind: 'copy', dictionary: good })])]))).toBe('ok');
    expect(code(() => makeTemplateSet([tpl('A', [u32('x', { kind: 'copy', dictionary: makeDictionaryRef('template', 'B', 'x') })])]))).toBe('S1');
    expect(code(() => makeTemplateSet([tpl('A', [u32('x', { kind: 'copy', dictionary: makeDictionaryRef('type', 'any', 'x') })], { typeRef: 'Q' })]))).toBe('S1');
    expect(code(() => makeTemplateSet([tpl('A', [u32('x', { kind: 'copy', dictionary: makeDictionaryRef('type', 'Q', 'x') })], { typeRef: 'Q' })]))).toBe('ok');
    expect(code(() => makeTemplateSet([tpl('A', [u32('x', { kind: 'copy', dictionary: { ...good, id: 'wrong' } })])]))).toBe('S1');
    expect(code(() => makeTemplateSet([tpl('A', [u32('x', { kind: 'copy' })])]))).toBe('S1');
    expect(code(() => makeTemplateSet([tpl('A', [u32('x', { kind: 'constant', initial: { kind: 'integer', value: 1n }, dictionary: good })])]))).toBe('S1');
  });

  it('checks what the XML cannot express: templateRef names, sequence length shape', () => {
    expect(code(() => makeTemplateSet([tpl('A', [{ kind: 'templateRef', name: 'other', presence: 'mandatory', loc }])]))).toBe('S1');
    const seq = (presence: 'mandatory' | 'optional'): Field => ({
      kind: 'sequence', name: 's', presence: 'optional', loc, fields: [],
      length: { kind: 'integer', type: 'uInt32', name: 'n', presence, loc, op: { kind: 'none' }, implicit: false },
    });
    expect(code(() => makeTemplateSet([tpl('A', [seq('optional')])]))).toBe('ok');
    expect(code(() => makeTemplateSet([tpl('A', [seq('mandatory')])]))).toBe('S1');
  });
});
