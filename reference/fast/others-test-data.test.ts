/**
 * Agreement with FAST test data written by others: mcsakoff/rs-fastlib's vectors for the FAST
 * 1.1 Appendix 3 examples and its operator / dictionary-state examples (testing/testdata/, provenance in
 * testing/testdata/README.md), decoded with the corpus templates those vectors were written for.
 */
import { describe, it, expect } from 'vitest';
import { FastDecoder } from './decoder.ts';
import { FastEncoder } from './encoder.ts';
import {
  KNOWN_DISAGREEMENTS,
  canonicalMessages,
  loadOthersVectors,
  othersTemplates,
  vectorBytes,
  type OthersVector,
} from './testing/others-test-data.ts';
import { corpusSkipReason, titled } from './testing/corpora.ts';

const { sources, vectors } = loadOthersVectors();
// The vectors' template files live in the shared corpora (../shared/corpora/fast-templates).
const skip = corpusSkipReason(...new Set(vectors.map((v) => `fast-templates/${v.templates}`)));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const byId = (id: string): OthersVector => {
  const v = vectors.find((x) => x.id === id);
  if (!v) throw new Error(`no vector ${id}`);
  return v;
};
/** What our decoder must produce: the authors' values, unless a known disagreement says otherwise. */
const ours = (v: OthersVector) => canonicalMessages(v, othersTemplates(v.templates), KNOWN_DISAGREEMENTS[v.id]?.ours);

describe.skipIf(skip !== undefined)(titled('the transcribed data', skip), () => {
  it('holds every vector found (34 sequences, 94 messages) from the three recorded sources', () => {
    expect(vectors).toHaveLength(34);
    expect(vectors.reduce((n, v) => n + v.messages.length, 0)).toBe(94);
    expect(Object.keys(sources).sort()).toEqual(['spec', 'spec-old', 'spec2']);
    for (const s of Object.values(sources)) expect(s).toMatch(/^mcsakoff\/rs-fastlib \S+ @ [0-9a-f]{40}( |$)/);
  });
  it('names only templates that exist in the corpus file, and only known disagreements', () => {
    for (const v of vectors) expect(() => canonicalMessages(v, othersTemplates(v.templates))).not.toThrow();
    for (const id of Object.keys(KNOWN_DISAGREEMENTS)) expect(() => byId(id)).not.toThrow();
  });
});

describe.skipIf(skip !== undefined)(titled('FastDecoder agrees with the others’ expected values', skip), () => {
  it.each(vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const set = othersTemplates(v.templates);
    // As one stream (dictionaries persist across messages)...
    const r = new FastDecoder(set).decodeStream(vectorBytes(v));
    expect(r.error).toBeNull();
    expect(r.reports).toEqual([]);
    expect(r.messages).toEqual(ours(v));
    // ...and message by message, each in its own buffer, as the authors decode them.
    const d = new FastDecoder(set);
    v.messages.forEach((m, i) => {
      const bytes = Uint8Array.from(Buffer.from(m.hex.replace(/\s+/g, ''), 'hex'));
      const got = d.decodeMessage(bytes, 0);
      expect(got.end).toBe(bytes.length);
      expect(got.message).toEqual(ours(v)[i]);
    });
  });

  it.each(Object.entries(KNOWN_DISAGREEMENTS))('known disagreement %s is still one (update the table when it is resolved)', (id, k) => {
    const v = byId(id);
    const theirs = canonicalMessages(v, othersTemplates(v.templates));
    expect(new FastDecoder(othersTemplates(v.templates)).decodeStream(vectorBytes(v)).messages).not.toEqual(theirs);
    expect(k.why.length).toBeGreaterThan(0);
    if (k.spec) expect(k.spec).not.toEqual(k.ours);
  });
});

describe.skipIf(skip !== undefined)(titled('FastEncoder reproduces the others’ bytes where they are shortest form', skip), () => {
  // rs-fastlib's decode+encode tests ("spec", "spec2") assert that its encoder emits these bytes.
  const shortest = vectors.filter((v) => v.source !== 'spec-old');
  it.each(shortest.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    expect(hex(new FastEncoder(othersTemplates(v.templates)).encodeStream(ours(v)))).toBe(hex(vectorBytes(v)));
  });

  // The older decode-only tests re-send the template id in every message: valid, not shortest.
  const resent = vectors.filter((v) => v.source === 'spec-old');
  it.each(resent.map((v) => [v.id, v] as const))('%s: re-sent template ids; ours copies them, and decodes back the same', (_id, v) => {
    const set = othersTemplates(v.templates);
    const bytes = new FastEncoder(set).encodeStream(ours(v));
    const original = vectorBytes(v);
    expect(bytes.length).toBeLessThan(original.length);
    expect(new FastDecoder(set).decodeStream(bytes).messages).toEqual(ours(v));
    // Each later message drops its template id byte (ids < 64: one byte); optional-string's first
    // message also sends its NULL (e0 8a 80) where a cleared bit gives the same (c0 8a).
    const extra = v.id === 'spec-old/3.2.3/optional-string' ? 1 : 0;
    expect(original.length - bytes.length).toBe(v.messages.length - 1 + extra);
  });
});
