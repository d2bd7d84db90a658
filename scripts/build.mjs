#!/usr/bin/env node
// `npm run build` (and `prepare`: npm install / npm ci / npm pack): compiles the sources to dist/
// (JavaScript for everything the package runs, declarations for its entry points), copies the
// files the code reads at run time (schemas, example and mutant vendors, templates, features)
// beside the compiled modules, and writes dist/.build-stamp last, so that bin/fairwire.js only
// ever runs a finished build of the current sources. The build is written to a folder of its own
// and swapped in whole: a fairwire already running from dist/ never sees it half-written.
// `--if-stale`: do nothing when dist/ is already a build of the current sources.
// `--lenient` (prepare): a failed build warns and exits 0, so that `npm install` still installs the
// dependencies; dist/ then has no stamp, bin/fairwire.js runs the sources, and `npm test`'s build
// step fails with the compiler's errors.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASSET, distIsFresh, sourceState, stampPath, walkSources } from '../bin/build-stamp.js';

const root = fileURLToPath(new URL('../', import.meta.url));
if (process.argv.includes('--if-stale') && distIsFresh(root)) {
  process.stdout.write('build: dist/ is up to date\n');
  process.exit(0);
}

const t0 = Date.now();
// Before compiling: a source edited while tsc runs is newer than the stamp, so the build is stale.
const state = sourceState(root);
const dist = join(root, 'dist');
const out = join(root, `dist.partial-${process.pid}`);
rmSync(out, { recursive: true, force: true });

let assets = 0;
walkSources(root, (rel, abs) => {
  if (!ASSET.test(rel)) return;
  const to = join(out, rel);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(abs, to);
  assets++;
});

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
for (const project of ['tsconfig.build.json', 'tsconfig.build-types.json']) {
  const r = spawnSync(process.execPath, [tsc, '-p', project, '--outDir', out], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    // No stamp: bin/fairwire.js runs the sources, never the last build of other sources.
    rmSync(stampPath(root), { force: true });
    process.stderr.write(`build: tsc -p ${project} failed (exit ${r.status ?? r.signal}); dist/ is not used until a build succeeds\n`);
    process.exit(process.argv.includes('--lenient') ? 0 : 1);
  }
}

writeFileSync(join(out, '.build-stamp'), `${JSON.stringify({ ...state, builtAt: new Date().toISOString() })}\n`);
const old = `${dist}.old-${process.pid}`;
if (existsSync(dist)) renameSync(dist, old);
renameSync(out, dist);
rmSync(old, { recursive: true, force: true });
process.stdout.write(`build: dist/ written (${state.files} source files, ${assets} assets) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
