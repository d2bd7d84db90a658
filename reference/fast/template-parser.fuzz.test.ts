import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FastError } from './errors.ts';
import type { TemplateSet } from './template-model.ts';
import { parseTemplates } from './template-parser.ts';
import { writeTemplatesXml } from './template-writer.ts';
import { TEMPLATE_CORPUS, readCorpus, setStructure } from './testing/template-support.ts';
import { corpusSkipReason, titled } from './testing/corpora.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

/**
 * Whatever the input, parseTemplates returns a TemplateSet or throws a FastError — never
 * another exception, never a hang — and whatever it accepts, the writer prints back to the
 * same set.
 */
const STATIC_CODES: ReadonlySet<string> = new Set(['S1', 'S2', 'S3', 'S4', 'S5', 'D8']);

function outcome(xml: string): TemplateSet | FastError {
  try {
    return parseTemplates(xml, { maxDepth: 8 });
  } catch (e) {
    if (e instanceof FastError) {
      // a plain check: expect() per run costs more than the parse
      if (!STATIC_CODES.has(e.code)) throw new Error(`unexpected code ${e.code}: ${e.message}`);
      return e;
    }
    throw e;
  }
}

function checkOutcome(xml: string): void {
  const r = outcome(xml);
  if (r instanceof FastError) return;
  expect(setStructure(parseTemplates(writeTemplatesXml(r), { maxDepth: 8 }))).toEqual(setStructure(r));
}

const corpusSkip = corpusSkipReason(...TEMPLATE_CORPUS);
const corpus = corpusSkip === undefined ? TEMPLATE_CORPUS.map((f) => readCorpus(f)) : [];

const SNIPPETS = [
  '<', '>', '/>', '"', "'", '&', '&amp;', '&#0;', '<!--', '-->', '<![CDATA[x]]>', '<?pi?>', '<!DOCTYPE t>', '\u0000', '\uFFFF', '😀',
  '<group name="g">', '</group>', '<sequence name="s">', '</sequence>', '<length name="n"/>', '<typeRef name="t"/>',
  '<templateRef/>', '<templateRef name="MsgHeader"/>', '<templateRef name="T"/>', '<uInt32 name="u"/>', '<decimal name="d"><exponent><copy/></exponent></decimal>',
  '<increment/>', '<tail/>', '<constant/>', '<default/>', '<copy value="x"/>', '<delta value="1e99"/>',
  ' presence="optional"', ' presence="x"', ' dictionary="template"', ' dictionary="type"', ' dictionary=""', ' key="k"', ' charset="unicode"',
  ' value="-1"', ' value="18446744073709551616"', ' value="1.5"', ' id="1"', ' id="-3"', ' name=""', ' templateNs="urn:x"', ' ns=""',
  '<template name="T" id="1">', '</template>', '<templates>', '</templates>', ' xmlns="urn:other"', ' xmlns:x="urn:x"', '<x:y>', '</x:y>',
];

/** One random edit of a document: delete, duplicate, or insert a snippet / random text. */
const editArb = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  len: fc.nat(40),
  kind: fc.constantFrom('delete', 'duplicate', 'snippet', 'snippet', 'text'),
  snippet: fc.constantFrom(...SNIPPETS),
  text: fc.string({ maxLength: 8 }),
});

type Edit = { at: number; len: number; kind: string; snippet: string; text: string };

function applyEdits(doc: string, edits: readonly Edit[]): string {
  let s = doc;
  for (const e of edits) {
    const i = Math.floor(e.at * s.length);
    if (e.kind === 'delete') s = s.slice(0, i) + s.slice(i + e.len);
    else if (e.kind === 'duplicate') s = s.slice(0, i) + s.slice(i, i + e.len) + s.slice(i);
    else s = s.slice(0, i) + (e.kind === 'snippet' ? e.snippet : e.text) + s.slice(i);
  }
  return s;
}

describe('parseTemplates never crashes', () => {
  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void outcome(s)), { seed: SEED, numRuns: 200 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => void outcome(s)), { seed: SEED, numRuns: 100 });
  });

  it.skipIf(corpusSkip !== undefined)(titled('on mutated real template files (accepted ones round-trip through the writer)', corpusSkip), () => {
    fc.assert(
      fc.property(fc.nat(corpus.length - 1), fc.array(editArb, { minLength: 1, maxLength: 4 }), (which, edits) => {
        checkOutcome(applyEdits(corpus[which]!, edits));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('on soups of FAST vocabulary inside a template', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SNIPPETS), { maxLength: 30 }), (parts) => {
        checkOutcome(`<templates><template name="T" id="1">${parts.join('')}</template></templates>`);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('on pathological sizes, without unbounded work', () => {
    expect(outcome(`<templates>${'<template name="T">'.repeat(50000)}`)).toBeInstanceOf(FastError);
    expect(outcome(`<templates><template name="T" id="1"><uInt64 name="a"><copy value="${'7'.repeat(1_000_000)}"/></uInt64></template></templates>`)).toBeInstanceOf(FastError);
    expect(outcome(`<templates><template name="T" id="1"><decimal name="a"><copy value="1e${'9'.repeat(100000)}"/></decimal></template></templates>`)).toBeInstanceOf(FastError);
    // long runs of zeros (a regex with 0*\d* backtracks quadratically on these)
    expect(outcome(`<templates><template name="T" id="1"><uInt32 name="a"><copy value="${'0'.repeat(200000)}x"/></uInt32></template></templates>`)).toBeInstanceOf(FastError);
    expect(outcome(`<templates><template name="T" id="1"><decimal name="a"><copy value="1${'0'.repeat(200000)}1"/></decimal></template></templates>`)).toBeInstanceOf(FastError);
    expect(outcome(`<templates><template name="T" id="1"><decimal name="a"><copy value="1${'0'.repeat(200000)}e-200000"/></decimal></template></templates>`)).not.toBeInstanceOf(FastError);
    // a long chain of static references, each template referencing the previous one
    const chain = Array.from({ length: 5000 }, (_, i) => `<template name="T${i}">${i > 0 ? `<templateRef name="T${i - 1}"/>` : ''}</template>`).join('');
    const r = outcome(`<templates>${chain}</templates>`);
    expect(r).toBeInstanceOf(FastError);
    expect((r as FastError).message).toContain('deeper than 8');
  });
});
