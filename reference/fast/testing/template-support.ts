/**
 * Test support for the template modules (imported by tests and benches only): locating the real-world
 * template corpus, and comparing template sets structurally (ignoring `loc`).
 */
import type { TemplateSet } from '../template-model.ts';
import { readCorpusText } from './corpora.ts';

/** The corpus files: four under fast-templates/ and mFAST's example. */
export const TEMPLATE_CORPUS = [
  'fast-templates/openfast-fpl.xml',
  'fast-templates/rsfastlib-cqg.xml',
  'fast-templates/rsfastlib-spec.xml',
  'fast-templates/rsfastlib-spec2.xml',
  'mfast-complex/example.xml',
] as const;

/** Reads a corpus file from ../shared/corpora (testing/corpora.ts; throws when absent). */
export function readCorpus(relative: string): string {
  return readCorpusText(relative);
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
