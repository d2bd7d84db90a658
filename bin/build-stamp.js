// Whether dist/ was built from the sources as they are now (a source checkout only; the published
// package has no sources). scripts/build.mjs writes dist/.build-stamp after a good build; a start
// compares it with one pass over the source folders (stat only, ~600 files).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The folders compiled into dist/ (tsconfig.build.json), whose files the build reads. */
export const SOURCE_ROOTS = ['api', 'spec', 'reference', 'properties', 'adapters', 'cli', 'features'];
/** Files copied into dist/ as they are: read at run time through import.meta.url. */
export const ASSET = /\.(json|py|xml|feature)$/;
const SOURCE = /\.(m|c)?ts$/;
const IGNORED_DIRS = new Set(['testing', 'node_modules', '__pycache__']);
/** A user project kept as documentation (README), not part of the package. */
const IGNORED_PATHS = new Set([join('api', 'examples')]);

/** Calls `visit(relativePath, absolutePath)` for every file the build reads. */
export function walkSources(root, visit) {
  const walk = (rel) => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(rel, e.name);
      if (e.isDirectory()) {
        if (!IGNORED_DIRS.has(e.name) && !IGNORED_PATHS.has(path) && !e.name.startsWith('.')) walk(path);
      } else if ((SOURCE.test(e.name) && !e.name.endsWith('.test.ts')) || ASSET.test(e.name)) {
        visit(path, join(root, path));
      }
    }
  };
  for (const r of SOURCE_ROOTS) walk(r);
}

/** The newest mtime and the number of the files the build reads. */
export function sourceState(root) {
  let newest = 0;
  let files = 0;
  walkSources(root, (_rel, abs) => {
    files++;
    const m = statSync(abs).mtimeMs;
    if (m > newest) newest = m;
  });
  return { newest, files };
}

export function stampPath(root) {
  return join(root, 'dist', '.build-stamp');
}

/** True when dist/ holds a finished build of exactly these sources (no file newer, none added or removed). */
export function distIsFresh(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath(root), 'utf8'));
  } catch {
    return false;
  }
  const now = sourceState(root);
  return now.files === stamp.files && now.newest <= stamp.newest;
}
