import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { validate } from './protocol.ts';

/**
 * A vendor manifest (spec/protocol/manifest.schema.json): how to start the vendor program,
 * with what environment, timeout and validation mode, and optionally which capabilities to use
 * instead of those the vendor declares. Relative `cwd` is resolved against the manifest's folder.
 */
export interface Manifest {
  readonly name?: string;
  readonly command: string;
  readonly args?: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly validation?: 'strict' | 'sample';
  readonly capabilities?: Readonly<Record<string, Readonly<Record<string, boolean>>>>;
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/** Checks a parsed manifest; `baseDir` resolves a relative cwd (default: the process cwd). */
export function parseManifest(value: unknown, baseDir: string = process.cwd(), where = 'manifest'): Manifest {
  const bad = validate.manifest(value);
  if (bad) throw new ManifestError(`${where}: not a valid vendor manifest (spec/protocol/manifest.schema.json): ${bad}`);
  const m = value as Manifest;
  return { ...m, cwd: resolve(baseDir, m.cwd ?? '.') };
}

export function loadManifest(path: string): Manifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ManifestError(`cannot read manifest ${path}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(`manifest ${path} is not JSON: ${(e as Error).message}`);
  }
  return parseManifest(value, dirname(resolve(path)), path);
}
