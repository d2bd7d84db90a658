import { describe, it, expect } from 'vitest';
import { FastError } from './errors.ts';
import type { FastErrorCode } from './errors.ts';
import type { DecimalField, Field, GroupField, IntegerField, Operator, SequenceField, StringField, Template, TemplateSet } from './template-model.ts';
import { parseTemplates } from './template-parser.ts';

const NS = 'http://www.fixprotocol.org/ns/fast/td/1.1';

/** Wraps template bodies in a namespaced <templates> root; line 1 is the root element. */
function doc(body: string, rootAttrs = ''): string {
  return `<templates xmlns="${NS}"${rootAttrs}>\n${body}\n</templates>`;
}

function one(body: string, rootAttrs = ''): Template {
  const set = parseTemplates(doc(`<template name="T" id="1">\n${body}\n</template>`, rootAttrs));
  const t = set.templates[0];
  if (t === undefined) throw new Error('no template');
  return t;
}

function field<K extends Field['kind']>(t: { fields: readonly Field[] }, i: number, kind: K): Extract<Field, { kind: K }> {
  const f = t.fields[i];
  if (f === undefined || f.kind !== kind) throw new Error(`field ${i} is not ${kind}`);
  return f as Extract<Field, { kind: K }>;
}

function opOf(f: Field): Operator {
  if (f.kind === 'integer' || f.kind === 'string' || f.kind === 'byteVector') return f.op;
  if (f.kind === 'decimal' && f.operators.form === 'single') return f.operators.op;
  throw new Error(`no single operator on ${f.kind}`);
}

function parseError(xml: string, options?: { maxDepth?: number }): FastError {
  try {
    parseTemplates(xml, options);
  } catch (e) {
    if (e instanceof FastError) return e;
    throw e;
  }
  throw new Error('expected a FastError');
}

function expectError(xml: string, code: FastErrorCode, line: number, options?: { maxDepth?: number }): FastError {
  const e = parseError(xml, options);
  expect({ code: e.code, line: e.site.line }).toEqual({ code, line });
  expect(e.message).toContain(`line ${line}`);
  return e;
}

describe('parseTemplates: structure', () => {
  it('reads every integer type, presence and the id attribute', () => {
    const t = one(`<int32 name="a" id="10"/><uInt32 name="b" presence="optional"/><int64 name="c"/><uInt64 name="d" presence="mandatory"/>`);
    expect(t.fields.map((f) => [f.kind, (f as IntegerField).type, f.presence, (f as IntegerField).id])).toEqual([
      ['integer', 'int32', 'mandatory', '10'],
      ['integer', 'uInt32', 'optional', undefined],
      ['integer', 'int64', 'mandatory', undefined],
      ['integer', 'uInt64', 'mandatory', undefined],
    ]);
    expect(opOf(t.fields[0]!)).toEqual({ kind: 'none' });
  });

  it('accepts a file without the FAST namespace, and a bare <template> root', () => {
    const a = parseTemplates('<templates><template name="A" id="7"><uInt32 name="x"/></template></templates>');
    expect(a.byId.get(7)?.name).toBe('A');
    const b = parseTemplates(`<template xmlns="${NS}" name="B" id="8"><string name="s"/></template>`);
    expect(b.templates.map((t) => t.name)).toEqual(['B']);
    expect(b.byName.get('B')).toBe(b.byId.get(8));
  });

  it('ignores elements and attributes of other namespaces, and unknown plain attributes', () => {
    const t = one(`<x:doc xmlns:x="urn:other"><x:bogus><uInt32 name="hidden"/></x:bogus></x:doc>\n<uInt32 name="a" x:note="n" reset="Y" xmlns:x="urn:other"/>`);
    expect(t.fields.map((f) => f.name)).toEqual(['a']);
  });

  it('records 1-based line and column of each element', () => {
    const set = parseTemplates(`<templates>\n  <template name="T" id="1">\n\t\t<uInt32 name="a"/>\n  </template>\n</templates>`);
    const t = set.templates[0]!;
    expect(t.loc).toEqual({ line: 2, column: 3 });
    expect(t.fields[0]!.loc).toEqual({ line: 3, column: 3 });
  });

  it('templates without id are reachable by name only', () => {
    const set = parseTemplates(doc(`<template name="Hdr"><uInt32 name="seq"/></template><template name="M" id="3"><templateRef name="Hdr"/></template>`));
    expect(set.byId.size).toBe(1);
    expect(set.byName.get('Hdr')?.id).toBeUndefined();
  });

  it('reads decimals with a single operator and with individual operators', () => {
    const t = one(`<decimal name="p"><copy value="1.5"/></decimal>
<decimal name="q" presence="optional"><exponent><default value="-2"/></exponent><mantissa><delta/></mantissa></decimal>
<decimal name="r"><mantissa><increment value="5"/></mantissa></decimal>`);
    const p = field(t, 0, 'decimal');
    expect(p.operators).toMatchObject({ form: 'single', op: { kind: 'copy', initial: { kind: 'decimal', exponent: -1, mantissa: 15n } } });
    const q = field(t, 1, 'decimal');
    expect(q.operators.form).toBe('individual');
    if (q.operators.form !== 'individual') throw new Error();
    expect(q.operators.exponent).toMatchObject({ kind: 'default', initial: { kind: 'integer', value: -2n } });
    expect(q.operators.mantissa.kind).toBe('delta');
    expect(q.operators.exponent.dictionary?.key).toBe('q.exponent');
    expect(q.operators.mantissa.dictionary?.key).toBe('q.mantissa');
    const r = field(t, 2, 'decimal');
    expect(r.operators).toMatchObject({ form: 'individual', exponent: { kind: 'none' }, mantissa: { kind: 'increment' } });
  });

  it('normalises decimal initial values', () => {
    const values = ['12000', '0', '1.5', '-0.0050', '1e3', '.25', '100e-2'].map((v) => {
      const f = field(one(`<decimal name="d"><default value="${v}"/></decimal>`), 0, 'decimal') as DecimalField;
      const init = f.operators.form === 'single' ? f.operators.op.initial : undefined;
      return init?.kind === 'decimal' ? [init.exponent, init.mantissa] : undefined;
    });
    expect(values).toEqual([[3, 12n], [0, 0n], [-1, 15n], [-3, -5n], [3, 1n], [-2, 25n], [0, 1n]]);
  });

  it('reads strings: charset, <length>, typed initial values; byteVector with hex', () => {
    const t = one(`<string name="a"><constant value="X"/></string>
<string name="u" charset="unicode"><length name="uLen"/><copy value="é"/></string>
<byteVector name="b"><length name="bLen"/><default value="0aFF"/></byteVector>
<byteVector name="c" presence="optional"><tail/></byteVector>`);
    const a = field(t, 0, 'string');
    expect([a.charset, a.lengthName, a.op]).toEqual(['ascii', undefined, { kind: 'constant', initial: { kind: 'string', value: 'X' } }]);
    const u = field(t, 1, 'string') as StringField;
    expect([u.charset, u.lengthName, u.op.initial]).toEqual(['unicode', 'uLen', { kind: 'string', value: 'é' }]);
    const b = field(t, 2, 'byteVector');
    expect(b.lengthName).toBe('bLen');
    expect(b.op.initial).toEqual({ kind: 'bytes', value: Uint8Array.of(0x0a, 0xff) });
    expect(field(t, 3, 'byteVector').op.kind).toBe('tail');
  });

  it('reads every operator with bigint initial values at the type edges', () => {
    const t = one(`<uInt64 name="a"><copy value="18446744073709551615"/></uInt64>
<int64 name="b"><delta value="-9223372036854775808"/></int64>
<int32 name="c"><increment value="2147483647"/></int32>
<uInt32 name="d" presence="optional"><default/></uInt32>
<string name="e"><tail value="AB"/></string>
<string name="f"><delta/></string>`);
    expect(t.fields.map((f) => opOf(f).kind)).toEqual(['copy', 'delta', 'increment', 'default', 'tail', 'delta']);
    expect(opOf(t.fields[0]!).initial).toEqual({ kind: 'integer', value: (1n << 64n) - 1n });
    expect(opOf(t.fields[1]!).initial).toEqual({ kind: 'integer', value: -(1n << 63n) });
    expect(opOf(t.fields[2]!).initial).toEqual({ kind: 'integer', value: 2147483647n });
    expect(opOf(t.fields[3]!).initial).toBeUndefined();
    expect(opOf(t.fields[0]!).dictionary).toEqual({ scope: 'global', qualifier: '', key: 'a', id: 'global\u0000\u0000a' });
  });

  it('groups, and sequences with explicit and implicit length', () => {
    const t = one(`<group name="g" presence="optional"><uInt32 name="x"/><group name="h"><string name="y"/></group></group>
<sequence name="s"><length name="n" id="268"><copy/></length><uInt32 name="z"/></sequence>
<sequence name="i" presence="optional"><uInt32 name="w"/></sequence>`);
    const g = field(t, 0, 'group') as GroupField;
    expect([g.presence, g.fields.map((f) => f.name)]).toEqual(['optional', ['x', 'h']]);
    const s = field(t, 1, 'sequence') as SequenceField;
    expect(s.length).toMatchObject({ kind: 'integer', type: 'uInt32', name: 'n', id: '268', presence: 'mandatory', implicit: false, op: { kind: 'copy' } });
    expect(s.fields.map((f) => f.name)).toEqual(['z']);
    const i = field(t, 2, 'sequence') as SequenceField;
    expect(i.length).toMatchObject({ kind: 'integer', type: 'uInt32', name: 'i__length', presence: 'optional', implicit: true, op: { kind: 'none' } });
  });

  it('static and dynamic templateRef', () => {
    const set = parseTemplates(doc(`<template name="H"><uInt32 name="a"/></template>
<template name="M" id="2"><templateRef name="H"/><templateRef/></template>`));
    const m = set.byId.get(2)!;
    expect(m.fields[0]).toMatchObject({ kind: 'templateRef', name: 'H', template: { name: 'H' }, presence: 'mandatory' });
    expect(m.fields[1]).toMatchObject({ kind: 'templateRef', name: 'templateRef' });
    expect((m.fields[1] as { template?: unknown }).template).toBeUndefined();
  });

  it('typeRef on templates, groups and sequences', () => {
    const t = one(`<typeRef name="Quote"/><group name="g"><typeRef name="Leg"/><uInt32 name="x"/></group><sequence name="s"><typeRef name="Entry"/><length name="n"/></sequence>`);
    expect(t.typeRef).toBe('Quote');
    expect(field(t, 0, 'group').typeRef).toBe('Leg');
    expect(field(t, 1, 'sequence').typeRef).toBe('Entry');
  });

  it('namespaces: templateNs keys templates and inherits to templateRef; ns inherits to fields', () => {
    const set = parseTemplates(doc(`<template name="H" templateNs="urn:t" ns="urn:app"><uInt32 name="a"/><uInt32 name="b" ns=""/></template>
<template name="M" id="1" templateNs="urn:t"><templateRef name="H"/></template>`));
    const h = set.byName.get('urn:t\u0000H')!;
    expect(h.ns).toBe('urn:t');
    expect(set.byName.get('H')).toBe(h);
    expect(h.fields.map((f) => (f as IntegerField).ns)).toEqual(['urn:app', undefined]);
    expect(set.byId.get(1)!.fields[0]).toMatchObject({ template: { name: 'H', ns: 'urn:t' } });
  });
});

describe('parseTemplates: dictionaries', () => {
  it('inherits operator > group/sequence > template > <templates> > global, with qualifiers', () => {
    const set = parseTemplates(doc(`<template name="A" id="1">
  <typeRef name="Quote"/>
  <uInt32 name="a"><copy/></uInt32>
  <uInt32 name="b"><copy dictionary="template"/></uInt32>
  <uInt32 name="c"><copy dictionary="type" key="k"/></uInt32>
  <group name="g" dictionary="mine"><typeRef name="Leg"/><uInt32 name="d"><copy/></uInt32><uInt32 name="e"><copy dictionary="type"/></uInt32></group>
</template>
<template name="B" id="2" dictionary="template"><uInt32 name="a"><copy/></uInt32><uInt32 name="f"><increment dictionary="global"/></uInt32><uInt32 name="t"><delta dictionary="type"/></uInt32></template>`, ' dictionary="user1"'));
    const a = set.byId.get(1)!;
    const ref = (f: Field | undefined): [string, string, string] => {
      const d = opOf(f!).dictionary!;
      expect(d.id).toBe(`${d.scope}\u0000${d.qualifier}\u0000${d.key}`);
      return [d.scope, d.qualifier, d.key];
    };
    expect(ref(a.fields[0])).toEqual(['user1', '', 'a']);
    expect(ref(a.fields[1])).toEqual(['template', 'A', 'b']);
    expect(ref(a.fields[2])).toEqual(['type', 'Quote', 'k']);
    const g = a.fields[3] as GroupField;
    expect(ref(g.fields[0])).toEqual(['mine', '', 'd']);
    expect(ref(g.fields[1])).toEqual(['type', 'Leg', 'e']);
    const b = set.byId.get(2)!;
    expect(ref(b.fields[0])).toEqual(['template', 'B', 'a']);
    expect(ref(b.fields[1])).toEqual(['global', '', 'f']);
    expect(ref(b.fields[2])).toEqual(['type', 'any', 't']);
  });

  it('resolves the example of spec/fast/templates.md as documented', () => {
    const set = parseTemplates(`<templates dictionary="md">
  <template name="Quote" id="1">
    <typeRef name="Q"/>
    <uInt32 name="Seq"><increment/></uInt32>
    <uInt32 name="Px"><copy dictionary="template"/></uInt32>
    <uInt32 name="Sz"><delta dictionary="type" key="k"/></uInt32>
    <sequence name="E"><typeRef name="Entry"/>
      <uInt32 name="Lvl"><copy dictionary="type"/></uInt32>
    </sequence>
    <templateRef name="Hdr"/>
  </template>
  <template name="Hdr">
    <uInt32 name="Px"><copy dictionary="template"/></uInt32>
  </template>
</templates>`);
    const ids = (fields: readonly Field[]): string[] =>
      fields.flatMap((f) => (f.kind === 'sequence' ? ids(f.fields) : f.kind === 'integer' ? [opOf(f).dictionary!.id.split('\u0000').join(' / ')] : []));
    expect(ids(set.byName.get('Quote')!.fields)).toEqual(['md /  / Seq', 'template / Quote / Px', 'type / Q / k', 'type / Entry / Lvl']);
    expect(ids(set.byName.get('Hdr')!.fields)).toEqual(['template / Hdr / Px']);
  });

  it('constant and none operators have no dictionary entry; default has one', () => {
    const t = one(`<uInt32 name="a"><constant value="1"/></uInt32><uInt32 name="b"/><uInt32 name="c"><default value="1"/></uInt32>`);
    expect(opOf(t.fields[0]!).dictionary).toBeUndefined();
    expect(opOf(t.fields[1]!).dictionary).toBeUndefined();
    expect(opOf(t.fields[2]!).dictionary?.key).toBe('c');
  });
});

describe('parseTemplates: static errors', () => {
  const wrap = (fieldXml: string): string => `<templates>\n<template name="T" id="1">\n${fieldXml}\n</template>\n</templates>`;

  it('S1: malformed XML names the line', () => {
    expectError('<templates>\n<template name="T" id="1">\n<uInt32 name="a">\n</template>\n</templates>', 'S1', 4);
    expect(parseError('').code).toBe('S1');
    expect(parseError('<?xml version="1.0"?>').code).toBe('S1');
  });

  it('S1: schema violations', () => {
    expectError(wrap('<uInt16 name="a"/>'), 'S1', 3);
    expectError(wrap('<uInt32/>'), 'S1', 3);
    expectError(wrap('<uInt32 name="a" presence="sometimes"/>'), 'S1', 3);
    expectError(wrap('<string name="a" charset="ebcdic"/>'), 'S1', 3);
    expectError(wrap('<uInt32 name="a"><copy/><delta/></uInt32>'), 'S1', 3);
    expectError(wrap('<uInt32 name="a"><group name="g"/></uInt32>'), 'S1', 3);
    expectError(wrap('<decimal name="a"><copy/><exponent/></decimal>'), 'S1', 3);
    expectError(wrap('<uInt32 name="a">text</uInt32>'), 'S1', 3);
    expectError(wrap('<uInt32 name="a"><copy dictionary=""/></uInt32>'), 'S1', 3);
    expectError('<templates>\n<group name="g"/>\n</templates>', 'S1', 2);
    expectError('<message/>', 'S1', 1);
    expectError('<templates>\n<template name="T" id="x1"/>\n</templates>', 'S1', 2);
    expectError('<templates>\n<template name="T" id="4294967296"/>\n</templates>', 'S1', 2);
  });

  it('S1: duplicate id, duplicate name; static templateRef cycle; D8 for an unknown templateRef', () => {
    expectError('<templates>\n<template name="A" id="1"/>\n<template name="B" id="1"/>\n</templates>', 'S1', 3);
    expectError('<templates>\n<template name="A" id="1"/>\n<template name="A" id="2"/>\n</templates>', 'S1', 3);
    expectError('<templates>\n<template name="A" id="1">\n<templateRef name="B"/>\n</template>\n<template name="B">\n<templateRef name="A"/>\n</template>\n</templates>', 'S1', 6);
    expectError('<templates>\n<template name="A" id="1">\n<templateRef name="A"/>\n</template>\n</templates>', 'S1', 3);
    expectError('<templates>\n<template name="A" id="1">\n<uInt32 name="x"/>\n<templateRef name="Nope"/>\n</template>\n</templates>', 'D8', 4);
  });

  it('S1: nesting deeper than maxDepth, directly or through static templateRefs', () => {
    const nest = (n: number): string => '<group name="g">'.repeat(n) + '<uInt32 name="x"/>' + '</group>'.repeat(n);
    expect(() => parseTemplates(wrap(nest(32)))).not.toThrow();
    expectError(wrap(nest(33)), 'S1', 3);
    expectError(wrap(nest(5)), 'S1', 3, { maxDepth: 4 });
    // a chain of 3 references, each inside 1 group: 3 * 2 = 6 levels > 5
    const chain = `<templates>\n<template name="A" id="1"><group name="g"><templateRef name="B"/></group></template>
<template name="B"><group name="g"><templateRef name="C"/></group></template>
<template name="C"><group name="g"><uInt32 name="x"/></group></template>\n</templates>`;
    expect(parseTemplates(chain, { maxDepth: 5 }).templates).toHaveLength(3);
    expect(parseError(chain, { maxDepth: 4 }).code).toBe('S1');
    expect(parseError(`<templates>${'<x>'.repeat(100000)}</templates>`).code).toBe('S1');
  });

  it('S2: operator not applicable to the type', () => {
    expectError(wrap('<string name="a">\n<increment/></string>'), 'S2', 4);
    expectError(wrap('<decimal name="a"><increment/></decimal>'), 'S2', 3);
    expectError(wrap('<byteVector name="a"><increment/></byteVector>'), 'S2', 3);
    expectError(wrap('<uInt32 name="a"><tail/></uInt32>'), 'S2', 3);
    expectError(wrap('<decimal name="a"><tail/></decimal>'), 'S2', 3);
    expectError(wrap('<decimal name="a"><mantissa><tail/></mantissa></decimal>'), 'S2', 3);
    expectError(wrap('<sequence name="s"><length name="n"><tail/></length></sequence>'), 'S2', 3);
    // delta / copy / default / constant apply to everything
    expect(() => parseTemplates(wrap('<string name="a"><delta/></string><byteVector name="b"><copy/></byteVector><decimal name="c"><delta/></decimal>'))).not.toThrow();
  });

  it('S3: initial value not convertible to the type', () => {
    const cases = [
      '<uInt32 name="a"><copy value="abc"/></uInt32>',
      '<uInt32 name="a"><copy value="-1"/></uInt32>',
      '<uInt32 name="a"><copy value="4294967296"/></uInt32>',
      '<int32 name="a"><copy value="2147483648"/></int32>',
      '<int64 name="a"><copy value="9223372036854775808"/></int64>',
      '<uInt64 name="a"><copy value="18446744073709551616"/></uInt64>',
      '<uInt64 name="a"><copy value="1.5"/></uInt64>',
      '<uInt32 name="a"><copy value=""/></uInt32>',
      `<uInt32 name="a"><copy value="${'9'.repeat(5000)}"/></uInt32>`,
      '<decimal name="a"><copy value="1e-64"/></decimal>',
      '<decimal name="a"><copy value="1.2.3"/></decimal>',
      '<decimal name="a"><copy value="99999999999999999999"/></decimal>',
      '<decimal name="a"><exponent><copy value="64"/></exponent></decimal>',
      '<decimal name="a"><mantissa><copy value="x"/></mantissa></decimal>',
      '<string name="a"><copy value="é"/></string>',
      '<byteVector name="a"><copy value="abc"/></byteVector>',
      '<byteVector name="a"><copy value="zz"/></byteVector>',
    ];
    for (const c of cases) expectError(wrap(c), 'S3', 3);
    // in range at the edges
    const ok = one('<decimal name="a"><copy value="1e64"/></decimal><decimal name="b"><exponent><copy value="-63"/></exponent></decimal>');
    expect(opOf(ok.fields[0]!).initial).toEqual({ kind: 'decimal', exponent: 63, mantissa: 10n });
  });

  it('S4: constant without an initial value', () => {
    expectError(wrap('<uInt32 name="a">\n\n<constant/></uInt32>'), 'S4', 5);
    expectError(wrap('<decimal name="a"><exponent><constant/></exponent></decimal>'), 'S4', 3);
  });

  it('S5: mandatory field with a default operator and no initial value', () => {
    expectError(wrap('<string name="a"><default/></string>'), 'S5', 3);
    expect(() => parseTemplates(wrap('<string name="a" presence="optional"><default/></string>'))).not.toThrow();
    // the mantissa is mandatory even in an optional decimal; the exponent follows the decimal
    expectError(wrap('<decimal name="a" presence="optional"><exponent><default/></exponent><mantissa><default/></mantissa></decimal>'), 'S5', 3);
    expect(() => parseTemplates(wrap('<decimal name="a" presence="optional"><exponent><default/></exponent></decimal>'))).not.toThrow();
    expectError(wrap('<decimal name="a"><exponent><default/></exponent></decimal>'), 'S5', 3);
  });

  it('errors carry template and field names and the file name', () => {
    const e = parseError(`<templates>\n<template name="Quote" id="1">\n<uInt32 name="Px"><tail/></uInt32>\n</template>\n</templates>`);
    expect(e.site).toMatchObject({ template: 'Quote', field: 'Px', line: 3 });
    expect(e.errorClass).toBe('static');
    try {
      parseTemplates('<templates>', { file: 'x.xml' });
    } catch (err) {
      expect((err as Error).message).toContain('x.xml');
    }
  });
});

describe('parseTemplates: set shape', () => {
  it('keeps document order and both maps agree', () => {
    const set: TemplateSet = parseTemplates(doc(`<template name="B" id="9"/><template name="A" id="3"/><template name="C"/>`));
    expect(set.templates.map((t) => t.name)).toEqual(['B', 'A', 'C']);
    expect([...set.byId.keys()]).toEqual([9, 3]);
    expect([...set.byName.keys()]).toEqual(['B', 'A', 'C']);
  });
});
