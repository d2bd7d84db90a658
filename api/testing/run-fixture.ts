import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceOptions } from '../vitest.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURE_FILE = 'api/testing/conformance.fixture.ts';
const CONFIG = 'api/testing/fixture.vitest.config.ts';
const EXAMPLE_CONFIG = 'api/testing/example.vitest.config.ts';

export interface FixtureDescribe {
  readonly component: string;
  /** An adapter spec, `object:<spec>` or `nocaps:<spec>` (conformance.fixture.ts). */
  readonly adapter: string;
  readonly options?: ConformanceOptions;
}

export interface FixtureTest {
  readonly describe: string;
  /** The `it` name: `<property id>: <title>`. */
  readonly name: string;
  readonly status: string;
  readonly message: string;
}

export interface FixtureRun {
  readonly code: number;
  /** The default reporter's text (suite errors such as an afterAll failure appear only here). */
  readonly out: string;
  readonly tests: FixtureTest[];
}

/**
 * Runs conformance.fixture.ts in a child vitest (a failing `it` there must not fail the parent),
 * with `describes` as its FAIRWIRE_FIXTURE, extra env and extra vitest arguments (e.g. `-t`).
 */
export function runFixture(describes: readonly FixtureDescribe[], opts: { env?: Record<string, string>; args?: readonly string[] } = {}): Promise<FixtureRun> {
  return runChildVitest({ args: [FIXTURE_FILE, '--config', CONFIG, ...(opts.args ?? [])], env: { FAIRWIRE_FIXTURE: JSON.stringify(describes), ...opts.env } });
}

/**
 * A user's own vitest run of the files under `root` (e.g. api/examples), `fairwire/vitest`
 * resolved to the sources (example.vitest.config.ts).
 */
export function runUserVitest(root: string): Promise<FixtureRun> {
  return runChildVitest({ args: ['--root', root, '--config', join(ROOT, EXAMPLE_CONFIG)], cwd: root });
}

async function runChildVitest(o: { args: readonly string[]; env?: Record<string, string>; cwd?: string }): Promise<FixtureRun> {
  const dir = mkdtempSync(join(tmpdir(), 'fairwire-vitest-child-'));
  const json = join(dir, 'report.json');
  try {
    const args = [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...o.args, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`];
    const { code, out } = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        process.execPath,
        args,
        { cwd: o.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...o.env }, maxBuffer: 64 << 20 },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
      );
    });
    let tests: FixtureTest[] = [];
    try {
      const report = JSON.parse(readFileSync(json, 'utf8')) as {
        testResults: { assertionResults: { ancestorTitles: string[]; title: string; status: string; failureMessages?: string[] }[] }[];
      };
      tests = report.testResults.flatMap((f) =>
        f.assertionResults.map((a) => ({ describe: a.ancestorTitles.join(' > '), name: a.title, status: a.status, message: (a.failureMessages ?? []).join('\n') })),
      );
    } catch {
      // No report: the run broke before it; `out` says why.
    }
    return { code, out, tests };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fixture test of `propertyId` in the describe whose title starts with `describePrefix`. */
export function testOf(run: FixtureRun, describePrefix: string, propertyId: string): FixtureTest {
  const t = run.tests.find((x) => x.describe.startsWith(describePrefix) && x.name.startsWith(`${propertyId}: `));
  if (!t) throw new Error(`no test for ${propertyId} under '${describePrefix}' in the fixture run:\n${run.out}`);
  return t;
}
