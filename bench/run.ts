/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named: `npm run bench -- fast net`),
 * prints throughput and per-op percentiles (nearest rank), and writes reports/bench.json.
 * Benchmarks are never assertions: the figures are recorded, with the machine, in bench/README.md.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatResult, machine, type BenchResult } from './lib/harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

console.log(`fairwire benchmarks — ${machine()} — ${new Date().toISOString()}`);
const all: Record<string, BenchResult[]> = {};
let failed = 0;
for (const f of files) {
  console.log(`\n## ${f}`);
  try {
    const mod = (await import(pathToFileURL(join(here, f)).href)) as { run?: () => Promise<BenchResult[]> };
    if (typeof mod.run !== 'function') throw new Error('exports no run()');
    const results = await mod.run();
    all[f] = results;
    for (const r of results) console.log(formatResult(r));
  } catch (err) {
    failed++;
    console.log(`  error: ${(err as Error).stack ?? String(err)}`);
  }
}
mkdirSync('reports', { recursive: true });
writeFileSync('reports/bench.json', `${JSON.stringify({ machine: machine(), at: new Date().toISOString(), results: all }, null, 2)}\n`);
console.log('\nwritten: reports/bench.json');
process.exitCode = failed ? 1 : 0;
