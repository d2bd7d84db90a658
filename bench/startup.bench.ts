import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatResult, machine, type BenchResult } from './lib/harness.ts';
import { percentile, summarize } from './lib/stats.ts';
// @ts-expect-error plain JavaScript module without declarations (bin/ ships as is)
import { distIsFresh } from '../bin/build-stamp.js';

/**
 * Start-up of the CLI, hyperfine-style: each command run RUNS times (after WARMUP runs), each in a
 * new process, wall time per run; reported as median and p90. The target (issue 15): `npx fairwire
 * --help` ≤ 0.3 s. Baselines: Node's own start (`node -e 0`) and npx's (`npx --version`). "from the
 * sources" is what every start cost before dist/ (tsx compiling the TypeScript on the fly).
 */
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RUNS = 20;
const WARMUP = 2;

function time(name: string, cmd: string, args: readonly string[]): BenchResult {
  const once = (): number => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, [...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    const ns = Number(process.hrtime.bigint() - t0);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status ?? r.signal}: ${r.stderr}`);
    return ns;
  };
  for (let i = 0; i < WARMUP; i++) once();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(once());
  const s = summarize(samples);
  const sorted = Float64Array.from(samples).sort();
  return {
    name,
    opsPerSec: 1e9 / s.mean,
    nsPerOp: s,
    batch: 1,
    extra: { medianMs: (s.p50 / 1e6).toFixed(0), p90Ms: (percentile(sorted, 90) / 1e6).toFixed(0), runs: RUNS, load1: loadavg()[0]!.toFixed(2) },
  };
}

export async function run(): Promise<BenchResult[]> {
  if (!distIsFresh(ROOT)) throw new Error('dist/ is missing or older than the sources: run `npm run build` first (else this measures the tsx fallback)');
  const bin = 'bin/fairwire.js';
  return [
    time('baseline: node -e 0', process.execPath, ['-e', '0']),
    time('baseline: npx --version', 'npx', ['--version']),
    time('node bin/fairwire.js --help (dist)', process.execPath, [bin, '--help']),
    time('npx fairwire --help (dist)', 'npx', ['fairwire', '--help']),
    time('node bin/fairwire.js conform --help (dist, loads conform)', process.execPath, [bin, 'conform', '--help']),
    time('before: node --import tsx cli/main.ts --help (sources)', process.execPath, ['--import', 'tsx', 'cli/main.ts', '--help']),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(machine());
  for (const r of await run()) console.log(formatResult(r));
}
