/**
 * Readings of the FAST 1.1 specification where its text allows two (spec/fast/variants.md).
 * A decoder declares its reading; the reference decoder and encoder follow the declared one, so
 * a vendor is judged against what it claims rather than against our choice. The defaults are
 * the reference's own readings.
 */
import type { Field, Template, TemplateRefField, TemplateSet } from './template-model.ts';
import { makeDictionaryRef, templateKey } from './template-set.ts';

export interface FastVariants {
  /**
   * An optional tail field whose pmap bit is set and whose value is NULL. 'empty' (§10.5.1: "the
   * state of the previous value is set to empty"): the entry becomes empty. 'unchanged' (§6.3.8
   * alone says only that the field "is considered absent"): the entry keeps its state, as under
   * delta.
   */
  readonly tailNull: 'empty' | 'unchanged';
  /**
   * The `template` dictionary of a field reached through a static templateRef. 'referred' (§6.4:
   * processing continues "with the referred template as the current template"): the entries of
   * the template that contains the field's text. 'referring': the static reference is an
   * inclusion, and its fields use the dictionary of the template the segment is decoding (the
   * one named by the template id).
   */
  readonly staticTemplateRefDictionary: 'referred' | 'referring';
}

export const DEFAULT_FAST_VARIANTS: FastVariants = { tailNull: 'empty', staticTemplateRefDictionary: 'referred' };

/** Every variant and its readings, defaults first (the report and the protocol schema list them). */
export const FAST_VARIANT_READINGS: { readonly [K in keyof FastVariants]: readonly FastVariants[K][] } = {
  tailNull: ['empty', 'unchanged'],
  staticTemplateRefDictionary: ['referred', 'referring'],
};

/**
 * A declaration names a variant that does not exist or a reading it does not have. Never read
 * as the default: a vendor that misspells its reading would be judged by ours and get false
 * alarms (or, reading as we do by accident, a false green for a reading it does not follow).
 */
export class FastVariantsError extends Error {
  override readonly name = 'FastVariantsError';
  constructor(
    message: string,
    /** The variant named (as declared). */
    readonly variant: string,
    /** The readings it allows; empty for an unknown variant. */
    readonly allowed: readonly string[],
  ) {
    super(message);
  }
}

const allowedText = (k: keyof FastVariants): string => FAST_VARIANT_READINGS[k].map((r) => `'${r}'`).join(' or ');

/**
 * Declared readings (possibly partial) completed with the defaults. A variant left out is the
 * default; an unknown variant name, an unknown reading or a declaration that is not an object
 * throws a FastVariantsError naming the variant and what is allowed. `where` says who declared it
 * (a vendor's ready line, a manifest, an adapter), for the message.
 */
export function parseFastVariants(declared: unknown, where = 'variants'): FastVariants {
  if (declared === undefined || declared === null) return DEFAULT_FAST_VARIANTS;
  if (typeof declared !== 'object' || Array.isArray(declared)) {
    throw new FastVariantsError(`${where}: FAST variants must be an object of variant -> reading (spec/fast/variants.md), got ${JSON.stringify(declared)}`, '', []);
  }
  const known = Object.keys(FAST_VARIANT_READINGS) as (keyof FastVariants)[];
  const out: Record<string, string> = { ...DEFAULT_FAST_VARIANTS };
  for (const [name, value] of Object.entries(declared as Record<string, unknown>)) {
    if (!(known as string[]).includes(name)) {
      throw new FastVariantsError(`${where}: unknown FAST variant '${name}' (known: ${known.join(', ')}; spec/fast/variants.md)`, name, []);
    }
    const k = name as keyof FastVariants;
    if (!(FAST_VARIANT_READINGS[k] as readonly unknown[]).includes(value)) {
      throw new FastVariantsError(
        `${where}: FAST variant ${k} has no reading ${JSON.stringify(value)}: it is ${allowedText(k)} (default '${DEFAULT_FAST_VARIANTS[k]}'; spec/fast/variants.md)`,
        k,
        FAST_VARIANT_READINGS[k],
      );
    }
    out[k] = value as string;
  }
  return out as unknown as FastVariants;
}

/** True when every variant is the default reading. */
export function isDefaultVariants(v: FastVariants | undefined): boolean {
  return v === undefined || (v.tailNull === DEFAULT_FAST_VARIANTS.tailNull && v.staticTemplateRefDictionary === DEFAULT_FAST_VARIANTS.staticTemplateRefDictionary);
}

/**
 * The set as a 'referring' decoder sees it: in every template with an id (a message, or the
 * target of a dynamic reference), each static templateRef points at a private copy of its
 * target whose `template`-scoped entries belong to that template instead. Copies are made per
 * (template, target) pair; the set checks (no cycles, bounded depth) hold already, so this ends.
 * Copies have no id and names no template can have (U+0001), so nothing else reaches them.
 */
export function withReferringTemplateDictionaries(set: TemplateSet): TemplateSet {
  const copies = new Map<string, Template>();
  const byName = new Map(set.byName);
  const byId = new Map<number, Template>();

  const copyFor = (context: Template, target: Template): Template => {
    const key = `${templateKey(target.name, target.ns)}\u0001${templateKey(context.name, context.ns)}`;
    let c = copies.get(key);
    if (c === undefined) {
      const name = `${target.name}\u0001${context.name}`;
      // Registered before its fields are rewritten: the set has no cycles, but the entry keeps the map complete.
      const fields = rewrite(target.fields, context, target.name);
      c = { ...target, name, fields };
      delete (c as { id?: number }).id;
      copies.set(key, c);
      byName.set(templateKey(name, target.ns), c);
    }
    return c;
  };

  const rewrite = (fields: readonly Field[], context: Template, own: string): Field[] =>
    fields.map((f): Field => {
      switch (f.kind) {
        case 'integer':
        case 'string':
        case 'byteVector':
          return { ...f, op: requalify(f.op, own, context.name) } as Field;
        case 'decimal':
          return f.operators.form === 'single'
            ? { ...f, operators: { form: 'single', op: requalify(f.operators.op, own, context.name) } }
            : { ...f, operators: { form: 'individual', exponent: requalify(f.operators.exponent, own, context.name), mantissa: requalify(f.operators.mantissa, own, context.name) } };
        case 'group':
          return { ...f, fields: rewrite(f.fields, context, own) };
        case 'sequence':
          return { ...f, length: { ...f.length, op: requalify(f.length.op, own, context.name) }, fields: rewrite(f.fields, context, own) };
        case 'templateRef': {
          if (f.template === undefined) return f;
          const target = set.byName.get(templateKey(f.template.name, f.template.ns));
          if (target === undefined) return f; // D8 when decoded, as before
          const c = copyFor(context, target);
          const ref: TemplateRefField = { ...f, template: { name: c.name, ...(target.ns === undefined ? {} : { ns: target.ns }) } };
          return ref;
        }
      }
    });

  const templates = set.templates.map((t) => {
    if (t.id === undefined) return t;
    const r: Template = { ...t, fields: rewrite(t.fields, t, t.name) };
    byId.set(t.id, r);
    byName.set(templateKey(t.name, t.ns), r);
    if (t.ns !== undefined && set.byName.get(t.name) === t) byName.set(t.name, r);
    return r;
  });
  return { templates, byId, byName };
}

function requalify<O extends { readonly dictionary?: { readonly scope: string; readonly qualifier: string; readonly key: string } }>(op: O, own: string, context: string): O {
  const d = op.dictionary;
  if (d === undefined || d.scope !== 'template' || d.qualifier !== own || own === context) return op;
  return { ...op, dictionary: makeDictionaryRef('template', context, d.key) };
}
