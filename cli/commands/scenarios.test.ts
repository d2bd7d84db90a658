import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.ts';
import { rawCucumber } from './testing/raw-cucumber.ts';
import { readScenarioReports, type ReportedScenario } from './testing/scenario-reports.ts';
import { runScenarios } from './scenarios.ts';
import { parseScenariosArgs } from './scenarios-options.ts';

/**
 * `fairwire scenarios` in process (the support code loaded once, as in one CLI run): green on the
 * reference with reports that parse; against mutants it fails exactly the scenarios an
 * independent raw cucumber-js run with FAIRWIRE_ADAPTER fails (and some do fail); narrowing,
 * strictness, usage errors, a vendor that cannot start, capability skips, Ctrl-C.
 */
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'fairwire-scenarios-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const SEQUENCER = 'features/sequencer-fairness.feature';
const MATCHING = 'features/matching.feature';
const PY_SEQUENCER = 'cmd:python3 adapters/examples/python/sequencer.py';

const key = (s: { uri: string; line: number }) => `${s.uri}:${s.line}`;
const failedOf = (ss: readonly ReportedScenario[]) => ss.filter((s) => s.status !== 'PASSED' && s.status !== 'SKIPPED').map(key).sort();

// The independent runs the mutant cases compare with, started at once so they overlap the in-process runs.
const MUTANT_CASES = [
  { adapter: 'mutant:sequencer-tie-by-arrival', args: [SEQUENCER], raw: [SEQUENCER] },
  { adapter: 'mutant:fast-prefix-dropped-on-error', args: ['--component', 'fast'], raw: ['--tags', '@fast', 'features'] },
  { adapter: 'mutant:matching-modify-increase-keeps-priority', perComponent: 'matching', args: [MATCHING], raw: [MATCHING] },
] as const;
const rawRuns = MUTANT_CASES.map((c) => rawCucumber({ FAIRWIRE_ADAPTER: c.adapter }, c.raw));
for (const r of rawRuns) r.catch(() => undefined);

/** Scenarios `--list` prints, as feature:line. */
function listed(out: string): string[] {
  return out
    .split('\n')
    .filter((l) => /^\S+\.feature:\d+ {2}/.test(l))
    .map((l) => l.split('  ')[0]!)
    .sort();
}

describe('fairwire scenarios', () => {
  let reference: readonly ReportedScenario[] = [];

  it('runs every bundled scenario green against the reference, with HTML, JSON, messages and JUnit reports', async () => {
    const dir = tempDir();
    const r = await runCli(['scenarios', '--report', dir]);
    expect(r.code, `${r.out}${r.err}`).toBe(0);
    const m = /^(\d+) scenarios: (\d+) passed, 0 failed, 0 skipped {2}\(adapter: reference\)$/m.exec(r.out);
    expect(m, r.out).not.toBeNull();
    const n = Number(m![1]);
    expect(Number(m![2])).toBe(n);
    const reports = readScenarioReports(dir);
    expect(reports.runSucceeded).toBe(true);
    expect(reports.scenarios).toHaveLength(n);
    expect(reports.scenarios.every((s) => s.status === 'PASSED')).toBe(true);
    expect(reports.json.reduce((k, f) => k + f.elements.length, 0)).toBe(n);
    expect(reports.junit).toMatch(new RegExp(`<testsuite name="fairwire scenarios"[^>]* tests="${n}"[^>]* failures="0"`));
    expect(reports.html).toMatch(/^<!DOCTYPE html>/i);
    // Progress: one line per finished scenario on stderr; the reports named there.
    expect(r.err.split('\n').filter((l) => /^\[ *\d+\/\d+\] /.test(l))).toHaveLength(n);
    expect(r.err).toContain(`report: ${join(dir, 'junit.xml')}`);
    reference = reports.scenarios;
  });

  it('--component and --tags narrow the run to the tagged scenarios', async () => {
    expect(reference.length).toBeGreaterThan(0);
    const tagged = (...tags: string[]) => reference.filter((s) => tags.some((t) => s.tags.includes(t))).map(key).sort();
    const fast = await runCli(['scenarios', '--component', 'fast', '--list']);
    expect(fast.code, fast.err).toBe(0);
    expect(tagged('@fast').length).toBeGreaterThan(0);
    expect(listed(fast.out)).toEqual(tagged('@fast'));
    const two = await runCli(['scenarios', '--component', 'fast,net', '--list']);
    expect(listed(two.out)).toEqual(tagged('@fast', '@net'));
    const notFast = await runCli(['scenarios', '--tags', 'not @fast', '--list']);
    expect(listed(notFast.out)).toEqual(reference.filter((s) => !s.tags.includes('@fast')).map(key).sort());
    const both = await runCli(['scenarios', '--component', 'fast', '--tags', 'not @fast', '--list']);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/no scenario is selected/);
  });

  for (const [i, c] of MUTANT_CASES.entries()) {
    const adapterArgs = 'perComponent' in c ? [`--adapter-${c.perComponent}`, c.adapter] : ['--adapter', c.adapter];
    it(`fails against ${c.adapter} exactly the scenarios raw cucumber-js fails, exit 1, reports written`, async () => {
      const dir = tempDir();
      const r = await runCli(['scenarios', ...adapterArgs, ...c.args, '--report', dir, '--quiet']);
      const raw = await rawRuns[i]!;
      const ours = readScenarioReports(dir);
      const failed = failedOf(ours.scenarios);
      expect(failed.length, `${r.out}\n${raw.output}`).toBeGreaterThan(0);
      expect(failed).toEqual(failedOf(raw.scenarios));
      expect(raw.code).not.toBe(0);
      expect(r.code, r.out).toBe(1);
      expect(ours.runSucceeded).toBe(false);
      expect(ours.junit).toMatch(new RegExp(`failures="${failed.length}"`));
      // The summary names each failure with its place, the failing step and a message.
      const section = r.out.slice(r.out.indexOf('\nFailed:\n'));
      for (const f of failed) expect(section).toContain(`  ${f}  `);
      expect(section.match(/^ {4}step: (Given|When|Then) .+$/gm)).toHaveLength(failed.length);
    });
  }

  it('an undefined step is a failure (strict), named in the summary', async () => {
    const r = await runCli(['scenarios', 'cli/commands/testing/scenarios/undefined-step.feature']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^1 scenario: 0 passed, 1 failed, 0 skipped/m);
    expect(r.out).toContain('step: When the exchange does something no step definition knows about');
    expect(r.out).toContain('no step definition matches this step (undefined)');
  });

  it('a vendor that declares fewer capabilities gets skips, listed with their step, and still passes', async () => {
    const r = await runCli(['scenarios', SEQUENCER, '--adapter-sequencer', PY_SEQUENCER]);
    expect(r.code, `${r.out}${r.err}`).toBe(0);
    const m = /^(\d+) scenarios: (\d+) passed, 0 failed, (\d+) skipped {2}\(adapter: sequencer=cmd:python3 adapters\/examples\/python\/sequencer\.py; reference for the rest\)$/m.exec(r.out);
    expect(m, r.out).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThan(0);
    expect(Number(m![3])).toBeGreaterThan(0);
    const skipped = r.out.slice(r.out.indexOf('\nSkipped'));
    const first = /^ {2}(\S+\.feature:\d+) {2}(.+)$/m.exec(skipped);
    expect(first, r.out).not.toBeNull();
    // Only skipped scenarios selected: nothing was checked, which is not a pass.
    const name = first![2]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const alone = await runCli(['scenarios', SEQUENCER, '--adapter-sequencer', PY_SEQUENCER, '--name', `^${name}$`]);
    expect(alone.code, alone.out).toBe(1);
    expect(alone.out).toMatch(/Every scenario was skipped: nothing was checked/);
  });

  it('ignores the FAIRWIRE_ADAPTER variables: the options say what runs', async () => {
    process.env.FAIRWIRE_ADAPTER = 'mutant:sequencer-tie-by-arrival';
    try {
      const r = await runCli(['scenarios', SEQUENCER, '--quiet']);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(/ 0 failed, /);
    } finally {
      delete process.env.FAIRWIRE_ADAPTER;
    }
  });

  it('usage errors are exit 2 with a clear message, before anything runs', async () => {
    const cases: [string[], RegExp][] = [
      [['features/no-such.feature'], /feature file not found: features\/no-such\.feature/],
      [['--tags', '@fast and ('], /--tags '@fast and \(': syntax error/],
      [['--component', 'sequencr'], /unknown component 'sequencr' \(known: /],
      [['--component', 'fast', '--adapter', 'mutant:sequencer-tie-by-arrival'], /mutant of sequencer, which --component fast does not select/],
      [['--adapter-loq', 'mutant:sequencer-tie-by-arrival'], /--adapter-loq mutant:sequencer-tie-by-arrival: that is a mutant of sequencer, not of loq/],
      [['--adapter', 'mutant:no-such-mutant'], /no component has a mutant named 'no-such-mutant'/],
      [['--name', '('], /--name '\(' is not a regular expression/],
      [['cli/commands/testing/scenarios/malformed.feature'], /cannot read the feature files:\n {2}cli\/commands\/testing\/scenarios\/malformed\.feature:7: /],
      [['--component', 'fast', '--adapter', PY_SEQUENCER], /the adapter for fast .* cannot be used: .*implements sequencer, not 'fast'/],
      [['--adapter', PY_SEQUENCER], /implements sequencer, not '\w+'\n\(a vendor that implements only some components is given with --component, here --component sequencer\)/],
    ];
    const blocked = join(tempDir(), 'a-file');
    writeFileSync(blocked, '');
    cases.push([['--component', 'fast', '--report', join(blocked, 'reports')], /--report .*a-file\/reports: a file is in the way/]);
    for (const [args, message] of cases) {
      const r = await runCli(['scenarios', ...args]);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
    }
  });

  it('a vendor binary that does not exist is an adapter fault: exit 3, no scenario run', async () => {
    const r = await runCli(['scenarios', '--component', 'fast', '--adapter', 'cmd:/nonexistent/fairwire-vendor --ndjson']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/the adapter for fast \(cmd:\/nonexistent\/fairwire-vendor --ndjson\) did not start: .*ENOENT/);
    expect(r.err).toContain('no scenario was run');
  });

  it('a vendor that crashes inside a scenario is an adapter fault: exit 3, named in the summary', async () => {
    const manifest = 'cli/commands/testing/scenarios/fast-crash-first-request.manifest.json';
    const r = await runCli(['scenarios', '--component', 'fast', '--adapter', manifest, '--quiet']);
    expect(r.code, r.out).toBe(3);
    const m = /^\d+ scenarios: 0 passed, 0 failed, (\d+) adapter faults?, \d+ skipped/m.exec(r.out);
    expect(m, r.out).not.toBeNull();
    const faults = Number(m![1]);
    expect(faults).toBeGreaterThan(0);
    // Each with the vendor's own last words (its stderr), as conform shows them.
    const shown = / {2}\[adapter fault\]\n {4}step: .+\n {4}\| .*vendor exited with status 139\n {4}vendor stderr \(fast\), last lines:\n {4}segfault in decode_loop\(\) at request 1\n/g;
    expect(r.out.match(shown)).toHaveLength(faults);
  });

  it('Ctrl-C: the scenario in flight finishes, the rest are not run, reports and summary are written, exit 130', async () => {
    const dir = tempDir();
    const stderr = new PassThrough();
    let err = '';
    let sent = false;
    stderr.on('data', (d: Buffer) => {
      err += d.toString();
      // After the first scenario finished, as an operator would press Ctrl-C.
      if (!sent && /^\[ *1\/\d+\] /m.test(err)) {
        sent = true;
        process.emit('SIGINT');
      }
    });
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await runScenarios(parseScenariosArgs([SEQUENCER, '--report', dir]), { stdout, stderr, stdin: new PassThrough() });
    expect(code).toBe(130);
    expect(err).toMatch(/interrupted \(SIGINT\)/);
    const m = /^(\d+) scenarios: (\d+) passed, 0 failed, 0 skipped, (\d+) not run/m.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThanOrEqual(1);
    expect(Number(m![3])).toBeGreaterThan(0);
    expect(Number(m![2]) + Number(m![3])).toBe(Number(m![1]));
    const reports = readScenarioReports(dir);
    expect(reports.scenarios).toHaveLength(Number(m![1]));
    expect(existsSync(join(dir, 'cucumber.html'))).toBe(true);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toMatch(/<testsuite /);
    // The next run in the same process is not interrupted.
    const again = await runCli(['scenarios', SEQUENCER, '--quiet']);
    expect(again.code).toBe(0);
  });
});
