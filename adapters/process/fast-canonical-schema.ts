import { Ajv, type ValidateFunction } from 'ajv';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import type { Field, IntegerType, Template, TemplateSet } from '../../reference/fast/template-model.ts';
import { resolveTemplateRef } from '../../reference/fast/template-set.ts';
import type { ResultCheck } from './vendor-process.ts';
import { prefilter, type Prefilter } from './schema-prefilter.ts';
import { violationsOf, type Violation } from './violation.ts';

/**
 * The canonical form of decoded FAST messages (spec/fast/canonical.md) for one template set, as
 * a JSON Schema: the generic result schema cannot tell a uInt32 from an ascii string, or a group
 * from a decimal, without the templates. Each message's fields are typed by its template id:
 * integers as decimal strings without leading zeros, decimals as {exponent in [-63, 63],
 * mantissa int64 string}, byteVectors as {hex}, groups, sequences, static and dynamic
 * templateRefs, null only where the field is optional, no missing and no extra field.
 *
 * Integer strings are checked for form and digit count, not range: a value out of its type's
 * range is a wrong answer, which the properties compare with the reference.
 */
const INTEGER_PATTERN: Readonly<Record<IntegerType, string>> = {
  uInt32: '^(0|[1-9][0-9]{0,9})$',
  int32: '^(0|-?[1-9][0-9]{0,9})$',
  uInt64: '^(0|[1-9][0-9]{0,19})$',
  int64: '^(0|-?[1-9][0-9]{0,18})$',
};

type Schema = Record<string, unknown>;

/** A property map without a prototype: field names such as `__proto__` stay plain keys. */
function dict(): Record<string, Schema> {
  return Object.create(null) as Record<string, Schema>;
}

const typed = (t: string, optional: boolean): string | string[] => (optional ? [t, 'null'] : t);

function fieldSchema(set: TemplateSet, f: Exclude<Field, { kind: 'templateRef' }>): Schema {
  const optional = f.presence === 'optional';
  switch (f.kind) {
    case 'integer':
      return { type: typed('string', optional), pattern: INTEGER_PATTERN[f.type] };
    case 'decimal':
      return {
        type: typed('object', optional),
        required: ['exponent', 'mantissa'],
        additionalProperties: false,
        properties: { exponent: { type: 'integer', minimum: -63, maximum: 63 }, mantissa: { type: 'string', pattern: INTEGER_PATTERN.int64 } },
      };
    case 'string':
      return { type: typed('string', optional) };
    case 'byteVector':
      return { type: typed('object', optional), required: ['hex'], additionalProperties: false, properties: { hex: { type: 'string', pattern: '^([0-9a-f]{2})*$' } } };
    case 'group':
      return { ...fieldsSchema(set, f.fields, 0), type: typed('object', optional) };
    case 'sequence':
      return { type: typed('array', optional), items: fieldsSchema(set, f.fields, 0) };
  }
}

/**
 * The `fields` object of a message or group: every field, in no particular order, nothing else.
 * ajv ignores a `__proto__` entry under `properties` (prototype-pollution guard), so a field of
 * that name is checked for presence and name only, by `required` and `propertyNames`.
 */
function fieldsSchema(set: TemplateSet, fields: readonly Field[], depth: number): Schema {
  const properties = dict();
  collect(set, fields, properties, depth);
  const names = Object.keys(properties);
  if (!names.includes('__proto__')) return { type: 'object', required: names, additionalProperties: false, properties };
  delete properties['__proto__'];
  return { type: 'object', required: names, propertyNames: { enum: names }, properties };
}

function collect(set: TemplateSet, fields: readonly Field[], into: Record<string, Schema>, depth: number): void {
  if (depth > 32) throw new Error('static templateRef nesting deeper than 32');
  for (const f of fields) {
    if (f.kind !== 'templateRef') into[f.name] = fieldSchema(set, f);
    else if (!f.template) into[f.name] = { $ref: '#/definitions/message' };
    else {
      const t = resolveTemplateRef(set, f);
      if (!t) throw new Error(`static templateRef to unknown template ${f.template.name}`);
      collect(set, t.fields, into, depth + 1); // a static reference's fields stand inline
    }
  }
}

/** JSON Schema of a `fast.decode` result under `set` (messages only: the rest is reply.schema.json's). */
export function fastResultSchema(set: TemplateSet): Schema {
  const withId = set.templates.filter((t): t is Template & { id: number } => t.id !== undefined);
  const message: Schema = {
    type: 'object',
    required: ['templateId', 'fields'],
    additionalProperties: false,
    properties: { templateId: { enum: withId.map((t) => t.id) }, fields: { type: 'object' } },
    allOf: withId.map((t) => ({ if: { properties: { templateId: { const: t.id } } }, then: { properties: { fields: fieldsSchema(set, t.fields, 0) } } })),
  };
  return { type: 'object', required: ['messages'], properties: { messages: { type: 'array', items: { $ref: '#/definitions/message' } } }, definitions: { message } };
}

/**
 * One template set's check. Every generated template set is new, and compiling its schema with
 * ajv costs milliseconds, so the check runs a codegen-free prefilter (schema-prefilter.ts) first:
 * a result it accepts is one ajv accepts too. Anything else goes to ajv, compiled on the first
 * such result, which gives the verdict and the messages (op, JSON path, value).
 */
interface SetCheck {
  readonly schema: Schema;
  readonly quick: Prefilter | undefined;
  compiled?: ValidateFunction;
}

// The last few template sets: a property may load the same set many times.
const ajv = new Ajv({ allErrors: true, strict: false });
const checks = new Map<string, SetCheck | null>();
const KEEP = 8;

function setCheck(xml: string): SetCheck | null {
  let c = checks.get(xml);
  if (c === undefined) {
    try {
      const schema = fastResultSchema(parseTemplates(xml));
      c = { schema, quick: prefilter(schema) };
    } catch {
      c = null;
    }
    checks.set(xml, c);
    if (checks.size > KEEP) {
      const [oldest, old] = checks.entries().next().value as [string, SetCheck | null];
      checks.delete(oldest);
      if (old?.compiled) ajv.removeSchema(old.schema);
    }
  }
  return c;
}

function violations(c: SetCheck, result: unknown): Violation[] {
  if (c.quick?.(result)) return [];
  const validate = (c.compiled ??= ajv.compile(c.schema));
  return validate(result) ? [] : violationsOf(validate.errors, result);
}

/**
 * The check for `fast.decode` (and `fpga.decode`) results under the template XML, or undefined
 * when the reference does not accept the XML (a test of static errors: nothing can be decoded).
 */
export function fastResultCheck(xml: string): ResultCheck | undefined {
  const c = setCheck(xml);
  return c ? (result) => violations(c, result) : undefined;
}

/**
 * The same check, with the templates parsed only when a result is checked (in sample mode most
 * replies are not); no violation when the reference does not accept the XML.
 */
export function lazyFastResultCheck(xml: string): ResultCheck {
  return (result) => {
    const c = setCheck(xml);
    return c ? violations(c, result) : [];
  };
}
