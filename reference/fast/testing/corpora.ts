/**
 * Where tests find the shared corpora: `../shared/corpora` beside the repository clone (on a
 * workstation the shared folder next to the checkout; in CI the `shared/` checkout next to the
 * clone). Nowhere else: no machine-specific absolute path, no environment fallback, so every
 * machine runs the same files or says that it cannot.
 *
 * A test that needs a corpus file and does not find it skips with the reason in its title —
 * except under CI (`CI=true`), where a missing corpus fails the test file instead: a CI job
 * without the corpora must not go green by skipping them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPORA_DIR = fileURLToPath(new URL('../../../../shared/corpora/', import.meta.url));

/** Absolute path of a corpus file (relative to CORPORA_DIR), or undefined when absent. */
export function corpusPath(relative: string): string | undefined {
  const p = join(CORPORA_DIR, relative);
  return existsSync(p) ? p : undefined;
}

/**
 * Why a test needing these corpus files must skip, or undefined when they are all there.
 * Throws under CI (CI=true) instead of returning a reason.
 */
export function corpusSkipReason(...relatives: string[]): string | undefined {
  const missing = relatives.filter((r) => corpusPath(r) === undefined);
  if (missing.length === 0) return undefined;
  const reason = `corpus missing: ${missing.join(', ')} not under ${CORPORA_DIR} (the shared corpora are expected in ../shared/corpora beside the clone)`;
  if (process.env['CI'] === 'true') throw new Error(`${reason}; CI=true, so this is a failure, not a skip`);
  console.warn(`skipped: ${reason}`);
  return reason;
}

/** A title that carries the skip reason when there is one (vitest has no skip message). */
export function titled(title: string, skip: string | undefined): string {
  return skip === undefined ? title : `${title} [skipped: ${skip}]`;
}

/** The path of a corpus file; throws (with where it looked) when absent. */
export function requireCorpus(relative: string): string {
  const p = corpusPath(relative);
  if (p === undefined) throw new Error(`corpus file ${relative} not found under ${CORPORA_DIR} (expected ../shared/corpora beside the clone)`);
  return p;
}

export function readCorpusText(relative: string): string {
  return readFileSync(requireCorpus(relative), 'utf8');
}
