import { describe, it, expect } from 'vitest';
import type { DecimalField, Field, IntegerField, SequenceField, StringField, Template, TemplateSet } from './template-model.ts';
import { parseTemplates } from './template-parser.ts';
import { writeTemplatesXml } from './template-writer.ts';
import { TEMPLATE_CORPUS, readCorpus, setStructure } from './testing/template-support.ts';
import { corpusSkipReason, titled } from './testing/corpora.ts';

const skip = corpusSkipReason(...TEMPLATE_CORPUS);

function parse(file: string): TemplateSet {
  return parseTemplates(readCorpus(file), { file });
}

function byName(t: Template | undefined, name: string): Field {
  const f = t?.fields.find((x) => x.name === name);
  if (f === undefined) throw new Error(`no field ${name}`);
  return f;
}

describe.skipIf(skip !== undefined)(titled('template corpus: real files parse with the expected content', skip), () => {
  it('openfast-fpl.xml: MDIncRefresh 35 with typeRef, a sequence with explicit length, individual decimal', () => {
    const set = parse('fast-templates/openfast-fpl.xml');
    expect(set.templates).toHaveLength(1);
    const t = set.byId.get(35)!;
    expect([t.name, t.typeRef]).toEqual(['MDIncRefresh', 'MDIncRefresh']);
    expect((byName(t, 'MsgSeqNum') as IntegerField).op.kind).toBe('increment');
    const seq = byName(t, 'MDEntries') as SequenceField;
    expect(seq.length).toMatchObject({ name: 'NoMDEntries', id: '268', implicit: false });
    const level = seq.fields.find((f) => f.name === 'MDPriceLevel') as IntegerField;
    expect(level.op).toMatchObject({ kind: 'increment', initial: { kind: 'integer', value: 1n } });
    const px = seq.fields.find((f) => f.name === 'MDEntryPx') as DecimalField;
    expect(px.operators).toMatchObject({ form: 'individual', exponent: { kind: 'default', initial: { value: -3n } }, mantissa: { kind: 'delta' } });
    // 'type' is not used here, but the global entries are keyed by field name
    expect((seq.fields.find((f) => f.name === 'MDEntryType') as StringField).op.dictionary?.id).toBe('global\u0000\u0000MDEntryType');
  });

  it('rsfastlib-cqg.xml: per-template dictionaries and static templateRef to an id-less template', () => {
    const set = parse('fast-templates/rsfastlib-cqg.xml');
    expect(set.templates).toHaveLength(6);
    expect([...set.byId.keys()]).toEqual([2, 4, 5, 6, 7]);
    expect(set.byName.get('MsgHeader')?.id).toBeUndefined();
    const def = set.byId.get(2)!;
    expect(def.fields[1]).toMatchObject({ kind: 'templateRef', template: { name: 'MsgHeader' } });
    expect((byName(def, 'TotNumReports') as IntegerField).op.dictionary).toMatchObject({ scope: '2', qualifier: '', key: 'TotNumReports' });
    const events = byName(def, 'Events') as SequenceField;
    expect([events.presence, events.length.presence, events.length.name]).toEqual(['optional', 'optional', 'NoEvents']);
    expect((byName(def, 'StrikePrice') as DecimalField).operators.form).toBe('individual');
    expect((byName(def, 'MinPriceIncrement') as DecimalField).operators).toMatchObject({ form: 'single', op: { kind: 'copy' } });
    expect((byName(set.byId.get(5)!, 'EncryptMethod') as IntegerField).op).toEqual({ kind: 'constant', initial: { kind: 'integer', value: 0n } });
  });

  it('rsfastlib-spec.xml: the Appendix 3 templates', () => {
    const set = parse('fast-templates/rsfastlib-spec.xml');
    expect(set.templates).toHaveLength(16);
    const withInit = set.byId.get(14)!.fields[0] as DecimalField;
    expect(withInit.operators).toMatchObject({ form: 'single', op: { kind: 'delta', initial: { kind: 'decimal', exponent: 3, mantissa: 12n } } });
    expect((set.byId.get(6)!.fields[0] as IntegerField)).toMatchObject({ presence: 'optional', op: { kind: 'constant', initial: { value: 7n } } });
    expect((set.byId.get(15)!.fields[0] as StringField).op.kind).toBe('delta');
  });

  it('rsfastlib-spec2.xml: operator / dictionary-state examples', () => {
    const set = parse('fast-templates/rsfastlib-spec2.xml');
    expect(set.templates).toHaveLength(12);
    expect((set.byId.get(12)!.fields[0] as StringField).op).toMatchObject({ kind: 'tail', initial: { kind: 'string', value: 'ABC' } });
    expect((set.byId.get(8)!.fields[0] as IntegerField).op.initial).toBeUndefined();
  });

  it('mfast example.xml: 3 templates, user dictionaries "1" and "2", reset="Y" ignored', () => {
    const set = parse('mfast-complex/example.xml');
    expect([...set.byId.keys()]).toEqual([99, 1, 2]);
    const md = set.byId.get(1)!;
    const entries = byName(md, 'MDEntries') as SequenceField;
    expect(entries.fields).toHaveLength(19);
    expect((entries.fields.find((f) => f.name === 'MDUpdateAction') as IntegerField).op).toMatchObject({
      kind: 'copy',
      initial: { kind: 'integer', value: 1n },
      dictionary: { scope: '1', qualifier: '', key: 'MDUpdateAction' },
    });
    expect((entries.fields.find((f) => f.name === 'RptSeq') as IntegerField).op.kind).toBe('increment');
    const qr = set.byId.get(2)!;
    const related = byName(qr, 'RelatedSym') as SequenceField;
    expect((related.fields.find((f) => f.name === 'QuoteType') as IntegerField).op.dictionary?.scope).toBe('2');
  });
});

describe.skipIf(skip !== undefined)(titled('template corpus: parse ∘ write is the identity (ignoring loc)', skip), () => {
  for (const file of TEMPLATE_CORPUS) {
    it(file, () => {
      const set = parse(file);
      const xml = writeTemplatesXml(set);
      expect(setStructure(parseTemplates(xml))).toEqual(setStructure(set));
      // and printing is stable
      expect(writeTemplatesXml(parseTemplates(xml))).toBe(xml);
    });
  }
});
