import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writePlaceholders } from './placeholders.ts';

/** The repository root (docs-test/testing/ is two levels below it). */
export const REPO = resolve(import.meta.dirname, '..', '..');

/**
 * What an example may read from the repo, linked into its scratch directory. Outputs (reports/,
 * .fairwire/, fuzz folders, svg and pcap files) are not linked, so they land in the scratch
 * directory and never in the repo.
 */
const LINKED = ['adapters', 'api', 'bin', 'cli', 'corpora', 'cucumber.mjs', 'features', 'node_modules', 'package.json', 'properties', 'reference', 'scripts', 'spec', 'tsconfig.json'];

/** A fresh directory that looks like the repo root to a documented command; `tmp/` stands for /tmp. */
export function makeScratch(): { readonly dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'fairwire-docs-'));
  for (const name of LINKED) if (existsSync(join(REPO, name))) symlinkSync(join(REPO, name), join(dir, name));
  mkdirSync(join(dir, 'tmp'));
  writePlaceholders(dir);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Absolute /tmp/ paths of an example, moved into the scratch directory's tmp/. */
export function intoScratch(command: string, dir: string): string {
  return command.replace(/(^|[\s='"])\/tmp\//g, `$1${dir}/tmp/`);
}
