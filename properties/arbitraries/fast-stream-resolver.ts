import type { CanonicalFields, CanonicalMessage, CanonicalValue } from '../../reference/fast/canonical.ts';
import type { Field, IntegerType, Operator, Template } from '../../reference/fast/template-model.ts';
import { setField } from '../../reference/fast/store-sites.ts';
import { makeTemplateSet } from '../../reference/fast/template-set.ts';
import { withReferringTemplateDictionaries, type FastVariants } from '../../reference/fast/variants.ts';
import { INTEGER_RANGE } from './fast-integer-value.ts';
import { refTarget, templatesByName } from './fast-template-lookup.ts';
import type { FieldValueSpec, LeafSpec, MessageSpec, StreamSpec } from './fast-value-spec.ts';

/** A resolved stream: the reset policy and the canonical messages to encode. */
export interface FastStream {
  readonly reset: 'none' | 'message';
  readonly messages: CanonicalMessage[];
}

type Value = bigint | string | { readonly exponent: number; readonly mantissa: bigint };
type Entry = { readonly assigned: true; readonly value: Value } | { readonly assigned: false };

/**
 * Turns a stream spec into canonical messages that the encoder can always put on the wire,
 * simulating the decoder's dictionary (§6.3) to resolve "same" / "next" and to keep the one
 * state-dependent constraint: a tail value is at least as long as its base (§6.3.7.4), since
 * a shorter one has no encoding. Constants take their initial value.
 *
 * The dictionary follows the decoder's declared readings (spec/fast/variants.md): the same spec
 * resolves, under each, to a stream that such a decoder's encoder can put on the wire.
 */
export function resolveStream(templates: readonly Template[], spec: StreamSpec, variants?: Partial<FastVariants>): FastStream {
  let view = templates;
  let byName = templatesByName(templates);
  if (variants?.staticTemplateRefDictionary === 'referring') {
    // Same templates, same order; static references point at copies with the referring template's entries.
    const set = withReferringTemplateDictionaries(makeTemplateSet(templates));
    view = set.templates;
    byName = new Map([...templatesByName(view), ...set.byName]);
  }
  const dict = new Map<string, Entry>();
  const readings: Readings = { tailNullKeeps: variants?.tailNull === 'unchanged' };
  const messages = spec.messages.map((m) => {
    if (spec.reset === 'message') dict.clear();
    return resolveMessage(m, view, byName, dict, readings);
  });
  return { reset: spec.reset, messages };
}

interface Readings {
  /** tailNull 'unchanged': a NULL tail leaves its entry as it was. */
  readonly tailNullKeeps: boolean;
}

function resolveMessage(m: MessageSpec, templates: readonly Template[], byName: ReadonlyMap<string, Template>, dict: Map<string, Entry>, readings: Readings): CanonicalMessage {
  const t = templates[m.template]!;
  const out: CanonicalFields = {};
  resolveFields(t.fields, m.fields, out, templates, byName, dict, readings);
  return { templateId: t.id!, fields: out };
}

function resolveFields(
  fields: readonly Field[],
  specs: readonly FieldValueSpec[],
  out: CanonicalFields,
  templates: readonly Template[],
  byName: ReadonlyMap<string, Template>,
  dict: Map<string, Entry>,
  readings: Readings,
): void {
  fields.forEach((f, i) => {
    const s = specs[i]!;
    switch (f.kind) {
      case 'integer': {
        const v = leafValue(s as LeafSpec<bigint>, f.op, f.presence === 'optional', dict, readings, (b) => succ(b as bigint, f.type), f.type) as bigint | null;
        setField(out, f.name, v === null ? null : v.toString());
        return;
      }
      case 'decimal': {
        const optional = f.presence === 'optional';
        if (f.operators.form === 'single') {
          const v = leafValue(s as LeafSpec<Value>, f.operators.op, optional, dict, readings, (b) => decSucc(b as { exponent: number; mantissa: bigint }), 'decimal');
          setField(out, f.name, v === null ? null : decimal(v as { exponent: number; mantissa: bigint }));
          return;
        }
        const { exponent: eop, mantissa: mop } = f.operators;
        const pair = s as { k: 'null' } | { exponent: LeafSpec<number>; mantissa: LeafSpec<bigint> };
        if ('k' in pair) {
          // NULL is carried by the exponent; the mantissa is not on the wire (its entry untouched).
          leafValue({ k: 'null', v: 0n }, eop, true, dict, readings, (b) => b, 'int32');
          setField(out, f.name, null);
          return;
        }
        const e = leafValue({ k: pair.exponent.k, v: BigInt(pair.exponent.v) }, eop, false, dict, readings, (b) => clampExp((b as bigint) + 1n), 'int32') as bigint | null;
        if (e === null) {
          setField(out, f.name, null);
          return;
        }
        const m = leafValue(pair.mantissa, mop, false, dict, readings, (b) => succ(b as bigint, 'int64'), 'int64') as bigint;
        setField(out, f.name, { exponent: Number(e), mantissa: m.toString() });
        return;
      }
      case 'string':
      case 'byteVector': {
        const flavour = f.kind === 'byteVector' ? 'bytes' : f.charset;
        const v = leafValue(s as LeafSpec<string>, f.op, f.presence === 'optional', dict, readings, (b) => stepString(b as string, flavour), flavour) as string | null;
        setField(out, f.name, v === null ? null : f.kind === 'byteVector' ? { hex: v } : v);
        return;
      }
      case 'group': {
        const g = s as { k: 'group'; fields: readonly FieldValueSpec[] | null };
        if (g.fields === null && f.presence === 'optional') {
          setField(out, f.name, null);
          return;
        }
        const inner: CanonicalFields = {};
        resolveFields(f.fields, g.fields ?? [], inner, templates, byName, dict, readings);
        setField(out, f.name, inner);
        return;
      }
      case 'sequence': {
        const q = s as { k: 'sequence'; elements: readonly (readonly FieldValueSpec[])[] | null };
        const optional = f.presence === 'optional';
        let elements = q.elements;
        const lop = f.length.op;
        if (lop.kind === 'constant') {
          // A constant length fixes the count (or NULL when optional).
          const n = Number((lop.initial as { value: bigint }).value);
          elements = elements === null && optional ? null : Array.from({ length: n }, (_, k) => elements?.[k] ?? elements?.[0] ?? []);
        }
        const lengthValue = elements === null && optional ? null : BigInt((elements ?? []).length);
        leafValue({ k: lengthValue === null ? 'null' : 'fresh', v: lengthValue ?? 0n }, lop, optional, dict, readings, (b) => b, 'uInt32');
        if (lengthValue === null) {
          setField(out, f.name, null);
          return;
        }
        setField<CanonicalValue>(
          out,
          f.name,
          (elements ?? []).map((el) => {
            const inner: CanonicalFields = {};
            resolveFields(f.fields, el, inner, templates, byName, dict, readings);
            return inner;
          }),
        );
        return;
      }
      case 'templateRef': {
        if (f.template) {
          const target = refTarget(byName, f.template);
          resolveFields(target.fields, (s as { fields: readonly FieldValueSpec[] }).fields, out, templates, byName, dict, readings);
        } else {
          setField(out, f.name, resolveMessage((s as { message: MessageSpec }).message, templates, byName, dict, readings) as unknown as CanonicalValue);
        }
        return;
      }
    }
  });
}

/**
 * The value of one scalar (or NULL), and the dictionary update the decoder will make:
 * copy / increment / tail assign or empty the entry, delta assigns on a value, default and
 * none leave it alone (§6.3).
 */
function leafValue(
  s: LeafSpec<Value>,
  op: Operator,
  optional: boolean,
  dict: Map<string, Entry>,
  readings: Readings,
  next: (v: Value) => Value,
  type: IntegerType | 'decimal' | 'ascii' | 'unicode' | 'bytes',
): Value | null {
  if (op.kind === 'constant') {
    const init = initialOf(op)!;
    return optional && s.k === 'null' ? null : init;
  }
  // Typed entries: an entry shared by fields of different types (D4 on the wire, possible in
  // hand-written templates) never feeds one type's value to another here.
  const id = op.dictionary ? `${op.dictionary.id}\u0000${type}` : undefined;
  const entry = id === undefined ? undefined : dict.get(id);
  let v: Value | null;
  if (s.k === 'null' && optional) v = null;
  else if (s.k === 'same' && entry?.assigned) v = entry.value;
  else if (s.k === 'next' && entry?.assigned) v = next(entry.value);
  // With no previous value, repeating means the initial value: what an absent field decodes to.
  else if ((s.k === 'same' || s.k === 'next') && !entry?.assigned && op.initial && (op.kind === 'copy' || op.kind === 'increment' || op.kind === 'default')) v = initialOf(op)!;
  else v = s.v;
  if (v !== null && op.kind === 'tail') {
    const base = entry?.assigned ? (entry.value as string) : ((initialOf(op) as string | undefined) ?? '');
    if (size(v as string, type) < size(base, type)) v = `${v as string}${base}`;
  }
  if (id !== undefined && v === null && op.kind === 'tail' && readings.tailNullKeeps) {
    // the entry stays as it was (a NULL the encoder must send only happens when it is assigned or has an initial value)
  } else if (id !== undefined && (op.kind === 'copy' || op.kind === 'increment' || op.kind === 'tail')) {
    dict.set(id, v === null ? { assigned: false } : { assigned: true, value: v });
  } else if (id !== undefined && op.kind === 'delta' && v !== null) {
    dict.set(id, { assigned: true, value: v });
  }
  return v;
}

/**
 * A value one character longer than the entry: appended to an even-length base, prepended to an
 * odd one, so that string deltas remove from the back and (negative length) from the front.
 * A NUL never lands inside ascii.
 */
function stepString(base: string, flavour: string): string {
  if (flavour === 'bytes') return (base.length / 2) % 2 === 0 ? `${base}41` : `41${base}`;
  if (flavour === 'ascii' && base.includes('\u0000')) return 'A';
  return base.length % 2 === 0 ? `${base}A` : `Z${base}`;
}

function size(s: string, type: string): number {
  return type === 'bytes' ? s.length / 2 : type === 'unicode' ? Buffer.byteLength(s, 'utf8') : s.length;
}

function initialOf(op: Operator): Value | undefined {
  const i = op.initial;
  if (!i) return undefined;
  switch (i.kind) {
    case 'integer':
      return i.value;
    case 'decimal':
      return { exponent: i.exponent, mantissa: i.mantissa };
    case 'string':
      return i.value;
    case 'bytes':
      return Buffer.from(i.value).toString('hex');
  }
}

/** Successor with the increment operator's wrap at the type's maximum. */
function succ(v: bigint, type: IntegerType): bigint {
  const { min, max } = INTEGER_RANGE[type];
  return v >= max ? min : v + 1n;
}

function decSucc(v: { exponent: number; mantissa: bigint }): Value {
  return { exponent: v.exponent, mantissa: succ(v.mantissa, 'int64') };
}

function clampExp(e: bigint): bigint {
  return e > 63n ? -63n : e;
}

function decimal(v: { exponent: number; mantissa: bigint }): CanonicalValue {
  return { exponent: v.exponent, mantissa: v.mantissa.toString() };
}
