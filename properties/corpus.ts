import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromTaggedJson } from '../spec/tagged-json.ts';
import { writeAtomic } from './report.ts';
import type { PropertyResult } from './runner.ts';

/**
 * Saved counterexamples, one file per (vendor, property, input), replayed first on the next run
 * so that a fixed bug stays fixed. Layout: <dir>/<vendor>/<property id>/<sha1 of input>.json.
 */
export interface CorpusEntry {
  readonly component: string;
  readonly property: string;
  readonly adapter: string;
  readonly seed: number;
  readonly path?: string;
  /** The exact input, tagged JSON (spec/tagged-json.ts). */
  readonly data: string;
  readonly message?: string;
  readonly savedAt: string;
}

export const DEFAULT_CORPUS_DIR = '.fairwire/corpus';

/** A filesystem-safe name for an adapter spec ("cmd:python3 x.py" -> "cmd-python3-x.py"). */
export function vendorKey(adapterSpec: string): string {
  return adapterSpec.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'adapter';
}

export function saveCounterexample(dir: string, adapterSpec: string, r: PropertyResult): string | undefined {
  if (r.counterexampleData === undefined) return undefined;
  const folder = join(dir, vendorKey(adapterSpec), r.id);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${createHash('sha1').update(r.counterexampleData).digest('hex').slice(0, 16)}.json`);
  const entry: CorpusEntry = {
    component: r.component,
    property: r.id,
    adapter: adapterSpec,
    seed: r.seed,
    ...(r.path ? { path: r.path } : {}),
    data: r.counterexampleData,
    ...(r.message ? { message: r.message.split('\n')[0]! } : {}),
    savedAt: new Date().toISOString(),
  };
  writeAtomic(file, `${JSON.stringify(entry, null, 2)}\n`);
  return file;
}

export function readCorpusEntry(file: string): CorpusEntry {
  const e = JSON.parse(readFileSync(file, 'utf8')) as CorpusEntry;
  if (typeof e.property !== 'string' || typeof e.data !== 'string' || typeof e.component !== 'string') {
    throw new Error(`${file}: not a fairwire corpus entry (needs component, property, data)`);
  }
  return e;
}

/** Inputs saved for a vendor, by property id (unreadable files are skipped with a warning). */
export function loadCorpus(dir: string, adapterSpec: string, warn: (m: string) => void = () => {}): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const root = join(dir, vendorKey(adapterSpec));
  if (!existsSync(root)) return out;
  for (const property of readdirSync(root)) {
    for (const name of readdirSync(join(root, property))) {
      if (!name.endsWith('.json')) continue;
      try {
        const e = readCorpusEntry(join(root, property, name));
        const list = out.get(e.property) ?? [];
        list.push(fromTaggedJson(e.data));
        out.set(e.property, list);
      } catch (err) {
        warn(`corpus: skipping ${join(root, property, name)}: ${(err as Error).message}`);
      }
    }
  }
  return out;
}
