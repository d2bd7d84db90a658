/**
 * A run that is interrupted keeps what it computed (issue 15): SIGINT / SIGTERM during conform,
 * fuzz, simulate and kill-matrix writes the partial report and the summary of what ran, then
 * exits 130 / 143. Each command twice: in process (a timer emits the signal once the command
 * listens for it) and as a real process in its own process group, signalled with kill(-pid).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'fairwire-interrupt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Emits `sig` in this process `delayMs` after the command under test starts listening for it. */
function signalOnceListening(sig: 'SIGINT' | 'SIGTERM', delayMs: number): void {
  const before = process.listenerCount(sig);
  const poll = setInterval(() => {
    if (process.listenerCount(sig) <= before) return;
    clearInterval(poll);
    setTimeout(() => process.emit(sig), delayMs);
  }, 5);
}

interface Spawned {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/**
 * `fairwire <argv>` as a real process in its own process group; once stderr matches `ready`,
 * the whole group gets `sig` (as a terminal's Ctrl-C or a CI runner's cancel would send it).
 */
function spawnAndSignal(argv: readonly string[], ready: RegExp, sig: 'SIGINT' | 'SIGTERM'): Promise<Spawned> {
  const cli = join(process.cwd(), 'cli', 'main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let err = '';
  let sent = false;
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => {
    err += String(d);
    if (!sent && ready.test(err)) {
      sent = true; // once: a second signal means "quit now"
      process.kill(-child.pid!, sig);
    }
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

const noStack = (s: string) => expect(s).not.toMatch(/internal error|\n {4}at /);

describe('conform, interrupted', () => {
  it('in process, SIGTERM: reports written with the properties not run, summary on stdout, exit 143', async () => {
    const report = join(tmp, 'conform-inproc');
    signalOnceListening('SIGTERM', 300);
    const r = await runCli(['conform', '--component', 'fast', '--runs', '2000', '--seed', '1', '--no-corpus', '--quiet', '--report', report]);
    expect(r.code).toBe(143);
    expect(r.out).toMatch(/interrupted by SIGTERM/);
    const json = JSON.parse(readFileSync(join(report, 'report.json'), 'utf8')) as { error?: string; results: { status: string; runs: number; runsAsked: number }[] };
    expect(json.error).toMatch(/interrupted/);
    expect(json.results.some((p) => p.status === 'not-run' || p.runs < p.runsAsked)).toBe(true);
    expect(existsSync(join(report, 'junit.xml'))).toBe(true);
    noStack(r.err);
  }, 120_000);

  it('a real process, SIGTERM to its group: exit 143, the partial report on disk, the summary on stdout', async () => {
    const report = join(tmp, 'conform-proc');
    const r = await spawnAndSignal(['conform', '--component', 'fast', '--runs', '2000', '--seed', '1', '--no-corpus', '--report', report], /work units/, 'SIGTERM');
    expect(r.code).toBe(143);
    expect(r.err).toMatch(/interrupted \(SIGTERM\)/);
    expect(r.out).toMatch(/interrupted by SIGTERM/);
    expect(JSON.parse(readFileSync(join(report, 'report.json'), 'utf8'))).toMatchObject({ error: expect.stringMatching(/interrupted/) });
    noStack(r.err);
  }, 120_000);
});

describe('fuzz fast, interrupted', () => {
  it('in process, SIGINT: summary.json written with what ran, the summary on stdout, exit 130', async () => {
    const out = join(tmp, 'fuzz-inproc');
    signalOnceListening('SIGINT', 1500);
    const r = await runCli(['fuzz', 'fast', '--runs', '1000000', '--seed', '3', '--out', out]);
    expect(r.code).toBe(130);
    const summary = JSON.parse(r.out) as { interrupted?: string; cases: number };
    expect(summary.interrupted).toBe('SIGINT');
    expect(summary.cases).toBeLessThan(1000000);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ interrupted: 'SIGINT', cases: summary.cases });
    noStack(r.err);
  }, 120_000);

  it('a real process, SIGTERM to its group: exit 143, summary.json on disk, the summary on stdout', async () => {
    const out = join(tmp, 'fuzz-proc');
    const r = await spawnAndSignal(['fuzz', 'fast', '--runs', '1000000', '--seed', '3', '--out', out], /fuzz fast: seed/, 'SIGTERM');
    expect(r.code).toBe(143);
    expect(JSON.parse(r.out)).toMatchObject({ interrupted: 'SIGTERM' });
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ interrupted: 'SIGTERM' });
    noStack(r.err);
  }, 120_000);
});

describe('a second signal', () => {
  it('quits at once: a hanging case in flight is not waited for, nothing more is written, exit 143', async () => {
    const out = join(tmp, 'fuzz-twice');
    const cli = join(process.cwd(), 'cli', 'main.ts');
    const hanging = join(process.cwd(), 'cli', 'commands', 'testing', 'fast-fuzz-hanging-adapter.ts');
    // Every case hangs until its 10-minute deadline: only quitting at once ends this run early.
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'fuzz', 'fast', '--runs', '5', '--case-timeout', '600000', '--adapter', hanging, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let err = '';
    let sent = 0;
    child.stderr.on('data', (d) => {
      err += String(d);
      if (sent === 0 && /fuzz fast: seed/.test(err)) {
        sent = 1;
        process.kill(-child.pid!, 'SIGTERM');
      } else if (sent === 1 && /interrupted \(SIGTERM\)/.test(err)) {
        sent = 2;
        process.kill(-child.pid!, 'SIGTERM');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(sent).toBe(2);
    expect(code).toBe(143);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  }, 120_000);
});

describe('simulate, interrupted', () => {
  it('in process, SIGTERM: the cells done are printed, exit 143', async () => {
    signalOnceListening('SIGTERM', 200);
    const r = await runCli(['simulate', 'montecarlo', '--iterations', '100000000', '--json']);
    expect(r.code).toBe(143);
    expect(r.err).toMatch(/interrupted: \d+ of 25 cells done/);
    noStack(r.err);
  }, 120_000);

  it('a real process, SIGTERM to its group: exit 143 with what was computed', async () => {
    const r = await spawnAndSignal(['simulate', 'exchange', '--participants', '50', '--duration', '600', '--json'], /seed/, 'SIGTERM');
    expect(r.code).toBe(143);
    expect(JSON.parse(r.out)).toMatchObject({ stopped: true });
    expect(r.err).toMatch(/interrupted/);
    noStack(r.err);
  }, 120_000);
});

describe('kill-matrix, interrupted', () => {
  it('in process, SIGTERM: the matrix so far is printed, later cells are not run, exit 143', async () => {
    signalOnceListening('SIGTERM', 50);
    const r = await runCli(['kill-matrix', '--component', 'fast']);
    expect(r.code).toBe(143);
    expect(r.out).toMatch(/reference/);
    expect(r.err).toMatch(/interrupted by SIGTERM after \d+ of \d+ cells/);
    noStack(r.err);
  }, 120_000);

  it('a real process, SIGINT to its group: exit 130, the partial matrix on stdout', async () => {
    const r = await spawnAndSignal(['kill-matrix', '--component', 'fast'], /fast\/reference × /, 'SIGINT');
    expect(r.code).toBe(130);
    expect(r.out).toMatch(/reference/);
    expect(r.err).toMatch(/interrupted by SIGINT after \d+ of \d+ cells/);
    noStack(r.err);
  }, 120_000);
});
