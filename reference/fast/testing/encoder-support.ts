/**
 * Test support for the encoder (imported by *.test.ts only): hand-written template sets that
 * together cover every field type × operator × presence, groups, sequences, static and dynamic
 * templateRefs and shared dictionary entries, and a generator of canonical messages for them.
 *
 * Values come from small pools (type edges, the operator's initial value, short strings over a
 * tiny alphabet) so that consecutive messages often repeat, step (+1), share prefixes or
 * suffixes: the cases where copy / increment / delta / tail have something to omit. Some
 * messages are impossible under the dictionary state they meet (a delta after an entry became
 * empty, a tail that would shorten its base); tests expect the encoder to reject exactly those.
 */
import fc from 'fast-check';
import { parseTemplates } from '../template-parser.ts';
import type { CanonicalFields, CanonicalMessage, CanonicalValue } from '../canonical.ts';
import type { Field, InitialValue, IntegerType, Operator, Template, TemplateSet } from '../template-model.ts';

const NS = 'http://www.fixprotocol.org/ns/fast/td/1.1';
const xml = (templates: string): string => `<templates xmlns="${NS}">${templates}</templates>`;

const INT_TYPES: readonly IntegerType[] = ['int32', 'uInt32', 'int64', 'uInt64'];
const OPTIONAL = ' presence="optional"';

/** Every integer type × operator × presence, with and without initial values. */
export function integerTemplates(): TemplateSet {
  const fields: string[] = [];
  let n = 0;
  for (const t of INT_TYPES) {
    for (const p of ['', OPTIONAL]) {
      const f = (op: string): string => `<${t} name="f${n++}"${p}>${op}</${t}>`;
      fields.push(f(''), f('<constant value="7"/>'), f('<default value="1"/>'), f('<copy/>'), f('<copy value="2"/>'), f('<increment/>'));
      fields.push(f('<increment value="0"/>'), f('<delta/>'), f('<delta value="3"/>'));
      if (p !== '') fields.push(f('<default/>'));
    }
  }
  // Two templates: the template id's copy operator has something to omit and something to send.
  const half = Math.ceil(fields.length / 2);
  return parseTemplates(
    xml(`<template name="A" id="1">${fields.slice(0, half).join('')}</template><template name="B" id="2">${fields.slice(half).join('')}</template>`),
  );
}

/** Decimals: a single operator on the pair, and individual exponent / mantissa operators. */
export function decimalTemplates(): TemplateSet {
  const fields: string[] = [];
  let n = 0;
  for (const p of ['', OPTIONAL]) {
    const f = (inner: string): string => `<decimal name="d${n++}"${p}>${inner}</decimal>`;
    fields.push(f(''), f('<constant value="1.25"/>'), f('<default value="-3"/>'), f('<copy/>'), f('<copy value="100"/>'), f('<delta/>'), f('<delta value="0.5"/>'));
    if (p !== '') fields.push(f('<default/>'));
    const exps = ['', '<copy/>', '<default value="-2"/>', '<delta/>', '<increment/>', '<constant value="-2"/>'];
    const mants = ['', '<delta/>', '<copy/>', '<increment value="5"/>', '<default value="0"/>'];
    for (let i = 0; i < exps.length; i++) {
      fields.push(f(`<exponent>${exps[i]}</exponent><mantissa>${mants[i % mants.length]}</mantissa>`));
    }
  }
  return parseTemplates(xml(`<template name="Dec" id="10">${fields.join('')}</template>`));
}

/**
 * ascii, unicode and byteVector × every operator that applies × presence. The tail fields have
 * a template of their own (a tail cannot shorten its base, so their streams are constrained).
 */
export function stringTemplates(): TemplateSet {
  const fields: string[] = [];
  const tails: string[] = [];
  let n = 0;
  const kinds: [string, string, string][] = [
    ['string', '', 'ab'],
    ['string', ' charset="unicode"', 'é€'],
    ['byteVector', '', '00ff'],
  ];
  for (const [el, attr, init] of kinds) {
    for (const p of ['', OPTIONAL]) {
      const f = (op: string): string => `<${el} name="s${n++}"${attr}${p}>${op}</${el}>`;
      fields.push(f(''), f(`<constant value="${init}"/>`), f(`<default value="${init}"/>`), f('<copy/>'), f(`<copy value="${init}"/>`));
      fields.push(f('<delta/>'), f(`<delta value="${init}"/>`));
      if (p !== '') fields.push(f('<default/>'));
      tails.push(f('<tail/>'), f(`<tail value="${init}"/>`));
    }
  }
  return parseTemplates(xml(`<template name="Str" id="20">${fields.join('')}</template><template name="Tail" id="21">${tails.join('')}</template>`));
}

/**
 * Structure: groups (optional / mandatory, with and without their own presence map), sequences
 * (length operators, optional, elements with and without a pmap, nested), static and dynamic
 * templateRefs, dictionary entries shared across fields and templates (global key, template
 * scope, type scope).
 */
export function structureTemplates(): TemplateSet {
  return parseTemplates(
    xml(`
<template name="Leaf" id="30">
  <uInt32 name="lv"><copy dictionary="global" key="shared"/></uInt32>
  <string name="ls" presence="optional"><delta/></string>
</template>
<template name="Inline">
  <uInt32 name="ia"><copy/></uInt32>
  <int64 name="ib" presence="optional"><delta/></int64>
</template>
<template name="Main" id="31" dictionary="template">
  <uInt32 name="seqNo"><increment/></uInt32>
  <group name="hdr" presence="optional">
    <uInt32 name="x"><copy dictionary="global" key="shared"/></uInt32>
    <string name="tag"><default value="T"/></string>
  </group>
  <group name="plain"><int32 name="y"/><string name="z" presence="optional"/></group>
  <templateRef name="Inline"/>
  <sequence name="entries" presence="optional">
    <length name="n"><copy/></length>
    <uInt32 name="px"><delta/></uInt32>
    <uInt32 name="qty" presence="optional"><copy/></uInt32>
    <sequence name="legs"><uInt32 name="leg"/></sequence>
    <group name="opt" presence="optional"><uInt32 name="o"/></group>
  </sequence>
  <sequence name="bare"><length name="bn"><constant value="2"/></length><int32 name="b"/></sequence>
  <templateRef/>
  <decimal name="last" presence="optional"><copy dictionary="type" key="px"/></decimal>
</template>
<template name="Other" id="32" dictionary="template">
  <uInt32 name="seqNo"><increment/></uInt32>
  <uInt32 name="sh"><copy dictionary="global" key="shared"/></uInt32>
  <templateRef name="Inline"/>
</template>`),
  );
}

/** Every hand-written set, by name. */
export function allTestTemplateSets(): Record<string, TemplateSet> {
  return { integers: integerTemplates(), decimals: decimalTemplates(), strings: stringTemplates(), structure: structureTemplates() };
}

// ------------------------------------------------------------------------------- messages

const RANGE: Record<IntegerType, readonly [bigint, bigint]> = {
  int32: [-(1n << 31n), (1n << 31n) - 1n],
  uInt32: [0n, (1n << 32n) - 1n],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  uInt64: [0n, (1n << 64n) - 1n],
};

function initialCanonical(i: InitialValue): CanonicalValue {
  switch (i.kind) {
    case 'integer':
      return i.value.toString();
    case 'decimal':
      return { exponent: i.exponent, mantissa: i.mantissa.toString() };
    case 'string':
      return i.value;
    case 'bytes':
      return { hex: Buffer.from(i.value).toString('hex') };
  }
}

function integerValues(type: IntegerType): fc.Arbitrary<string> {
  const [lo, hi] = RANGE[type];
  const edges = [lo, lo + 1n, hi - 1n, hi, 0n, 1n, 2n, 3n, 7n, 64n, 8192n].filter((v) => v >= lo && v <= hi);
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...edges) },
    { weight: 2, arbitrary: fc.bigInt({ min: lo > -300n ? lo : -300n, max: 300n }) },
    { weight: 1, arbitrary: fc.bigInt({ min: lo, max: hi }) },
  ).map((v) => v.toString());
}

/** An op's value pool: its initial value (often) or the fresh pool. */
function withInitial<T extends CanonicalValue>(op: Operator, fresh: fc.Arbitrary<T>): fc.Arbitrary<CanonicalValue> {
  if (op.kind === 'constant' && op.initial !== undefined) return fc.constant(initialCanonical(op.initial));
  if (op.initial === undefined) return fresh;
  return fc.oneof({ weight: 1, arbitrary: fc.constant(initialCanonical(op.initial)) }, { weight: 3, arbitrary: fresh });
}

const nullable = (optional: boolean, v: fc.Arbitrary<CanonicalValue>): fc.Arbitrary<CanonicalValue> =>
  optional ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: v }) : v;

const ASCII_POOL = fc.oneof(
  fc.constantFrom('', 'a', 'ab', 'abc', 'b', 'ba', 'xab', '\0', '\0a'),
  fc.string({ unit: fc.constantFrom('a', 'b', '\0', 'z'), maxLength: 6 }),
);
const UNICODE_POOL = fc.oneof(
  fc.constantFrom('', 'é', 'é€', 'ê', 'aé', '😀'),
  fc.array(fc.constantFrom('a', 'é', 'ê', '€', '😀'), { maxLength: 4 }).map((a) => a.join('')),
);
const BYTES_POOL = fc.oneof(
  fc.constantFrom('', '00', '00ff', 'ff', '0001', '01'),
  fc.uint8Array({ maxLength: 5, max: 3 }).map((b) => Buffer.from(b).toString('hex')),
).map((hex) => ({ hex }));
const EXPONENTS = fc.constantFrom(-63, -2, -1, 0, 1, 2, 63);
const MANTISSAS = fc.oneof(fc.constantFrom('0', '1', '5', '6', '-1', '9223372036854775807', '-9223372036854775808'), fc.bigInt({ min: -300n, max: 300n }).map(String));

function fieldValue(set: TemplateSet, f: Exclude<Field, { kind: 'templateRef' }>, depth: number): fc.Arbitrary<CanonicalValue> {
  const optional = f.presence === 'optional';
  switch (f.kind) {
    case 'integer':
      return nullable(optional, withInitial(f.op, integerValues(f.type)));
    case 'decimal': {
      if (f.operators.form === 'single') {
        return nullable(optional, withInitial(f.operators.op, fc.record({ exponent: EXPONENTS, mantissa: MANTISSAS })));
      }
      const e = f.operators.exponent;
      const exponent = e.kind === 'constant' && e.initial?.kind === 'integer' ? fc.constant(Number(e.initial.value)) : EXPONENTS;
      const m = f.operators.mantissa;
      const mantissa = m.kind === 'constant' && m.initial?.kind === 'integer' ? fc.constant(m.initial.value.toString()) : MANTISSAS;
      return nullable(optional, fc.record({ exponent, mantissa }));
    }
    case 'string':
      return nullable(optional, withInitial(f.op, f.charset === 'ascii' ? ASCII_POOL : UNICODE_POOL));
    case 'byteVector':
      return nullable(optional, withInitial(f.op, BYTES_POOL));
    case 'group':
      return nullable(optional, fieldsOf(set, f.fields, depth + 1));
    case 'sequence': {
      const lenOp = f.length.op;
      const fixed = lenOp.kind === 'constant' && lenOp.initial?.kind === 'integer' ? Number(lenOp.initial.value) : undefined;
      const el = fieldsOf(set, f.fields, depth + 1);
      const arr = fixed !== undefined ? fc.array(el, { minLength: fixed, maxLength: fixed }) : fc.array(el, { maxLength: 3 });
      return nullable(optional, arr);
    }
  }
}

/** Canonical fields over a field list (static templateRefs inline, dynamic ones nested). */
export function fieldsOf(set: TemplateSet, fields: readonly Field[], depth = 0): fc.Arbitrary<CanonicalFields> {
  const parts: fc.Arbitrary<CanonicalFields>[] = [];
  for (const f of fields) {
    if (f.kind === 'templateRef') {
      if (f.template !== undefined) {
        const t = set.byName.get(f.template.name);
        if (t === undefined) throw new Error(`test set: unknown template ${f.template.name}`);
        parts.push(fieldsOf(set, t.fields, depth + 1));
      } else {
        parts.push(nestedMessage(set, depth + 1).map((m) => ({ [f.name]: m as CanonicalValue })));
      }
    } else {
      parts.push(fieldValue(set, f, depth).map((v) => ({ [f.name]: v })));
    }
  }
  return fc.tuple(...parts).map((ps) => Object.assign({}, ...ps) as CanonicalFields);
}

function holdsDynamicRef(set: TemplateSet, fields: readonly Field[]): boolean {
  return fields.some((f) =>
    f.kind === 'templateRef'
      ? f.template === undefined || holdsDynamicRef(set, set.byName.get(f.template.name)?.fields ?? [])
      : f.kind === 'group' || f.kind === 'sequence'
        ? holdsDynamicRef(set, f.fields)
        : false,
  );
}

function nestedMessage(set: TemplateSet, depth: number): fc.Arbitrary<CanonicalMessage> {
  const leaves = set.templates.filter((t) => t.id !== undefined && !holdsDynamicRef(set, t.fields));
  if (leaves.length === 0) throw new Error('test set: a dynamic templateRef needs a template without one');
  return fc.oneof(...leaves.map((t) => messageOf(set, t, depth)));
}

export function messageOf(set: TemplateSet, t: Template, depth = 0): fc.Arbitrary<CanonicalMessage> {
  return fieldsOf(set, t.fields, depth).map((fields) => ({ templateId: t.id!, fields }));
}

/**
 * Streams of 1..max messages over every template of the set that has an id. Each message after
 * the first is mixed with the previous message of the same template, leaf by leaf (see
 * evolveFields), so that values repeat, step by one (wrapping), or grow at either end; tail
 * values are made reachable from the base a decoder will hold (given the reset policy).
 */
export function messagesOf(set: TemplateSet, reset: 'none' | 'message' = 'none', maxLength = 8): fc.Arbitrary<CanonicalMessage[]> {
  const tops = set.templates.filter((t) => t.id !== undefined);
  return fc
    .tuple(fc.array(fc.oneof(...tops.map((t) => messageOf(set, t))), { minLength: 1, maxLength }), fc.array(fc.nat(5), { minLength: 1, maxLength: 97 }))
    .map(([messages, coins]) => {
      let c = 0;
      const coin = (): number => coins[c++ % coins.length]!;
      const out: CanonicalMessage[] = [];
      for (const m of messages) {
        const prev = reset === 'message' ? undefined : [...out].reverse().find((p) => p.templateId === m.templateId);
        const t = set.byId.get(m.templateId)!;
        out.push({ templateId: m.templateId, fields: evolveFields(set, t.fields, prev?.fields, m.fields, coin) });
      }
      return out;
    });
}

/**
 * Leaf by leaf: coin 0-1 the new value, 2-3 the previous one, 4 previous + 1 (append for
 * strings), 5 prepend. Tail fields always get a value reachable from their base (the previous
 * value, else — undefined or empty — the initial value or "").
 */
function evolveFields(set: TemplateSet, fields: readonly Field[], prev: CanonicalFields | undefined, next: CanonicalFields, coin: () => number): CanonicalFields {
  const out: { [k: string]: CanonicalValue } = { ...next };
  for (const f of fields) {
    if (f.kind === 'templateRef') {
      if (f.template !== undefined) Object.assign(out, evolveFields(set, set.byName.get(f.template.name)!.fields, prev, next, coin));
      continue;
    }
    const p = prev?.[f.name];
    const n = next[f.name];
    if (n === undefined || n === null) continue;
    if ((f.kind === 'string' || f.kind === 'byteVector') && f.op.kind === 'tail') {
      // §6.3.8: an undefined or empty entry (previous NULL) takes the initial value as the base.
      const base = p === undefined || p === null ? (f.op.initial === undefined ? emptyOf(f) : initialCanonical(f.op.initial)) : p;
      const k = coin();
      out[f.name] = k <= 1 ? tailCombine(f, base, n) : k <= 3 ? base : step(f, base, k === 4);
      continue;
    }
    if (p === undefined || p === null) continue;
    if (f.kind === 'group') {
      out[f.name] = evolveFields(set, f.fields, p as CanonicalFields, n as CanonicalFields, coin);
      continue;
    }
    if (f.kind === 'sequence') {
      const pa = p as CanonicalFields[];
      out[f.name] = (n as CanonicalFields[]).map((el, i) => (i < pa.length ? evolveFields(set, f.fields, pa[i]!, el, coin) : el));
      continue;
    }
    const op = f.kind === 'decimal' ? (f.operators.form === 'single' ? f.operators.op : undefined) : f.op;
    if (op?.kind === 'constant') continue;
    if (f.kind === 'decimal' && f.operators.form === 'individual' && (f.operators.exponent.kind === 'constant' || f.operators.mantissa.kind === 'constant')) continue;
    const k = coin();
    if (k <= 1) continue;
    if (k <= 3) {
      out[f.name] = p;
      continue;
    }
    out[f.name] = step(f, p, k === 4);
  }
  return out;
}

function emptyOf(f: Field): CanonicalValue {
  return f.kind === 'byteVector' ? { hex: '' } : '';
}

/** What the tail operator makes of `tail` on `base` (§6.3.8), kept valid UTF-8 for unicode. */
function tailCombine(f: Field, base: CanonicalValue, tail: CanonicalValue): CanonicalValue {
  if (f.kind === 'byteVector') {
    const b = (base as { hex: string }).hex;
    const t = (tail as { hex: string }).hex;
    return { hex: t.length >= b.length ? t : b.slice(0, b.length - t.length) + t };
  }
  const unicode = f.kind === 'string' && f.charset === 'unicode';
  const b = Buffer.from(base as string, unicode ? 'utf8' : 'latin1');
  const t = Buffer.from(tail as string, unicode ? 'utf8' : 'latin1');
  const v = t.length >= b.length ? t : Buffer.concat([b.subarray(0, b.length - t.length), t]);
  const s = v.toString(unicode ? 'utf8' : 'latin1');
  if (unicode && !Buffer.from(s, 'utf8').equals(v)) return (base as string) + (tail as string);
  return s;
}

function step(f: Field, p: CanonicalValue, append: boolean): CanonicalValue {
  switch (f.kind) {
    case 'integer': {
      const [lo, hi] = RANGE[f.type];
      const v = BigInt(p as string);
      return (v >= hi ? lo : v + 1n).toString();
    }
    case 'decimal': {
      const d = p as { exponent: number; mantissa: string };
      const m = BigInt(d.mantissa);
      return { exponent: d.exponent, mantissa: (m >= RANGE.int64[1] ? m : m + 1n).toString() };
    }
    case 'string': {
      const ch = f.charset === 'ascii' ? (append ? 'a' : '\0') : append ? 'é' : '€';
      return append ? (p as string) + ch : ch + (p as string);
    }
    case 'byteVector': {
      const hex = (p as { hex: string }).hex;
      return { hex: append ? `${hex}00` : `ff${hex}` };
    }
    default:
      return p;
  }
}
