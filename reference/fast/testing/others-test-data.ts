/**
 * Test support (imported by *.test.ts only): FAST test vectors written by others
 * (testdata/rsfastlib-vectors.json, provenance in testdata/README.md, both in this folder), mapped to our canonical
 * JSON, plus the cases where our decoder knowingly disagrees with them, each with its reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CanonicalMessage, CanonicalValue } from '../canonical.ts';
import type { TemplateSet } from '../template-model.ts';
import { parseTemplates } from '../template-parser.ts';
import { requireCorpus } from './corpora.ts';

/** One message of a vector: its bytes, the template the authors expect, and `Value`'s value. */
export interface OthersMessage {
  readonly hex: string;
  readonly template: string;
  readonly value: CanonicalValue;
}

/** A sequence of messages decoded by ONE decoder (dictionaries persist, no reset). */
export interface OthersVector {
  readonly id: string;
  /** Key into `sources` (repository, path, commit). */
  readonly source: string;
  /** The authors' test function / case name. */
  readonly test: string;
  /** FAST 1.1 section the authors attribute the example to (Appendix 3.x or a § of the rules). */
  readonly section: string;
  /** Template file under corpora/fast-templates/. */
  readonly templates: string;
  readonly messages: readonly OthersMessage[];
}

export interface OthersData {
  readonly sources: Readonly<Record<string, string>>;
  readonly vectors: readonly OthersVector[];
}

/** Where our decoder disagrees with the authors' expected values, on purpose (README.md). */
export interface KnownDisagreement {
  /** Our (reference decoder's) value of `Value` for each message of the vector. */
  readonly ours: readonly CanonicalValue[];
  /** What the specification's text gives, where that differs from both `ours` and the authors'. */
  readonly spec?: readonly CanonicalValue[];
  readonly why: string;
}

export const KNOWN_DISAGREEMENTS: Readonly<Record<string, KnownDisagreement>> = {
  'spec2/tail-optional-initial-value': {
    ours: [null, null, 'AYY'],
    why:
      'message 2: NULL under tail made the entry empty, and a cleared bit with an empty entry is absent for an ' +
      'optional field (§6.3.8, as mFAST and OpenFAST decode it); rs-fastlib falls back to the initial value "ABC". ' +
      'message 3: with the entry empty the tail base is the initial value "ABC" (§6.3.8), so "YY" gives "AYY", ' +
      'as OpenFAST, rs-fastlib, reference/fpga and (since this table was written) our decoder and encoder agree.',
  },
};

const HERE = fileURLToPath(new URL('..', import.meta.url));

/** Absolute path of a template file under corpora/fast-templates/ (../shared/corpora; throws when absent). */
export function othersTemplatePath(file: string): string {
  return requireCorpus(`fast-templates/${file}`);
}

export function othersTemplates(file: string): TemplateSet {
  return parseTemplates(readFileSync(othersTemplatePath(file), 'utf8'), { file });
}

/** The vectors, checked for shape so a typo in the JSON fails loudly rather than silently. */
export function loadOthersVectors(): OthersData {
  const raw = JSON.parse(readFileSync(join(HERE, 'testing/testdata/rsfastlib-vectors.json'), 'utf8')) as {
    sources: Record<string, string>;
    cases: { id: string; source: string; test: string; section: string; templates: string; messages: [string, string, CanonicalValue][] }[];
  };
  const vectors = raw.cases.map((c) => {
    if (!(c.source in raw.sources)) throw new Error(`${c.id}: unknown source ${c.source}`);
    if (c.messages.length === 0) throw new Error(`${c.id}: no messages`);
    return { ...c, messages: c.messages.map(([hex, template, value]) => ({ hex, template, value })) };
  });
  const ids = new Set(vectors.map((v) => v.id));
  if (ids.size !== vectors.length) throw new Error('duplicate vector id');
  return { sources: raw.sources, vectors };
}

/** All the vector's messages back to back. */
export function vectorBytes(v: OthersVector): Uint8Array {
  return Uint8Array.from(Buffer.from(v.messages.map((m) => m.hex).join('').replace(/\s+/g, ''), 'hex'));
}

/** Byte length of each message of the vector. */
export function messageLengths(v: OthersVector): number[] {
  return v.messages.map((m) => m.hex.split(/\s+/).filter(Boolean).length);
}

/**
 * The canonical messages a vector stands for: every template in these files has the one field
 * `Value`. `values` overrides the authors' values (for a known disagreement).
 */
export function canonicalMessages(v: OthersVector, set: TemplateSet, values?: readonly CanonicalValue[]): CanonicalMessage[] {
  return v.messages.map((m, i) => {
    const t = set.templates.find((x) => x.name === m.template);
    if (t?.id === undefined) throw new Error(`${v.id}: no template named ${m.template} with an id`);
    const value = values ? values[i] : m.value;
    if (value === undefined) throw new Error(`${v.id}: no value for message ${i + 1}`);
    return { templateId: t.id, fields: { Value: value } };
  });
}
