import fc from 'fast-check';
import type { FastCapabilities } from '../../adapters/fast.ts';
import type {
  DictionaryRef,
  Field,
  InitialValue,
  IntegerType,
  Operator,
  OperatorKind,
  Presence,
  Template,
} from '../../reference/fast/template-model.ts';
import { fastIntegerValue } from './fast-integer-value.ts';
import { fastDecimalValue, fastExponent } from './fast-decimal-value.ts';
import { fastInitialString, type StringFlavour } from './fast-string-value.ts';

/**
 * Template sets inside a decoder's capabilities (§4–§6): every legal type × presence × operator
 * combination, initial values, dictionary scopes and keys shared between fields of the same type
 * (so that one field's value is another's base), nested groups and sequences, static and dynamic
 * templateRef, `<typeRef>` on templates, groups and sequences (only when the decoder declares
 * `typeRef`), and fields with and without `id` attributes (every field has one unless the decoder
 * declares `fieldsWithoutId`: a decoder that keys fields by id always gets ids). Generated as a plain spec (records and small arrays, which shrink structurally),
 * then turned into the model by a deterministic pass that names fields uniquely across the set
 * and resolves dictionary references the way the parser does (template → containing template's
 * name; type → the template's typeRef or 'any').
 */
export interface FastTemplateSetOptions {
  readonly maxTemplates?: number;
  readonly maxFields?: number;
  readonly maxDepth?: number;
}

type Scope = 'global' | 'template' | 'type' | 'user';

interface OpSpec {
  readonly kind: OperatorKind;
  readonly scope: Scope;
  /** Index into a small key pool per type; -1: no key attribute (the field name). */
  readonly key: number;
  readonly initial: InitialValue | null;
}

type FieldSpec =
  | { readonly t: 'integer'; readonly type: IntegerType; readonly presence: Presence; readonly op: OpSpec }
  | { readonly t: 'decimal'; readonly presence: Presence; readonly op: OpSpec }
  | { readonly t: 'decimal2'; readonly presence: Presence; readonly exponent: OpSpec; readonly mantissa: OpSpec }
  | { readonly t: 'string'; readonly flavour: StringFlavour; readonly presence: Presence; readonly op: OpSpec }
  | { readonly t: 'group'; readonly presence: Presence; readonly typeRef: AppType | null; readonly fields: readonly FieldSpec[] }
  | { readonly t: 'sequence'; readonly presence: Presence; readonly typeRef: AppType | null; readonly length: OpSpec | null; readonly fields: readonly FieldSpec[] };

type AppType = 'A' | 'B';
/** Which fields of a template carry an `id` attribute. */
type IdMode = 'all' | 'none' | 'some';

interface TemplateSpec {
  readonly typeRef: AppType | null;
  readonly ids: IdMode;
  readonly fields: readonly FieldSpec[];
  /** Index of an earlier template to include statically (-1: none) and where. */
  readonly staticRef: number;
  readonly dynamicRef: boolean;
  readonly refAt: number;
  readonly id: number;
  /** Reuse the first template's fields (feeds have many look-alike templates; their 'template' entries must stay apart). */
  readonly lookAlike: boolean;
}

const ID_EDGES = [1, 2, 3, 4, 5, 63, 64, 127, 128, 16383, 16384];

export function fastTemplateSet(caps: FastCapabilities, options: FastTemplateSetOptions = {}): fc.Arbitrary<Template[]> {
  const { maxTemplates = 3, maxFields = 9, maxDepth = 2 } = options;
  const field = fieldSpec(caps, maxFields, maxDepth);
  const template = fc.record({
    typeRef: caps.typeRef ? fc.constantFrom<AppType | null>(null, 'A', 'B') : fc.constant(null),
    ids: caps.fieldsWithoutId ? fc.constantFrom<IdMode>('all', 'none', 'some') : fc.constant<IdMode>('all'),
    fields: fc.array(field, { minLength: 1, maxLength: maxFields }),
    staticRef: caps.templateRef ? fc.integer({ min: -1, max: maxTemplates - 1 }) : fc.constant(-1),
    dynamicRef: caps.templateRef ? fc.boolean() : fc.constant(false),
    refAt: fc.nat(maxFields),
    id: fc.constantFrom(...ID_EDGES),
    lookAlike: fc.boolean(),
  });
  return fc.array(template, { minLength: 1, maxLength: maxTemplates }).map(buildTemplates);
}

// ---------------------------------------------------------------------------------- specs

function fieldSpec(caps: FastCapabilities, maxFields: number, maxDepth: number): fc.Arbitrary<FieldSpec> {
  const presence = fc.constantFrom<Presence>('optional', 'mandatory');
  const intTypes: IntegerType[] = caps.int64 ? ['uInt32', 'int32', 'uInt64', 'int64'] : ['uInt32', 'int32'];
  const integer = fc
    .record({ type: fc.constantFrom(...intTypes), presence })
    .chain(({ type, presence }) => opSpec(caps, 'integer', presence, integerInitial(type)).map((op) => ({ t: 'integer' as const, type, presence, op })));
  const leaves: fc.Arbitrary<FieldSpec>[] = [integer, integer];
  if (caps.decimal) {
    leaves.push(
      presence.chain((p) => opSpec(caps, 'decimal', p, decimalInitial).map((op) => ({ t: 'decimal' as const, presence: p, op }))),
    );
    if (caps.individualDecimalOperators) {
      const d2 = presence.chain((p) =>
        fc
          .record({
            exponent: opSpec(caps, 'integer', p, fastExponent().map(intInit)),
            mantissa: opSpec(caps, 'integer', 'mandatory', integerInitial('int64')),
          })
          .map(({ exponent, mantissa }) => ({ t: 'decimal2' as const, presence: p, exponent, mantissa })),
      );
      leaves.push(d2, d2);
    }
  }
  const flavours: StringFlavour[] = ['ascii', 'ascii'];
  if (caps.unicode) flavours.push('unicode');
  if (caps.byteVector) flavours.push('byteVector');
  const str: fc.Arbitrary<FieldSpec> = fc
      .record({ flavour: fc.constantFrom(...flavours), presence })
      .chain(({ flavour, presence }) =>
        opSpec(caps, 'string', presence, fastInitialString(flavour).map((s) => strInit(flavour, s))).map((op) => ({
          t: 'string' as const,
          flavour,
          presence,
          op,
        })),
      );
  leaves.push(str, str);
  const leaf = fc.oneof(...leaves);
  if (maxDepth <= 0 || (!caps.groups && !caps.sequences)) return leaf;
  const { node } = fc.letrec<{ node: FieldSpec }>((tie) => {
    const children = fc.array(tie('node'), { minLength: 1, maxLength: Math.min(4, maxFields) });
    const typeRef = caps.typeRef ? fc.constantFrom<AppType | null>(null, null, 'A', 'B') : fc.constant(null);
    const composite: fc.Arbitrary<FieldSpec>[] = [];
    if (caps.groups) composite.push(fc.record({ t: fc.constant('group' as const), presence, typeRef, fields: children }));
    if (caps.sequences) {
      composite.push(
        presence.chain((p) =>
          fc.record({
            t: fc.constant('sequence' as const),
            presence: fc.constant(p),
            typeRef,
            length: fc.option(opSpec(caps, 'length', p, fc.integer({ min: 0, max: 3 }).map(intInit)), { nil: null }),
            fields: children,
          }),
        ),
      );
    }
    return {
      node: fc.oneof({ depthSize: 'small', maxDepth, withCrossShrink: true }, { weight: 5, arbitrary: leaf }, ...composite.map((a) => ({ weight: 1, arbitrary: a }))),
    };
  });
  return node;
}

type OpFamily = 'integer' | 'decimal' | 'string' | 'length';

/** Operator, scope, key and initial value, legal for the family and presence (S2/S5 rules). */
function opSpec(caps: FastCapabilities, family: OpFamily, presence: Presence, initial: fc.Arbitrary<InitialValue>): fc.Arbitrary<OpSpec> {
  const kinds: OperatorKind[] = ['none', 'copy', 'default', 'constant'];
  if (caps.operatorDelta) kinds.push('delta');
  if (caps.operatorIncrement && (family === 'integer' || family === 'length')) kinds.push('increment');
  if (caps.operatorTail && family === 'string') kinds.push('tail', 'tail');
  if (family === 'length') kinds.splice(kinds.indexOf('constant'), 1); // a constant length is legal but makes every sequence the same size
  const scope: fc.Arbitrary<Scope> = caps.dictionaryScopes ? fc.constantFrom<Scope>('global', 'template', 'template', 'type', 'user') : fc.constant('global');
  const key = caps.dictionaryScopes ? fc.integer({ min: -1, max: 2 }) : fc.constant(-1);
  return fc.record({ kind: fc.constantFrom(...kinds), scope, key, init: fc.option(initial, { nil: null }), forced: initial }).map(
    ({ kind, scope, key, init, forced }) => {
      // constant always has a value; a mandatory default must have one (S5).
      const needs = kind === 'constant' || (kind === 'default' && presence === 'mandatory');
      const initialValue = kind === 'none' ? null : needs ? (init ?? forced) : init;
      return { kind, scope, key, initial: initialValue };
    },
  );
}

function intInit(value: bigint | number): InitialValue {
  return { kind: 'integer', value: BigInt(value) };
}

function integerInitial(type: IntegerType): fc.Arbitrary<InitialValue> {
  return fastIntegerValue(type).map(intInit);
}

const decimalInitial: fc.Arbitrary<InitialValue> = fastDecimalValue().map((d) => ({ kind: 'decimal', ...normalise(d.exponent, d.mantissa) }));

/** Initial decimal values are normalised (the model's contract): no trailing zeros in the mantissa. */
function normalise(exponent: number, mantissa: bigint): { exponent: number; mantissa: bigint } {
  let e = exponent;
  let m = mantissa;
  while (m !== 0n && m % 10n === 0n && e < 63) {
    m /= 10n;
    e++;
  }
  if (m === 0n) e = 0;
  return { exponent: e, mantissa: m };
}

function strInit(flavour: StringFlavour, s: string): InitialValue {
  return flavour === 'byteVector' ? { kind: 'bytes', value: Uint8Array.from(Buffer.from(s, 'hex')) } : { kind: 'string', value: s };
}

// ---------------------------------------------------------------------------------- model

const LOC = { line: 0, column: 0 } as const;

/**
 * Names that are also Object.prototype's (`__proto__`'s setter swallows `o[name] = v`): a few
 * counter values take them, so every set with enough fields checks that implementations keep
 * fields as own properties. Generated names (`i1`, ...) never equal them.
 */
const PROTOTYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [2, '__proto__'],
  [4, 'constructor'],
  [6, 'toString'],
]);

/** Deterministic spec → model: unique names, legal references, resolved dictionaries. */
function buildTemplates(specs: readonly TemplateSpec[]): Template[] {
  let counter = 0;
  const name = (prefix: string) => PROTOTYPE_NAMES.get(++counter) ?? `${prefix}${counter}`;
  // FIX-tag-like ids, unique across the set.
  let idCounter = 0;
  const usedIds = new Set<number>();
  const templates: Template[] = [];
  // Which templates (transitively) hold a templateRef: static targets must hold none, so that
  // inlined names never repeat and references never cycle.
  const hasRef: boolean[] = [];
  specs.forEach((spec, index) => {
    const tname = `T${index + 1}`;
    let nth = 0;
    const fieldId = (): string | undefined => (spec.ids === 'all' || (spec.ids === 'some' && nth++ % 2 === 0) ? String(1000 + ++idCounter) : undefined);
    const ctx: Ctx = { template: tname, typeRef: spec.typeRef ?? 'any', name, id: fieldId };
    const own = index > 0 && spec.lookAlike ? specs[0]!.fields : spec.fields;
    const fields: Field[] = own.map((f) => buildField(f, ctx));
    let refs = false;
    const target = spec.staticRef >= 0 && spec.staticRef < index && !hasRef[spec.staticRef] ? templates[spec.staticRef] : undefined;
    if (target) {
      fields.splice(Math.min(spec.refAt, fields.length), 0, { kind: 'templateRef', name: target.name, template: { name: target.name }, presence: 'mandatory', loc: LOC });
      refs = true;
    }
    // Template 1 never holds a dynamic reference, so a nested message always has a template to use.
    if (spec.dynamicRef && index > 0) {
      fields.splice(Math.min(spec.refAt + 1, fields.length), 0, { kind: 'templateRef', name: 'templateRef', presence: 'mandatory', loc: LOC });
      refs = true;
    }
    hasRef.push(refs);
    let id: number | undefined = spec.id;
    while (usedIds.has(id)) id++;
    usedIds.add(id);
    templates.push({ name: tname, id, ...(spec.typeRef ? { typeRef: spec.typeRef } : {}), fields, loc: LOC });
  });
  return templates;
}

interface Ctx {
  readonly template: string;
  readonly typeRef: string;
  readonly name: (prefix: string) => string;
  /** The next field's `id` attribute, or none. */
  readonly id: () => string | undefined;
}

const withId = (id: string | undefined): { id?: string } => (id === undefined ? {} : { id });

function buildField(spec: FieldSpec, ctx: Ctx): Field {
  switch (spec.t) {
    case 'integer': {
      const name = ctx.name('i');
      return { kind: 'integer', name, ...withId(ctx.id()), type: spec.type, presence: spec.presence, op: buildOp(spec.op, ctx, name, spec.type), loc: LOC };
    }
    case 'decimal': {
      const name = ctx.name('d');
      return { kind: 'decimal', name, ...withId(ctx.id()), presence: spec.presence, operators: { form: 'single', op: buildOp(spec.op, ctx, name, 'decimal') }, loc: LOC };
    }
    case 'decimal2': {
      const name = ctx.name('d');
      return {
        kind: 'decimal',
        name,
        ...withId(ctx.id()),
        presence: spec.presence,
        operators: {
          form: 'individual',
          exponent: buildOp(spec.exponent, ctx, `${name}.e`, 'exponent'),
          mantissa: buildOp(spec.mantissa, ctx, `${name}.m`, 'mantissa'),
        },
        loc: LOC,
      };
    }
    case 'string': {
      const name = ctx.name(spec.flavour === 'byteVector' ? 'b' : spec.flavour === 'unicode' ? 'u' : 's');
      const op = buildOp(spec.op, ctx, name, spec.flavour);
      const id = withId(ctx.id());
      return spec.flavour === 'byteVector'
        ? { kind: 'byteVector', name, ...id, presence: spec.presence, op, loc: LOC }
        : { kind: 'string', name, ...id, charset: spec.flavour, presence: spec.presence, op, loc: LOC };
    }
    case 'group': {
      const name = ctx.name('g');
      const id = withId(ctx.id());
      // A typeRef on a group names the application type of the fields inside it ('type' dictionaries).
      const inner = spec.typeRef ? { ...ctx, typeRef: spec.typeRef } : ctx;
      return { kind: 'group', name, ...id, presence: spec.presence, ...(spec.typeRef ? { typeRef: spec.typeRef } : {}), fields: spec.fields.map((f) => buildField(f, inner)), loc: LOC };
    }
    case 'sequence': {
      const name = ctx.name('q');
      const id = withId(ctx.id());
      const inner = spec.typeRef ? { ...ctx, typeRef: spec.typeRef } : ctx;
      const length = spec.length && spec.length.kind !== 'none'
        ? { kind: 'integer' as const, name: ctx.name('n'), ...withId(ctx.id()), type: 'uInt32' as const, presence: spec.presence, op: buildOp(spec.length, inner, '', 'uInt32'), implicit: false, loc: LOC }
        : { kind: 'integer' as const, name: `${name}__length`, type: 'uInt32' as const, presence: spec.presence, op: { kind: 'none' as const }, implicit: true, loc: LOC };
      return { kind: 'sequence', name, ...id, presence: spec.presence, ...(spec.typeRef ? { typeRef: spec.typeRef } : {}), length, fields: spec.fields.map((f) => buildField(f, inner)), loc: LOC };
    }
  }
}

/**
 * The key pool is per wire type (`k<type><n>`): entries are shared only between fields of one
 * type, since sharing across types is a dynamic error (D4) that valid streams never contain.
 */
function buildOp(spec: OpSpec, ctx: Ctx, fieldName: string, wireType: string): Operator {
  if (spec.kind === 'none') return { kind: 'none' };
  const initial = spec.initial ? { initial: spec.initial } : {};
  if (spec.kind === 'constant') return { kind: 'constant', ...initial };
  // default never touches its entry (§6.3.4); a private key keeps shared entries unambiguous.
  // delta keys have their own pool: a copy / increment / tail NULL empties an entry, and a delta
  // on an empty entry is D6 whatever the value, so such a sharing admits no valid stream.
  const pool = spec.kind === 'delta' ? `k${wireType}d` : `k${wireType}`;
  const key =
    spec.kind === 'default' ? `${fieldName || ctx.name('n')}.default` : spec.key < 0 && fieldName !== '' ? fieldName : `${pool}${Math.max(0, spec.key)}`;
  const scope = spec.scope === 'user' ? 'u1' : spec.scope;
  const qualifier = scope === 'template' ? ctx.template : scope === 'type' ? ctx.typeRef : '';
  const dictionary: DictionaryRef = { scope, qualifier, key, id: [scope, qualifier, key].join('\u0000') };
  return { kind: spec.kind, ...initial, dictionary };
}
