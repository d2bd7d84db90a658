import { describe, it, expect } from 'vitest';
import { ALL_FAST_CAPABILITIES } from '../../adapters/fast.ts';
import { makeFuzzCase, minimiseBytes, referenceDecode, verdict, FUZZ_STRATEGIES } from './fuzz.ts';

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
});
