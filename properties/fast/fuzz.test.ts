import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { ALL_FAST_CAPABILITIES, DEFAULT_FAST_VARIANTS, type FastVariants } from '../../adapters/fast.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { crashSignature, makeFuzzCase, minimiseBytes, minimiseTemplates, referenceDecode, verdict, FUZZ_STRATEGIES } from './fuzz.ts';

const TAIL_TEMPLATES = fileURLToPath(new URL('../../cli/commands/testing/fast-tail-nullable.xml', import.meta.url));

describe('FAST fuzz engine', () => {
  const source = { kind: 'random', caps: ALL_FAST_CAPABILITIES } as const;

  it('makes the same case from the same (seed, index), a different one otherwise, every strategy in turn', () => {
    const a = makeFuzzCase(source, 9, 4)!;
    const b = makeFuzzCase(source, 9, 4)!;
    expect(Buffer.from(a.bytes).toString('hex')).toBe(Buffer.from(b.bytes).toString('hex'));
    expect(a.xml).toBe(b.xml);
    expect(Buffer.from(makeFuzzCase(source, 10, 4)!.bytes).equals(Buffer.from(a.bytes)) && makeFuzzCase(source, 10, 4)!.xml === a.xml).toBe(false);
    expect(FUZZ_STRATEGIES.map((_, i) => makeFuzzCase(source, 1, i)!.strategy)).toEqual([...FUZZ_STRATEGIES]);
  });

  it('judges: same result ok, a throw is a crash, a different verdict a disagreement, no answer a hang', () => {
    const c = makeFuzzCase(source, 3, 4)!; // overlong: a valid stream
    const expected = referenceDecode(c.xml, c.bytes, c.reset);
    expect(expected.error).toBeNull();
    expect(verdict(expected, { kind: 'result', result: expected }).kind).toBe('ok');
    expect(verdict(expected, { kind: 'threw', message: 'x' }).kind).toBe('crash');
    expect(verdict(expected, { kind: 'hang', afterMs: 5 }).kind).toBe('hang');
    const rejected = { ...expected, error: { code: 'D9', class: 'dynamic' as const, offset: 0, message: '' } };
    expect(verdict(expected, { kind: 'result', result: rejected }).kind).toBe('disagreement');
  });

  it('a declined case is unsupported, never a crash', () => {
    const c = makeFuzzCase(source, 3, 4)!;
    const expected = referenceDecode(c.xml, c.bytes, c.reset);
    expect(verdict(expected, { kind: 'unsupported', reason: 'unsupported: no decimals' })).toEqual({ kind: 'unsupported', message: 'the subject declined the input: unsupported: no decimals' });
  });

  it('random templates stay inside the declared capabilities', () => {
    const none = Object.fromEntries(Object.keys(ALL_FAST_CAPABILITIES).map((k) => [k, false])) as unknown as typeof ALL_FAST_CAPABILITIES;
    const narrow = { kind: 'random', caps: { ...none, int64: true, operatorDelta: true, operatorTail: true, operatorIncrement: true } } as const;
    const xmls = Array.from({ length: 60 }, (_, i) => makeFuzzCase(narrow, 12, i)!.xml).join('\n');
    for (const tag of ['<decimal', '<sequence', '<group', '<byteVector', '<templateRef', 'charset="unicode"', 'dictionary="template"', 'dictionary="type"']) {
      expect(xmls).not.toContain(tag);
    }
    // ... while the full set does use them (the check above can fail).
    const full = Array.from({ length: 60 }, (_, i) => makeFuzzCase(source, 12, i)!.xml).join('\n');
    for (const tag of ['<decimal', '<sequence', '<group']) expect(full).toContain(tag);
  });

  it('minimises bytes to what still fails', async () => {
    const bytes = Uint8Array.from([1, 2, 3, 0xaa, 4, 5, 0xbb, 6, 7, 8]);
    const min = await minimiseBytes(bytes, async (b) => b.includes(0xaa) && b.includes(0xbb));
    expect([...min]).toEqual([0xaa, 0xbb]);
  });

  it('minimises templates: whole templates, then fields (nested too), while the finding holds', async () => {
    const xml = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">
      <template name="A" id="1"><uInt32 name="a1"/><string name="a2"/></template>
      <template name="B" id="2"><uInt32 name="b1"/><sequence name="s"><uInt32 name="bad" presence="optional"><copy/></uInt32><int64 name="x"/></sequence><int32 name="b2"/></template>
      <template name="C" id="3"><int64 name="c1"/></template>
    </templates>`;
    // The "bug" needs an optional copy uInt32 inside a sequence.
    const fails = async (x: string) => /<sequence[^>]*>[\s\S]*<uInt32 name="bad" presence="optional">\s*<copy/.test(x);
    const min = await minimiseTemplates(xml, fails);
    const set = parseTemplates(min);
    expect(set.templates.map((t) => t.name)).toEqual(['B']);
    expect(set.templates[0]!.fields.map((f) => f.name)).toEqual(['s']);
    const seq = set.templates[0]!.fields[0]!;
    expect(seq.kind === 'sequence' && seq.fields.map((f) => f.name)).toEqual(['bad']);
    // Nothing removable: the given text comes back as it was, not rewritten.
    expect(await minimiseTemplates(xml, async () => false)).toBe(xml);
  });

  it('crash signatures abstract numbers and quoted text, so one defect is one signature', () => {
    const a = crashSignature('python3 v.py: vendor exited with status 70 (while seq 12 was in flight)\nmore');
    const b = crashSignature('python3 v.py: vendor exited with status 70 (while seq 345 was in flight)');
    expect(a).toBe(b);
    expect(a).toBe('crash: python3 v.py: vendor exited with status N (while seq N was in flight)');
    expect(crashSignature(`fast.loadTemplates: vendor error internal: KeyError: 'i12'`)).toBe(crashSignature(`fast.loadTemplates: vendor error internal: KeyError: 'x'`));
    expect(crashSignature('fast.decode: vendor error internal: IndexError')).not.toBe(crashSignature('fast.decode: vendor error internal: KeyError'));
  });

  it("the reference follows the subject's declared readings: a NULL tail keeps the previous value under tailNull 'unchanged'", () => {
    const xml = readFileSync(TAIL_TEMPLATES, 'utf8');
    // Symbol "X", then Symbol NULL, then Symbol's bit clear (Seq 1, 2, 3; Venue's bit always clear).
    const bytes = Uint8Array.from([0xe0, 0x81, 0x81, 0xd8, 0xe0, 0x81, 0x82, 0x80, 0xc0, 0x81, 0x83]);
    const symbols = (variants?: FastVariants) => referenceDecode(xml, bytes, 'none', variants).messages.map((m) => m.fields['Symbol']);
    expect(symbols()).toEqual(['X', null, null]);
    expect(symbols(DEFAULT_FAST_VARIANTS)).toEqual(['X', null, null]);
    expect(symbols({ ...DEFAULT_FAST_VARIANTS, tailNull: 'unchanged' })).toEqual(['X', null, 'X']);
  });

  it("cases are resolved and encoded under the subject's readings: a valid (overlong) stream decodes, under them, to its messages", () => {
    const xml = readFileSync(TAIL_TEMPLATES, 'utf8');
    const given = { kind: 'given', set: parseTemplates(xml), xml } as const;
    const unchanged: FastVariants = { ...DEFAULT_FAST_VARIANTS, tailNull: 'unchanged' };
    let readingShows = 0;
    for (let i = 4; i < 600; i += FUZZ_STRATEGIES.length) {
      const c = makeFuzzCase(given, 5, i, unchanged)!;
      expect(c.strategy).toBe('overlong');
      const valid = ({ messages, error }: { messages: unknown; error: unknown }) => ({ messages, error }); // overlong: R6 reports
      expect(valid(referenceDecode(xml, c.bytes, c.reset, unchanged)), `case ${i}`).toEqual({ messages: c.messages, error: null });
      const plain = makeFuzzCase(given, 5, i)!;
      expect(valid(referenceDecode(xml, plain.bytes, plain.reset)), `case ${i}`).toEqual({ messages: plain.messages, error: null });
      // Where the reading matters, the default decoder reads these bytes otherwise.
      if (JSON.stringify(referenceDecode(xml, c.bytes, c.reset).messages) !== JSON.stringify(c.messages)) readingShows++;
    }
    expect(readingShows).toBeGreaterThan(0);
  });

  it('a verdict carries its signature: the mismatch\'s for a disagreement', () => {
    const c = makeFuzzCase(source, 3, 4)!;
    const expected = referenceDecode(c.xml, c.bytes, c.reset);
    const rejected = { ...expected, error: { code: 'D9', class: 'dynamic' as const, offset: 0, message: '' } };
    expect(verdict(expected, { kind: 'result', result: rejected }).signature).toMatch(/^disagreement: error-differs/);
    expect(verdict(expected, { kind: 'hang', afterMs: 5 }).signature).toBe('hang');
    expect(verdict(expected, { kind: 'result', result: expected }).signature).toBeUndefined();
  });
});
