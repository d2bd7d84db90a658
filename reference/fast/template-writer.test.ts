import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FastError } from './errors.ts';
import { normaliseDecimal } from './initial-value.ts';
import type {
  Field,
  InitialValue,
  IntegerField,
  IntegerType,
  Operator,
  OperatorKind,
  Presence,
  SequenceField,
  SourceLocation,
  Template,
  TemplateSet,
} from './template-model.ts';
import { parseTemplates } from './template-parser.ts';
import { decimalPartKey, dictionaryQualifier, implicitLengthName, makeDictionaryRef, makeTemplateSet } from './template-set.ts';
import { writeTemplatesXml } from './template-writer.ts';
import { setStructure } from './testing/template-support.ts';

const loc: SourceLocation = { line: 0, column: 0 };

function roundTrip(set: TemplateSet): TemplateSet {
  return parseTemplates(writeTemplatesXml(set));
}

// --- a hand-built set with every feature ---

interface Ctx {
  readonly template: string;
  readonly typeRef?: string;
}

function op(ctx: Ctx, kind: Exclude<OperatorKind, 'none' | 'constant'>, key: string, scope = 'global', initial?: InitialValue): Operator {
  return { kind, ...(initial === undefined ? {} : { initial }), dictionary: makeDictionaryRef(scope, dictionaryQualifier(scope, ctx.template, ctx.typeRef), key) };
}

const int = (value: bigint): InitialValue => ({ kind: 'integer', value });

function everyFeature(): TemplateSet {
  const h: Ctx = { template: 'Header' };
  const header: Template = {
    name: 'Header',
    ns: 'urn:tpl',
    fields: [
      { kind: 'integer', type: 'uInt32', name: 'Seq', presence: 'mandatory', loc, op: op(h, 'increment', 'Seq', 'template', int(1n)) },
      { kind: 'string', name: 'Sender', ns: 'urn:app', presence: 'mandatory', loc, charset: 'ascii', op: { kind: 'constant', initial: { kind: 'string', value: 'A&B <"x">\t\n\r' } } },
    ],
    loc,
  };
  const m: Ctx = { template: 'Quote', typeRef: 'QuoteType' };
  const g: Ctx = { template: 'Quote', typeRef: 'Leg' };
  const s: Ctx = { template: 'Quote', typeRef: 'Entry' };
  const length: SequenceField['length'] = {
    kind: 'integer', type: 'uInt32', name: 'NoEntries', id: '268', ns: 'urn:len', presence: 'optional', loc, implicit: false,
    op: op(s, 'copy', 'NoEntries', 'type', int(0n)),
  };
  const quote: Template = {
    name: 'Quote',
    id: 4294967295,
    typeRef: 'QuoteType',
    fields: [
      { kind: 'templateRef', name: 'Header', template: { name: 'Header', ns: 'urn:tpl' }, presence: 'mandatory', loc },
      { kind: 'integer', type: 'int32', name: 'I32', id: '1', presence: 'optional', loc, op: op(m, 'delta', 'I32', 'global', int(-(1n << 31n))) },
      { kind: 'integer', type: 'int64', name: 'I64', presence: 'mandatory', loc, op: op(m, 'default', 'I64', 'user1', int((1n << 63n) - 1n)) },
      { kind: 'integer', type: 'uInt64', name: 'U64', presence: 'optional', loc, op: op(m, 'copy', 'sharedKey', 'type') },
      { kind: 'integer', type: 'uInt32', name: 'U32', presence: 'optional', loc, op: { kind: 'none' } },
      { kind: 'decimal', name: 'Px', presence: 'mandatory', loc, operators: { form: 'single', op: op(m, 'copy', 'Px', 'template', { kind: 'decimal', exponent: -2, mantissa: -12345n }) } },
      { kind: 'decimal', name: 'Qty', presence: 'optional', loc, operators: { form: 'single', op: { kind: 'constant', initial: { kind: 'decimal', exponent: 63, mantissa: 10n } } } },
      {
        kind: 'decimal', name: 'Spread', presence: 'optional', loc,
        operators: { form: 'individual', exponent: op(m, 'default', decimalPartKey('Spread', 'exponent')), mantissa: op(m, 'increment', 'mkey', 'global', int(5n)) },
      },
      { kind: 'decimal', name: 'Bare', presence: 'mandatory', loc, operators: { form: 'individual', exponent: { kind: 'none' }, mantissa: { kind: 'none' } } },
      { kind: 'string', name: 'Text', presence: 'optional', loc, charset: 'unicode', lengthName: 'TextLen', op: op(m, 'tail', 'Text', 'global', { kind: 'string', value: 'é€😀' }) },
      { kind: 'string', name: 'Sym', presence: 'mandatory', loc, charset: 'ascii', op: op(m, 'delta', 'Sym') },
      { kind: 'byteVector', name: 'Raw', presence: 'optional', loc, lengthName: 'RawLen', op: op(m, 'copy', 'Raw', 'global', { kind: 'bytes', value: Uint8Array.of(0, 0xab, 0xff) }) },
      { kind: 'byteVector', name: 'Empty', presence: 'mandatory', loc, op: { kind: 'constant', initial: { kind: 'bytes', value: new Uint8Array(0) } } },
      {
        kind: 'group', name: 'Leg', ns: 'urn:grp', presence: 'optional', typeRef: 'Leg', loc,
        fields: [
          { kind: 'integer', type: 'uInt32', name: 'Side', ns: 'urn:grp', presence: 'mandatory', loc, op: op(g, 'copy', 'Side', 'type') },
          { kind: 'integer', type: 'uInt32', name: 'NoNs', presence: 'mandatory', loc, op: op(g, 'copy', 'NoNs', 'template') },
          { kind: 'group', name: 'Inner', presence: 'mandatory', loc, fields: [] },
        ],
      },
      {
        kind: 'sequence', name: 'Entries', presence: 'optional', typeRef: 'Entry', loc, length,
        fields: [{ kind: 'integer', type: 'uInt64', name: 'Size', presence: 'mandatory', loc, op: op(s, 'delta', 'Size', 'type') }],
      },
      {
        kind: 'sequence', name: 'Implicit', presence: 'mandatory', loc,
        length: { kind: 'integer', type: 'uInt32', name: implicitLengthName('Implicit'), presence: 'mandatory', loc, op: { kind: 'none' }, implicit: true },
        fields: [{ kind: 'templateRef', name: 'templateRef', presence: 'mandatory', loc }],
      },
    ],
    loc,
  };
  const bare: Template = { name: 'Bare', id: 0, fields: [], loc };
  return makeTemplateSet([header, quote, bare]);
}

describe('writeTemplatesXml', () => {
  it('round-trips a hand-built set with every model feature', () => {
    const set = everyFeature();
    const xml = writeTemplatesXml(set);
    expect(setStructure(parseTemplates(xml))).toEqual(setStructure(set));
    // spot-check the spelling a vendor parser sees
    expect(xml).toContain('<templateRef name="Header" templateNs="urn:tpl"/>');
    expect(xml).toContain('<increment value="1" dictionary="template"/>');
    expect(xml).toContain('<copy dictionary="type" key="sharedKey"/>');
    expect(xml).toContain('<constant value="A&#38;B &#60;&#34;x&#34;&#62;&#9;&#10;&#13;"/>');
    expect(xml).toContain('<uInt32 name="NoNs" ns="">');
    expect(xml).toContain(`<constant value="1${'0'.repeat(64)}"/>`);
    expect(xml).not.toContain('Implicit__length');
  });

  it('refuses what XML 1.0 cannot carry, with a typed error', () => {
    const t = (value: string, name = 'a'): TemplateSet =>
      makeTemplateSet([{ name: 'T', id: 1, loc, fields: [{ kind: 'string', name, presence: 'mandatory', loc, charset: 'ascii', op: { kind: 'constant', initial: { kind: 'string', value } } }] }]);
    expect(() => writeTemplatesXml(t('\u0000'))).toThrow(FastError);
    expect(() => writeTemplatesXml(t('\u0001'))).toThrow(/cannot represent/);
    expect(() => writeTemplatesXml(t('x', ' '))).toThrow(FastError);
  });

  it('round-trips generated template sets (fast-check)', () => {
    fc.assert(
      fc.property(templateSetArbitrary, (set) => {
        expect(setStructure(roundTrip(set))).toEqual(setStructure(set));
      }),
      { numRuns: 150, seed: 20261121 },
    );
  });
});

// --- a generator of valid template sets, local to this test ---

type OpSpec = { kind: OperatorKind; initial?: InitialValue; scope: string; key?: string };
type RawField =
  | { kind: 'integer'; type: IntegerType; name: string; ns?: string; id?: string; presence: Presence; op: OpSpec }
  | { kind: 'decimal'; name: string; presence: Presence; single?: OpSpec; exponent?: OpSpec; mantissa?: OpSpec }
  | { kind: 'string'; name: string; presence: Presence; charset: 'ascii' | 'unicode'; lengthName?: string; op: OpSpec }
  | { kind: 'byteVector'; name: string; presence: Presence; lengthName?: string; op: OpSpec }
  | { kind: 'group'; name: string; ns?: string; presence: Presence; typeRef?: string; fields: RawField[] }
  | { kind: 'sequence'; name: string; presence: Presence; typeRef?: string; length?: { name: string; op: OpSpec }; fields: RawField[] }
  | { kind: 'ref'; target: number | null };

const RANGE: Record<IntegerType, [bigint, bigint]> = {
  int32: [-(1n << 31n), (1n << 31n) - 1n],
  uInt32: [0n, (1n << 32n) - 1n],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  uInt64: [0n, (1n << 64n) - 1n],
};

const nameArb = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,6}$/);
const presenceArb = fc.constantFrom<Presence>('mandatory', 'optional');
const scopeArb = fc.constantFrom('global', 'global', 'template', 'type', 'user1', 'Md');
const xmlChar = fc.constantFrom('a', 'Z', '0', ' ', '\t', '\n', '\r', '<', '&', '"', "'", '>', '\u007f');
const asciiArb = fc.string({ unit: xmlChar, maxLength: 6 });
const unicodeArb = fc.string({ unit: fc.oneof(xmlChar, fc.constantFrom('é', '€', '😀', '\u00a0')), maxLength: 6 });

function edgeBigInt(lo: bigint, hi: bigint): fc.Arbitrary<bigint> {
  return fc.oneof(fc.constantFrom(lo, hi, 0n < lo ? lo : 0n), fc.bigInt(lo, hi));
}

type ValueKind = { kind: 'integer'; type: IntegerType; exponent?: boolean } | { kind: 'decimal' } | { kind: 'ascii' } | { kind: 'unicode' } | { kind: 'bytes' };

function initialArb(v: ValueKind): fc.Arbitrary<InitialValue> {
  switch (v.kind) {
    case 'integer': {
      const [lo, hi] = v.exponent === true ? [-63n, 63n] : RANGE[v.type];
      return edgeBigInt(lo, hi).map((value) => ({ kind: 'integer', value }));
    }
    case 'decimal':
      return fc
        .tuple(fc.integer({ min: -63, max: 63 }), edgeBigInt(RANGE.int64[0], RANGE.int64[1]))
        .filter(([e, m]) => normaliseDecimal(e, m).exponent <= 63)
        .map(([e, m]) => ({ kind: 'decimal', ...normaliseDecimal(e, m) }));
    case 'ascii':
      return asciiArb.map((value) => ({ kind: 'string', value }));
    case 'unicode':
      return unicodeArb.map((value) => ({ kind: 'string', value }));
    case 'bytes':
      return fc.uint8Array({ maxLength: 5 }).map((value) => ({ kind: 'bytes', value }));
  }
}

function opArb(v: ValueKind, presence: Presence): fc.Arbitrary<OpSpec> {
  const kinds: OperatorKind[] = ['none', 'constant', 'default', 'copy', 'delta'];
  if (v.kind === 'integer') kinds.push('increment');
  if (v.kind === 'ascii' || v.kind === 'unicode' || v.kind === 'bytes') kinds.push('tail');
  return fc
    .record({ kind: fc.constantFrom(...kinds), initial: fc.option(initialArb(v), { nil: undefined }), scope: scopeArb, key: fc.option(nameArb, { nil: undefined, freq: 3 }) })
    .map((o) => {
      // S4 / S5 would reject these: give them the value they must have.
      const needs = o.kind === 'constant' || (o.kind === 'default' && presence === 'mandatory');
      return o.kind === 'none' ? { kind: 'none', scope: 'global' } : needs && o.initial === undefined ? { ...o, kind: 'copy' as const } : o;
    });
}

const leafArb: fc.Arbitrary<RawField> = fc.oneof(
  fc
    .record({ type: fc.constantFrom<IntegerType>('int32', 'uInt32', 'int64', 'uInt64'), name: nameArb, ns: fc.option(fc.constant('urn:f'), { nil: undefined }), id: fc.option(fc.nat(99999).map(String), { nil: undefined }), presence: presenceArb })
    .chain((f) => opArb({ kind: 'integer', type: f.type }, f.presence).map((op): RawField => ({ kind: 'integer', ...f, op }))),
  fc.record({ name: nameArb, presence: presenceArb, form: fc.boolean() }).chain((f) =>
    f.form
      ? opArb({ kind: 'decimal' }, f.presence).map((single): RawField => ({ kind: 'decimal', name: f.name, presence: f.presence, single }))
      : fc
          .tuple(opArb({ kind: 'integer', type: 'int32', exponent: true }, f.presence), opArb({ kind: 'integer', type: 'int64' }, 'mandatory'))
          .map(([exponent, mantissa]): RawField => ({ kind: 'decimal', name: f.name, presence: f.presence, exponent, mantissa })),
  ),
  fc
    .record({ name: nameArb, presence: presenceArb, charset: fc.constantFrom<'ascii' | 'unicode'>('ascii', 'unicode'), lengthName: fc.option(nameArb, { nil: undefined }) })
    .chain((f) => opArb({ kind: f.charset }, f.presence).map((op): RawField => ({ kind: 'string', ...f, op }))),
  fc
    .record({ name: nameArb, presence: presenceArb, lengthName: fc.option(nameArb, { nil: undefined }) })
    .chain((f) => opArb({ kind: 'bytes' }, f.presence).map((op): RawField => ({ kind: 'byteVector', ...f, op }))),
  fc.option(fc.nat(4), { nil: null }).map((target): RawField => ({ kind: 'ref', target })),
);

const fieldsArb: fc.Arbitrary<RawField[]> = fc.letrec<{ field: RawField; fields: RawField[] }>((tie) => ({
  field: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc
      .record({ name: nameArb, ns: fc.option(fc.constant('urn:g'), { nil: undefined }), presence: presenceArb, typeRef: fc.option(nameArb, { nil: undefined }), fields: tie('fields') })
      .map((g): RawField => ({ kind: 'group', ...g })),
    fc
      .record({ name: nameArb, presence: presenceArb, typeRef: fc.option(nameArb, { nil: undefined }), explicit: fc.option(nameArb, { nil: undefined }), fields: tie('fields') })
      .chain((s) =>
        (s.explicit === undefined ? fc.constant(undefined) : opArb({ kind: 'integer', type: 'uInt32' }, s.presence).map((op) => ({ name: s.explicit!, op }))).map(
          (length): RawField => ({ kind: 'sequence', name: s.name, presence: s.presence, ...(s.typeRef === undefined ? {} : { typeRef: s.typeRef }), ...(length === undefined ? {} : { length }), fields: s.fields }),
        ),
      ),
  ),
  fields: fc.array(tie('field'), { maxLength: 4 }),
})).fields;

/** Builds model fields from raw ones, resolving dictionary refs as the parser would. */
function build(raw: readonly RawField[], ctx: Ctx, names: readonly { name: string; ns?: string }[], index: number): Field[] {
  const mkOp = (o: OpSpec, defaultKey: string, c: Ctx): Operator => {
    if (o.kind === 'none') return { kind: 'none' };
    const initial = o.initial === undefined ? {} : { initial: o.initial };
    if (o.kind === 'constant') return { kind: 'constant', ...initial };
    return { kind: o.kind, ...initial, dictionary: makeDictionaryRef(o.scope, dictionaryQualifier(o.scope, c.template, c.typeRef), o.key ?? defaultKey) };
  };
  const out: Field[] = [];
  for (const f of raw) {
    switch (f.kind) {
      case 'integer': {
        const { op: o, ...rest } = f;
        out.push({ ...rest, loc, op: mkOp(o, f.name, ctx) } as IntegerField);
        break;
      }
      case 'decimal':
        out.push({
          kind: 'decimal', name: f.name, presence: f.presence, loc,
          operators: f.single !== undefined
            ? { form: 'single', op: mkOp(f.single, f.name, ctx) }
            : { form: 'individual', exponent: mkOp(f.exponent!, decimalPartKey(f.name, 'exponent'), ctx), mantissa: mkOp(f.mantissa!, decimalPartKey(f.name, 'mantissa'), ctx) },
        });
        break;
      case 'string': {
        const { op: o, lengthName, ...rest } = f;
        out.push({ ...rest, ...(lengthName === undefined ? {} : { lengthName }), loc, op: mkOp(o, f.name, ctx) });
        break;
      }
      case 'byteVector': {
        const { op: o, lengthName, ...rest } = f;
        out.push({ ...rest, ...(lengthName === undefined ? {} : { lengthName }), loc, op: mkOp(o, f.name, ctx) });
        break;
      }
      case 'group': {
        const { fields, typeRef, ns, ...rest } = f;
        const inner = { ...ctx, ...(typeRef === undefined ? {} : { typeRef }) };
        out.push({ ...rest, ...(ns === undefined ? {} : { ns }), ...(typeRef === undefined ? {} : { typeRef }), loc, fields: build(fields, inner, names, index) });
        break;
      }
      case 'sequence': {
        const inner = { ...ctx, ...(f.typeRef === undefined ? {} : { typeRef: f.typeRef }) };
        const length: SequenceField['length'] = f.length === undefined
          ? { kind: 'integer', type: 'uInt32', name: implicitLengthName(f.name), presence: f.presence, loc, op: { kind: 'none' }, implicit: true }
          : { kind: 'integer', type: 'uInt32', name: f.length.name, presence: f.presence, loc, op: mkOp(f.length.op, f.length.name, inner), implicit: false };
        out.push({ kind: 'sequence', name: f.name, presence: f.presence, ...(f.typeRef === undefined ? {} : { typeRef: f.typeRef }), loc, length, fields: build(f.fields, inner, names, index) });
        break;
      }
      case 'ref': {
        // Static references only point at earlier templates: no cycles.
        const target = f.target === null || index === 0 ? undefined : names[f.target % index];
        out.push(target === undefined
          ? { kind: 'templateRef', name: 'templateRef', presence: 'mandatory', loc }
          : { kind: 'templateRef', name: target.name, template: { ...target }, presence: 'mandatory', loc });
        break;
      }
    }
  }
  return out;
}

const templateSetArbitrary: fc.Arbitrary<TemplateSet> = fc
  .array(
    fc.record({
      ns: fc.option(fc.constant('urn:t'), { nil: undefined, freq: 3 }),
      withId: fc.boolean(),
      typeRef: fc.option(nameArb, { nil: undefined }),
      fields: fieldsArb,
    }),
    { minLength: 1, maxLength: 5 },
  )
  .map((raws) => {
    const names = raws.map((r, i) => ({ name: `T${i}`, ...(r.ns === undefined ? {} : { ns: r.ns }) }));
    const templates = raws.map((r, i): Template => {
      const ctx: Ctx = { template: `T${i}`, ...(r.typeRef === undefined ? {} : { typeRef: r.typeRef }) };
      return {
        name: `T${i}`,
        ...(r.ns === undefined ? {} : { ns: r.ns }),
        ...(r.withId ? { id: i * 7 } : {}),
        ...(r.typeRef === undefined ? {} : { typeRef: r.typeRef }),
        fields: build(r.fields, ctx, names, i),
        loc,
      };
    });
    return makeTemplateSet(templates);
  });
