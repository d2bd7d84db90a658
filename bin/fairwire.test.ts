import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without declarations (bin/ ships as is)
import { distIsFresh, sourceState, stampPath } from './build-stamp.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * A miniature checkout: bin/ as it ships, a cli/main.ts and a dist/cli/main.js whose main() say
 * which of the two ran, a schema (an asset), and the repo's node_modules (tsx, for the sources).
 */
function checkout(withSources = true): string {
  const root = mkdtempSync(join(tmpdir(), 'fairwire-bin-'));
  dirs.push(root);
  cpSync(join(REPO, 'bin'), join(root, 'bin'), { recursive: true, filter: (f) => !f.endsWith('.test.ts') });
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
  const main = (from: string) => `export async function main(argv) { process.stdout.write('${from} ' + argv.join(' ') + '\\n'); return 0; }\n`;
  if (withSources) {
    mkdirSync(join(root, 'cli'));
    mkdirSync(join(root, 'spec'));
    writeFileSync(join(root, 'cli/main.ts'), main('sources').replace('(argv)', '(argv: string[])'));
    writeFileSync(join(root, 'spec/x.schema.json'), '{}\n');
  }
  mkdirSync(join(root, 'dist/cli'), { recursive: true });
  writeFileSync(join(root, 'dist/cli/main.js'), main('dist'));
  return root;
}

function stamp(root: string): void {
  writeFileSync(stampPath(root), JSON.stringify(sourceState(root)));
}

function fairwire(root: string, ...argv: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/fairwire.js'), ...argv], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Moves a file's mtime `s` seconds into the future (an edit after the build). */
function touch(file: string, s = 5): void {
  const t = new Date(Date.now() + s * 1000);
  utimesSync(file, t, t);
}

describe('bin/fairwire.js never runs a stale build', () => {
  it('runs dist/ when the stamp matches the sources, the sources when a file is newer', () => {
    const root = checkout();
    expect(fairwire(root, 'a', 'b').out).toBe('sources a b\n'); // no stamp: never built
    stamp(root);
    expect(fairwire(root, 'a').out).toBe('dist a\n');
    touch(join(root, 'cli/main.ts'));
    const r = fairwire(root, 'a');
    expect(r.out).toBe('sources a\n');
    expect(r.code).toBe(0);
    stamp(root);
    expect(fairwire(root).out).toBe('dist \n');
    touch(join(root, 'spec/x.schema.json'), 10); // an asset the build copies counts too
    expect(fairwire(root).out).toBe('sources \n');
  });

  it('a source file added or removed since the build makes it stale; tests and testing/ do not', () => {
    const root = checkout();
    stamp(root);
    writeFileSync(join(root, 'cli/main.test.ts'), '');
    mkdirSync(join(root, 'cli/testing'));
    writeFileSync(join(root, 'cli/testing/helper.ts'), '');
    expect(distIsFresh(root)).toBe(true);
    const added = join(root, 'cli/extra.ts');
    writeFileSync(added, '');
    utimesSync(added, new Date(0), new Date(0)); // even with an old mtime (a move, a checkout)
    expect(distIsFresh(root)).toBe(false);
    expect(fairwire(root).out).toBe('sources \n');
    rmSync(added);
    expect(distIsFresh(root)).toBe(true);
    rmSync(join(root, 'spec/x.schema.json'));
    expect(distIsFresh(root)).toBe(false);
  });

  it('an installed package (no sources) runs dist/; without dist/ it says so, exit 2', () => {
    const root = checkout(false);
    expect(fairwire(root, 'x').out).toBe('dist x\n');
    rmSync(join(root, 'dist'), { recursive: true });
    const r = fairwire(root, '--help');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/dist\/ is missing: this copy of fairwire was never built/);
  });
});
