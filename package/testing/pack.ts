import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface Ran {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * The environment a user's shell would have: none of the variables that the npm, vitest or
 * cucumber running this test set for themselves (npm_config_*, VITEST_*, NODE_OPTIONS), which
 * would otherwise steer the child npm, vitest and cucumber.
 */
export function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|NODE_OPTIONS$|NODE_ENV$|TSX_|FAIRWIRE_ADAPTER|INIT_CWD$)/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, CI: process.env.CI ?? '', NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

/** Runs a program to its end (bounded: `timeoutMs`), collecting its output. */
export function run(cmd: string, args: readonly string[], cwd: string, timeoutMs = 180_000): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(cmd, [...args], { cwd, env: userEnv(), timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 << 20 }, (error, out, err) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
      resolve({ code, out, err: error && !err ? String(error) : err });
    });
  });
}

/** dist/ built from the current sources (the build is skipped when it already is). */
export function ensureBuilt(): void {
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: REPO, env: userEnv(), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

export interface Packed {
  readonly tarball: string;
  /** Paths inside the package, as `npm pack` lists them. */
  readonly files: readonly string[];
}

/** `npm pack` of the repository (its build is ensureBuilt's: no second build here). */
export async function packRepo(dest: string): Promise<Packed> {
  const r = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], REPO);
  if (r.code !== 0) throw new Error(`npm pack failed (exit ${r.code}): ${r.err}`);
  const [info] = JSON.parse(r.out.slice(r.out.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(dest, info!.filename), files: info!.files.map((f) => f.path) };
}

/** The version of a package the repository itself uses, so the user project installs the same from the cache. */
export function repoVersion(name: string): string {
  const require = createRequire(join(REPO, 'package.json'));
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

/**
 * A fresh user project in a temp folder (a plain CommonJS package: no "type": "module") with
 * the packed fairwire installed from its tarball, and the user's own vitest and cucumber (the
 * peers fairwire/vitest and fairwire/cucumber use). The registry is asked only for what the
 * npm cache lacks (`--prefer-offline`): CI has just run `npm ci`, which filled it.
 */
export async function userProject(packed: Packed): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'fairwire-user-project-'));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'fairwire-user-project', version: '1.0.0', private: true }, null, 2)}\n`);
  const deps = [packed.tarball, `vitest@${repoVersion('vitest')}`, `@cucumber/cucumber@${repoVersion('@cucumber/cucumber')}`];
  const r = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...deps], dir, 300_000);
  if (r.code !== 0) throw new Error(`npm install in ${dir} failed (exit ${r.code}):\n${r.out}\n${r.err}`);
  return dir;
}

/** Copies files of the repository (e.g. api/examples/...) into the project. */
export function copyFromRepo(dir: string, from: string, to: string): void {
  cpSync(join(REPO, from), join(dir, to), { recursive: true, filter: (src) => !src.includes('node_modules') });
}
