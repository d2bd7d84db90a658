import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ALL_FAST_CAPABILITIES, type FastCapabilities } from '../../adapters/fast.ts';
import { makeTemplateSet } from '../../reference/fast/template-set.ts';
import { writeTemplatesXml } from '../../reference/fast/template-writer.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import type { Field, Template } from '../../reference/fast/template-model.ts';
import { fastTemplateSet } from './fast-template-set.ts';

/** The model without source locations (the writer cannot reproduce them). */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'loc').map(([k, v]) => [k, strip(v)]));
}

function* walk(fields: readonly Field[]): Generator<Field> {
  for (const f of fields) {
    yield f;
    if (f.kind === 'group' || f.kind === 'sequence') yield* walk(f.fields);
  }
}

describe('fastTemplateSet', () => {
  it('builds checked sets that survive the XML writer and parser unchanged', () => {
    fc.assert(
      fc.property(fastTemplateSet(ALL_FAST_CAPABILITIES), (templates) => {
        const set = makeTemplateSet(templates);
        const back = parseTemplates(writeTemplatesXml(set));
        expect(strip(back.templates)).toEqual(strip(templates));
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('stays inside narrow capabilities', () => {
    const narrow: FastCapabilities = { ...ALL_FAST_CAPABILITIES, int64: false, decimal: false, groups: false, sequences: false, templateRef: false, operatorTail: false, unicode: false, byteVector: false, dictionaryScopes: false };
    fc.assert(
      fc.property(fastTemplateSet(narrow), (templates) => {
        for (const t of templates) {
          for (const f of walk(t.fields)) {
            expect(['integer', 'string']).toContain(f.kind);
            if (f.kind === 'integer') expect(['int32', 'uInt32']).toContain(f.type);
            if (f.kind === 'string') {
              expect(f.charset).toBe('ascii');
              expect(f.op.kind).not.toBe('tail');
              if (f.op.dictionary) expect(f.op.dictionary.scope).toBe('global');
            }
          }
        }
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('gives every field an id unless the decoder declares fieldsWithoutId, and emits <typeRef> only when it declares typeRef', () => {
    const keyedById: FastCapabilities = { ...ALL_FAST_CAPABILITIES, fieldsWithoutId: false, typeRef: false };
    fc.assert(
      fc.property(fastTemplateSet(keyedById), (templates) => {
        const xml = writeTemplatesXml(makeTemplateSet(templates));
        expect(xml).not.toContain('<typeRef');
        for (const t of templates) {
          expect(t.typeRef).toBeUndefined();
          for (const f of walk(t.fields)) {
            if (f.kind === 'templateRef') continue;
            expect(f.id).toBeDefined();
            if (f.kind === 'group' || f.kind === 'sequence') expect(f.typeRef).toBeUndefined();
            if (f.kind === 'sequence' && !f.length.implicit) expect(f.length.id).toBeDefined();
          }
        }
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it('generates id-less fields and typeRefs when declared (the cases exist, not only the permission)', () => {
    let idLess = 0;
    let withId = 0;
    let typeRefs = 0;
    fc.assert(
      fc.property(fastTemplateSet(ALL_FAST_CAPABILITIES), (templates) => {
        for (const t of templates) {
          if (t.typeRef !== undefined) typeRefs++;
          for (const f of walk(t.fields)) {
            if (f.kind === 'templateRef') continue;
            if (f.id === undefined) idLess++;
            else withId++;
            if ((f.kind === 'group' || f.kind === 'sequence') && f.typeRef !== undefined) typeRefs++;
          }
        }
      }),
      { numRuns: 100, seed: 12 },
    );
    expect(idLess).toBeGreaterThan(0);
    expect(withId).toBeGreaterThan(0);
    expect(typeRefs).toBeGreaterThan(0);
  });
});
