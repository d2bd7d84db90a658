import { describe, expect, it } from 'vitest';
import { FastEncoder } from './encoder.ts';
import { FastDecoder, type DecodeTracer } from './decoder.ts';
import { fieldsAndError, hx, templates } from './testing/decoder-support.ts';
import { DEFAULT_FAST_VARIANTS, FastVariantsError, parseFastVariants, isDefaultVariants, withReferringTemplateDictionaries } from './variants.ts';

const TAIL = '<string name="s" presence="optional"><tail/></string>';
const TAIL_INIT = '<string name="s" presence="optional"><tail value="ab"/></string>';
// s = "X" (bit set), s = NULL (bit set), s absent (bit clear)
const TAIL_STREAM = 'E0 81 D8 | E0 81 80 | C0 81';

const STATIC = '<template name="Inner" id="1"><uInt32 name="a"><copy dictionary="template"/></uInt32></template><template name="Outer" id="2"><templateRef name="Inner"/></template>';
// Inner with a = 5, then Outer with a's bit clear
const STATIC_STREAM = 'E0 81 85 | C0 82';

describe('FAST variants: the reference follows the declared reading', () => {
  it("tailNull: 'empty' (default) empties the entry, 'unchanged' keeps the previous value", () => {
    expect(fieldsAndError(TAIL, TAIL_STREAM)).toEqual({ fields: [{ s: 'X' }, { s: null }, { s: null }], error: null });
    expect(fieldsAndError(TAIL, TAIL_STREAM, { variants: { tailNull: 'unchanged' } })).toEqual({ fields: [{ s: 'X' }, { s: null }, { s: 'X' }], error: null });
    // Undefined entry with an initial value: NULL, then absent -> the initial value under 'unchanged'.
    expect(fieldsAndError(TAIL_INIT, 'E0 81 80 | C0 81', { variants: { tailNull: 'unchanged' } })).toEqual({ fields: [{ s: null }, { s: 'ab' }], error: null });
    expect(fieldsAndError(TAIL_INIT, 'E0 81 80 | C0 81')).toEqual({ fields: [{ s: null }, { s: null }], error: null });
  });

  it("staticTemplateRefDictionary: 'referred' (default) shares the referred template's entries, 'referring' gives the referring template its own", () => {
    expect(fieldsAndError(STATIC, STATIC_STREAM)).toEqual({ fields: [{ a: '5' }, { a: '5' }], error: null });
    expect(fieldsAndError(STATIC, STATIC_STREAM, { variants: { staticTemplateRefDictionary: 'referring' } })).toEqual({ fields: [{ a: '5' }], error: 'D5' });
  });

  it('the referring view leaves ids, names, presence and other scopes alone', () => {
    const set = templates(`${STATIC}<template name="G" id="3"><templateRef name="Inner"/><uInt32 name="b"><copy/></uInt32></template>`);
    const view = withReferringTemplateDictionaries(set);
    expect([...view.byId.keys()].sort()).toEqual([1, 2, 3]);
    const outer = view.byId.get(2)!;
    const ref = outer.fields[0]!;
    expect(ref.kind).toBe('templateRef');
    const copy = ref.kind === 'templateRef' && ref.template ? view.byName.get(ref.template.name) : undefined;
    const a = copy?.fields[0];
    expect(a?.kind === 'integer' ? a.op.dictionary : undefined).toMatchObject({ scope: 'template', qualifier: 'Outer', key: 'a' });
    // Inner as a message keeps its own entries; G's global field is untouched.
    const inner = view.byId.get(1)!.fields[0]!;
    expect(inner.kind === 'integer' ? inner.op.dictionary?.qualifier : undefined).toBe('Inner');
    const b = view.byId.get(3)!.fields[1]!;
    expect(b.kind === 'integer' ? b.op.dictionary : undefined).toMatchObject({ scope: 'global', qualifier: '' });
  });

  it('the encoder predicts what a decoder of the same reading does', () => {
    const cases = [
      { xml: TAIL, messages: [{ s: 'X' }, { s: null }, { s: 'X' }, { s: null }, { s: null }].map((fields) => ({ templateId: 1, fields })) },
      { xml: TAIL_INIT, messages: [{ s: null }, { s: 'ab' }, { s: 'abX' }, { s: null }, { s: null }, { s: 'abX' }].map((fields) => ({ templateId: 1, fields })) },
      {
        xml: STATIC,
        messages: [
          { templateId: 1, fields: { a: '5' } },
          { templateId: 2, fields: { a: '5' } },
          { templateId: 2, fields: { a: '5' } },
          { templateId: 1, fields: { a: '5' } },
        ],
      },
    ];
    for (const c of cases) {
      for (const variants of [DEFAULT_FAST_VARIANTS, { tailNull: 'unchanged', staticTemplateRefDictionary: 'referring' } as const]) {
        const set = templates(c.xml);
        const bytes = new FastEncoder(set, { variants }).encodeStream(c.messages);
        const r = new FastDecoder(set, { variants }).decodeStream(bytes);
        expect(r.error).toBeNull();
        expect(r.messages).toEqual(c.messages);
      }
    }
  });

  it('declarations: a variant left out is the default reading', () => {
    expect(parseFastVariants(undefined)).toEqual(DEFAULT_FAST_VARIANTS);
    expect(parseFastVariants({ tailNull: 'unchanged' })).toEqual({ tailNull: 'unchanged', staticTemplateRefDictionary: 'referred' });
    expect(isDefaultVariants(parseFastVariants({}))).toBe(true);
    expect(isDefaultVariants({ ...DEFAULT_FAST_VARIANTS, tailNull: 'unchanged' })).toBe(false);
  });

  it('declarations: an unknown reading or variant is a typed error naming it and what is allowed, never the default', () => {
    const thrown = (declared: unknown): FastVariantsError => {
      try {
        parseFastVariants(declared, 'vendor ready');
      } catch (err) {
        expect(err).toBeInstanceOf(FastVariantsError);
        return err as FastVariantsError;
      }
      throw new Error(`${JSON.stringify(declared)} was accepted`);
    };
    const typo = thrown({ tailNull: 'emptyy' });
    expect(typo.variant).toBe('tailNull');
    expect(typo.allowed).toEqual(['empty', 'unchanged']);
    expect(typo.message).toBe(`vendor ready: FAST variant tailNull has no reading "emptyy": it is 'empty' or 'unchanged' (default 'empty'; spec/fast/variants.md)`);
    expect(thrown({ staticTemplateRefDictionary: 'sideways' }).message).toContain(`'referred' or 'referring'`);
    const unknown = thrown({ tailNull: 'unchanged', tailnull: 'unchanged' });
    expect(unknown.variant).toBe('tailnull');
    expect(unknown.message).toContain(`unknown FAST variant 'tailnull' (known: tailNull, staticTemplateRefDictionary`);
    expect(thrown({ tailNull: true }).message).toContain('has no reading true');
    expect(thrown('unchanged').message).toContain('must be an object');
    expect(thrown(['unchanged']).message).toContain('must be an object');
  });
});

describe('FAST decoder tracing', () => {
  it('records every field: path, bytes and presence-map bits; a failure names the field it hit', () => {
    const set = templates('<uInt32 name="a"><copy/></uInt32><sequence name="q"><length name="n"/><string name="s"><copy/></string></sequence><uInt32 name="z"/>');
    const seen: string[] = [];
    const tracer: DecodeTracer = {
      message: (offset) => void seen.push(`message@${offset}`),
      field: (path, start, end, pmapOffset, _len, firstBit, bits) => void seen.push(`${JSON.stringify(path)} ${start}-${end} pmap@${pmapOffset}:${firstBit}+${bits}`),
      error: (path, e) => void seen.push(`error ${e.code} in ${JSON.stringify(path)}`),
    };
    // pmap E0 (tid, a), tid 1, a 5, length 2, item 0: pmap C0 "X"; item 1: pmap 80 (copied), z = 7; then a truncated message
    const r = new FastDecoder(set, { trace: tracer }).decodeStream(hx('E0 81 85 82 C0 D8 80 87 | C0'));
    expect(r.messages).toHaveLength(1);
    expect(seen).toEqual([
      'message@0',
      '["a"] 2-3 pmap@0:1+1',
      '["q",0,"s"] 5-6 pmap@4:0+1',
      '["q",1,"s"] 7-7 pmap@6:0+1',
      '["q"] 3-7 pmap@0:2+0',
      '["z"] 7-8 pmap@0:2+0',
      'message@8',
      'error D1 in []',
    ]);
  });

  it('decodes the same with and without a tracer', () => {
    const xml = '<uInt32 name="a"><copy/></uInt32><string name="s" presence="optional"><tail/></string>';
    const stream = hx('E0 81 85 | F0 81 86 C1 | C0 81');
    const plain = new FastDecoder(templates(xml)).decodeStream(stream);
    const traced = new FastDecoder(templates(xml), { trace: { message: () => {}, field: () => {}, error: () => {} } }).decodeStream(stream);
    expect(traced).toEqual(plain);
  });
});
