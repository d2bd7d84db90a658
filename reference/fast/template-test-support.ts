/**
 * Test support for the template modules (imported by *.test.ts only): locating the real-world
 * template corpus, and comparing template sets structurally (ignoring `loc`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { TemplateSet } from './template-model.ts';

const CORPUS_CANDIDATES = [
  process.env['FAIRWIRE_CORPORA'],
  fileURLToPath(new URL('../../corpora', import.meta.url)),
  '/work/shared/corpora',
].filter((p): p is string => p !== undefined && p !== '');

/** The corpus files: four under fast-templates/ and mFAST's example. */
export const TEMPLATE_CORPUS = [
  'fast-templates/openfast-fpl.xml',
  'fast-templates/rsfastlib-cqg.xml',
  'fast-templates/rsfastlib-spec.xml',
  'fast-templates/rsfastlib-spec2.xml',
  'mfast-complex/example.xml',
] as const;

/** Reads a corpus file from $FAIRWIRE_CORPORA, ./corpora or /work/shared/corpora (else throws). */
export function readCorpus(relative: string): string {
  for (const dir of CORPUS_CANDIDATES) {
    const p = join(dir, relative);
    if (existsSync(p)) return readFileSync(p, 'utf8');
  }
  throw new Error(`corpus file ${relative} not found under ${CORPUS_CANDIDATES.join(', ')} (set FAIRWIRE_CORPORA)`);
}

/** A deep copy without `loc` members, for structural comparison. */
export function withoutLoc(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLoc);
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') return value;
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, withoutLoc(v)]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'loc') out[k] = withoutLoc(v);
  return out;
}

/** The structure of a set, ignoring `loc`: templates in order and both maps' keys. */
export function setStructure(set: TemplateSet): unknown {
  return {
    templates: withoutLoc(set.templates),
    ids: [...set.byId].map(([id, t]) => [id, t.name]),
    names: [...set.byName].map(([k, t]) => [k, t.name]),
  };
}
