import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../cli/commands/testing/run-cli.ts';
import { REPO } from './scratch.ts';
import type { Step } from './classify.ts';

export interface StepResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Longest a shell example may take before it counts as hung. */
const SHELL_TIMEOUT_MS = 120_000;

/**
 * Runs one step in `dir`: `fairwire` in process (cwd switched to `dir` for its duration), or the
 * line through bash (`<<<` is bash) with `npx fairwire` meaning this repo's bin.
 */
export async function runStep(step: Step, dir: string): Promise<StepResult> {
  if (step.kind === 'out-of-scope') return { code: 0, out: '', err: '' };
  if (step.kind === 'in-process') {
    const before = process.cwd();
    process.chdir(dir);
    try {
      const r = await runCli(step.argv);
      return { code: r.code, out: r.out, err: r.err };
    } finally {
      process.chdir(before);
    }
  }
  const r = spawnSync('bash', ['-c', withRepoBin(step.script)], { cwd: dir, encoding: 'utf8', timeout: SHELL_TIMEOUT_MS, maxBuffer: 256 << 20 });
  if (r.error) return { code: -1, out: r.stdout ?? '', err: `${r.stderr ?? ''}\n${r.error.message}` };
  return { code: r.status ?? (r.signal ? 128 : -1), out: r.stdout, err: r.stderr };
}

/** `npx fairwire` as this repo's bin (npx would look for an installed package). */
function withRepoBin(script: string): string {
  const bin = join(REPO, 'bin', 'fairwire.js');
  // Unquoted where the path allows it, so that it also works inside a quoted variable (B="npx fairwire ...").
  return script.replace(/\bnpx fairwire\b/g, `node ${/^[\w./-]+$/.test(bin) ? bin : `'${bin}'`}`);
}

/**
 * Starts a shell line in the background, its output going to files (not pipes, so a busy test
 * process cannot stall it); `result` resolves when it ends. Killed after `timeoutMs`, or by `stop`.
 */
export function startInBackground(script: string, dir: string, timeoutMs: number): { readonly result: Promise<StepResult>; stop(): void } {
  const outFile = join(dir, '.docs-test-stdout');
  const errFile = join(dir, '.docs-test-stderr');
  const out = openSync(outFile, 'w');
  const err = openSync(errFile, 'w');
  const child = spawn('bash', ['-c', withRepoBin(script)], { cwd: dir, stdio: ['ignore', out, err], detached: true });
  closeSync(out);
  closeSync(err);
  let ended = false;
  // The whole process group: bash, fairwire and the vendor processes it started.
  const stop = (): void => {
    if (ended || !child.pid) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const result = new Promise<StepResult>((resolve) => {
    const timer = setTimeout(stop, timeoutMs);
    child.on('exit', (code, signal) => {
      ended = true;
      clearTimeout(timer);
      const note = signal ? `\n(killed by ${signal}${signal === 'SIGKILL' ? ` after ${timeoutMs} ms` : ''})` : '';
      resolve({ code: code ?? -1, out: readFileSync(outFile, 'utf8'), err: readFileSync(errFile, 'utf8') + note });
    });
  });
  return { result, stop };
}
