import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_FAST_CAPABILITIES } from '../adapters/fast.ts';
import { makeFuzzCase, referenceDecode } from '../properties/fast/fuzz.ts';
import { formatResult, machine, measure, type BenchResult } from './lib/harness.ts';
import { summarize } from './lib/stats.ts';

/**
 * `fairwire fuzz fast` throughput, end to end: the command as a user runs it (bin/fairwire.js:
 * dist/ when fresh, else the sources through tsx), against the reference, random templates,
 * --runs N, for --jobs 1 and one worker thread per core. Repeated REPEATS times:
 * cases/s percentiles over the repeats, start-up (a --runs 1 run) subtracted. Also CPU ms per
 * case for the command and everything it started (reaped children: /proc/self/stat cutime +
 * cstime), the figure to trust on a shared machine, and the rate that CPU would give on
 * `availableParallelism()` otherwise idle cores.
 */
const BIN = fileURLToPath(new URL('../bin/fairwire.js', import.meta.url));
const RUNS = Number(process.env.FUZZ_BENCH_RUNS ?? 3000);
const REPEATS = Number(process.env.FUZZ_BENCH_REPEATS ?? 3);

/** CPU ms of this process's reaped children (Linux /proc; 0 elsewhere). */
function childrenCpuMs(): number {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[13]) + Number(f[14])) * 10; // cutime, cstime in USER_HZ (100)
  } catch {
    return 0;
  }
}

async function fuzzRun(runs: number, jobs: number): Promise<{ wallMs: number; cpuMs: number; cases: number }> {
  const out = mkdtempSync(join(tmpdir(), 'fairwire-fuzz-bench-'));
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'fuzz', 'fast', '--runs', String(runs), '--seed', '1', '--jobs', String(jobs), '--out', out], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`fuzz fast --jobs ${jobs} exited ${code}`))));
  });
  const wallMs = performance.now() - t0;
  rmSync(out, { recursive: true, force: true });
  const summary = JSON.parse(stdout) as { cases: number };
  return { wallMs, cpuMs: childrenCpuMs() - cpu0, cases: summary.cases };
}

async function endToEnd(jobs: number): Promise<BenchResult> {
  const startup = await fuzzRun(1, jobs);
  const rates: number[] = [];
  let cpuPerCase = 0;
  for (let r = 0; r < REPEATS; r++) {
    const x = await fuzzRun(RUNS, jobs);
    if (x.cases !== RUNS) throw new Error(`asked ${RUNS} cases, ${x.cases} judged`);
    rates.push((RUNS * 1000) / Math.max(1, x.wallMs - startup.wallMs));
    cpuPerCase += (x.cpuMs - startup.cpuMs) / RUNS / REPEATS;
  }
  const s = summarize(rates);
  return {
    name: `fuzz fast --jobs ${jobs} (reference, ${RUNS} cases)`,
    opsPerSec: s.p50,
    // Per-case wall time of each repeat (the percentiles are over repeats).
    nsPerOp: summarize(rates.map((x) => 1e9 / x)),
    batch: RUNS,
    cpuNsPerOp: cpuPerCase * 1e6,
    extra: {
      casesPerSecMin: Math.round(Math.min(...rates)),
      casesPerSecMedian: Math.round(s.p50),
      casesPerSecMax: Math.round(s.max),
      startupMs: Math.round(startup.wallMs),
      cpuMsPerCase: cpuPerCase.toFixed(3),
      [`cpuBoundCasesPerSecOn${availableParallelism()}Cores`]: Math.round((availableParallelism() * 1000) / cpuPerCase),
    },
  };
}

export async function run(): Promise<BenchResult[]> {
  const source = { kind: 'random', caps: ALL_FAST_CAPABILITIES } as const;
  const results: BenchResult[] = [
    // The part a worker thread does: make a case and decode it with the reference.
    measure(
      'fuzz fast case make + reference decode',
      (i) => {
        const c = makeFuzzCase(source, 1, i);
        if (c) referenceDecode(c.set, c.bytes, c.reset);
      },
      { batch: 8, batches: 250, warmupBatches: 25 },
    ),
  ];
  for (const jobs of [...new Set([1, availableParallelism()])]) results.push(await endToEnd(jobs));
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`fuzz benchmark — ${machine()}`);
  for (const r of await run()) console.log(formatResult(r), r.cpuNsPerOp !== undefined ? `cpu ${(r.cpuNsPerOp / 1e6).toFixed(3)} ms/op` : '');
}
