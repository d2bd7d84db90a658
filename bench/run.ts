/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named: `npm run bench -- fast net`), each
 * in its own Node process (bench/lib/child.ts), prints throughput and per-op percentiles (nearest
 * rank), and writes reports/bench.json — also when a bench fails (its error is recorded).
 * Benchmarks are never assertions: the figures are recorded, with the machine, in bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calibrate, machine, type BenchResult } from './lib/harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no bench matches ${filters.join(', ')}; available: ${readdirSync(here).filter((f) => f.endsWith('.bench.ts')).join(', ')}`);
  process.exit(2);
}

const speed = calibrate();
console.log(`fairwire benchmarks — ${machine()} — ${speed} — ${new Date().toISOString()}`);
const all: Record<string, BenchResult[] | { error: string }> = {};
const scratch = mkdtempSync(join(tmpdir(), 'fairwire-bench-'));
let failed = 0;
for (const f of files) {
  console.log(`\n## ${f}`);
  const out = join(scratch, `${f}.json`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'lib', 'child.ts'), join(here, f), out], { stdio: 'inherit' });
  try {
    if (r.status !== 0) throw new Error(`exit ${r.status ?? r.signal}`);
    all[f] = JSON.parse(readFileSync(out, 'utf8')) as BenchResult[];
  } catch (err) {
    failed++;
    all[f] = { error: (err as Error).message };
    console.log(`  error: ${(err as Error).message}`);
  }
}
rmSync(scratch, { recursive: true, force: true });
mkdirSync('reports', { recursive: true });
writeFileSync('reports/bench.json', `${JSON.stringify({ machine: machine(), speed, at: new Date().toISOString(), results: all }, null, 2)}\n`);
console.log('\nwritten: reports/bench.json');
process.exitCode = failed ? 1 : 0;
