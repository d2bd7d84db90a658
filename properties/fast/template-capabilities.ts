import type { FastCapabilities } from '../../adapters/fast.ts';
import type { Field, Operator } from '../../reference/fast/template-model.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';

/**
 * The capabilities (adapters/fast.ts) a template set uses, from the reference's parse of it: what
 * a decoder must declare before it is asked to decode under these templates.
 */
export function capabilitiesUsed(xml: string): Set<keyof FastCapabilities> {
  const used = new Set<keyof FastCapabilities>();
  const op = (o: Operator) => {
    if (o.kind === 'delta') used.add('operatorDelta');
    if (o.kind === 'tail') used.add('operatorTail');
    if (o.kind === 'increment') used.add('operatorIncrement');
    if (o.dictionary && o.dictionary.scope !== 'global') used.add('dictionaryScopes');
  };
  const walk = (fields: readonly Field[]): void => {
    for (const f of fields) {
      if (f.kind !== 'templateRef' && f.id === undefined) used.add('fieldsWithoutId');
      if ((f.kind === 'group' || f.kind === 'sequence') && f.typeRef !== undefined) used.add('typeRef');
      switch (f.kind) {
        case 'integer':
          if (f.type === 'int64' || f.type === 'uInt64') used.add('int64');
          op(f.op);
          break;
        case 'decimal':
          used.add('decimal');
          if (f.operators.form === 'single') op(f.operators.op);
          else {
            used.add('individualDecimalOperators');
            op(f.operators.exponent);
            op(f.operators.mantissa);
          }
          break;
        case 'string':
          if (f.charset === 'unicode') used.add('unicode');
          op(f.op);
          break;
        case 'byteVector':
          used.add('byteVector');
          op(f.op);
          break;
        case 'group':
          used.add('groups');
          walk(f.fields);
          break;
        case 'sequence':
          used.add('sequences');
          // An implicit length is not in the XML, so it has no id to lack.
          walk(f.length.implicit ? f.fields : [f.length, ...f.fields]);
          break;
        case 'templateRef':
          used.add('templateRef');
          break;
      }
    }
  };
  for (const t of parseTemplates(xml).templates) {
    if (t.typeRef !== undefined) used.add('typeRef');
    walk(t.fields);
  }
  return used;
}
