import fc from 'fast-check';
import type { Field, Template } from '../../reference/fast/template-model.ts';
import { fastIntegerValue } from './fast-integer-value.ts';
import { fastExponent } from './fast-decimal-value.ts';
import { fastStringValue } from './fast-string-value.ts';
import { refTarget, templatesByName } from './fast-template-lookup.ts';
import type { FieldValueSpec, LeafSpec, MessageSpec, StreamSpec } from './fast-value-spec.ts';

export interface FastMessageStreamOptions {
  readonly minMessages?: number;
  readonly maxMessages?: number;
  /** Force a reset policy; by default both are generated. */
  readonly reset?: 'none' | 'message';
}

/**
 * Streams of messages over `templates` (those with an id): several messages so dictionary state carries across them, values that
 * repeat or step the previous entry, NULLs, both reset policies. Produces a structural spec;
 * resolveStream (fast-stream-resolver.ts) turns it into canonical messages valid under the
 * dictionary state.
 */
export function fastMessageStream(templates: readonly Template[], options: FastMessageStreamOptions = {}): fc.Arbitrary<StreamSpec> {
  const { minMessages = 1, maxMessages = 6 } = options;
  const byName = templatesByName(templates);
  // Only templates with an id can be sent; a dynamic templateRef nests one level deep, with a
  // template that holds none (templates with a dynamic ref are left out if there is none).
  const sendable = templates.map((t, i) => ({ t, i })).filter(({ t }) => t.id !== undefined);
  const dynFree = sendable.filter(({ t }) => !holdsDynamicRef(t, byName));
  const nested = dynFree.length > 0 ? fc.oneof(...dynFree.map(({ t, i }) => message(t, i, byName, null))) : null;
  const usable = nested ? sendable : dynFree;
  if (usable.length === 0) throw new Error('fastMessageStream: no template with an id that can be sent');
  const top = fc.oneof(...usable.map(({ t, i }) => message(t, i, byName, nested)));
  return fc.record({
    reset: options.reset ? fc.constant(options.reset) : fc.constantFrom<'none' | 'message'>('none', 'none', 'message'),
    messages: fc.array(top, { minLength: minMessages, maxLength: maxMessages }),
  });
}

function holdsDynamicRef(t: Template, byName: ReadonlyMap<string, Template>): boolean {
  return t.fields.some((f) => f.kind === 'templateRef' && (!f.template || holdsDynamicRef(refTarget(byName, f.template), byName)));
}

function message(t: Template, index: number, byName: ReadonlyMap<string, Template>, nested: fc.Arbitrary<MessageSpec> | null): fc.Arbitrary<MessageSpec> {
  return fc.record({ template: fc.constant(index), fields: fields(t.fields, byName, nested) });
}

function fields(fs: readonly Field[], byName: ReadonlyMap<string, Template>, nested: fc.Arbitrary<MessageSpec> | null): fc.Arbitrary<FieldValueSpec[]> {
  return fc.tuple(...fs.map((f) => fieldValue(f, byName, nested)));
}

function leaf<T>(fresh: fc.Arbitrary<T>, optional: boolean): fc.Arbitrary<LeafSpec<T>> {
  const kinds = fc.constantFrom<LeafSpec<T>['k']>(...(optional ? (['fresh', 'same', 'null', 'next', 'fresh', 'null'] as const) : (['fresh', 'same', 'next', 'fresh'] as const)));
  return fc.record({ k: kinds, v: fresh });
}

function fieldValue(f: Field, byName: ReadonlyMap<string, Template>, nested: fc.Arbitrary<MessageSpec> | null): fc.Arbitrary<FieldValueSpec> {
  const optional = f.presence === 'optional';
  switch (f.kind) {
    case 'integer':
      return leaf(fastIntegerValue(f.type), optional);
    case 'decimal': {
      if (f.operators.form === 'single') return leaf(fc.record({ exponent: fastExponent(), mantissa: fastIntegerValue('int64') }), optional);
      const pair = fc.record({ exponent: leaf(fastExponent(), false), mantissa: leaf(fastIntegerValue('int64'), false) });
      return optional ? fc.oneof(pair, fc.constant({ k: 'null' as const })) : pair;
    }
    case 'string':
      return leaf(fastStringValue(f.charset), optional);
    case 'byteVector':
      return leaf(fastStringValue('byteVector'), optional);
    case 'group': {
      const inner = fields(f.fields, byName, nested);
      return fc.record({ k: fc.constant('group' as const), fields: optional ? fc.option(inner, { nil: null, freq: 3 }) : inner });
    }
    case 'sequence': {
      const elements = fc.array(fields(f.fields, byName, nested), { maxLength: 3 });
      return fc.record({
        k: fc.constant('sequence' as const),
        elements: optional ? fc.option(elements, { nil: null, freq: 3 }) : elements,
      });
    }
    case 'templateRef': {
      if (f.template) {
        const target = refTarget(byName, f.template);
        return fc.record({ k: fc.constant('static' as const), fields: fields(target.fields, byName, nested) });
      }
      if (!nested) throw new Error(`dynamic templateRef ${f.name} below the nesting limit`);
      return fc.record({ k: fc.constant('dynamic' as const), message: nested });
    }
  }
}
