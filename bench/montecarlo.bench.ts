import { loadavg } from 'node:os';
import { formatResult, machine, type BenchResult } from './lib/harness.ts';
import { summarize } from './lib/stats.ts';
import { monteCarloHedging, monteCarloTable } from '../reference/multicast/montecarlo.ts';

/**
 * The Monte Carlo of Appendix C: one op = the whole table, all 25 (D, H) pairs (D = 1..5,
 * H = 0..4) at 100k iterations each (2.5 M exact draws of T). Target (issue 11): < 2 s a table.
 * Reported: wall ms per table (percentiles over REPEATS tables), CPU ms per table, and the
 * costliest cell alone (D = 5, H = 4) in ns per sample.
 */
const REPEATS = 5;
const DEPTHS = [1, 2, 3, 4, 5];
const HEDGES = [0, 1, 2, 3, 4];
const ITERATIONS = 100_000;

function table(): BenchResult {
  monteCarloTable({ depths: DEPTHS, hedges: HEDGES, iterations: 10_000, seed: 1 }); // warm-up
  const wallNs: number[] = [];
  const c0 = process.cpuUsage();
  let checksum = 0;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = process.hrtime.bigint();
    for (const cell of monteCarloTable({ depths: DEPTHS, hedges: HEDGES, iterations: ITERATIONS, seed: 1 + r })) checksum += cell.mean;
    wallNs.push(Number(process.hrtime.bigint() - t0));
  }
  const cpu = process.cpuUsage(c0);
  const cpuMsPerTable = (cpu.user + cpu.system) / 1000 / REPEATS;
  const s = summarize(wallNs);
  return {
    name: 'montecarlo.table 25 pairs x 100k',
    opsPerSec: (REPEATS * 1e9) / wallNs.reduce((a, b) => a + b, 0),
    nsPerOp: s,
    batch: 1,
    cpuNsPerOp: cpuMsPerTable * 1e6,
    extra: { wallMsP50: (s.p50 / 1e6).toFixed(0), wallMsMax: (s.max / 1e6).toFixed(0), cpuMsPerTable: cpuMsPerTable.toFixed(0), samplesPerSec: Math.round((25 * ITERATIONS * 1e9) / s.p50).toLocaleString('en-US'), checksum: (checksum / REPEATS).toFixed(3), load1: loadavg()[0]!.toFixed(2) },
  };
}

function worstCell(): BenchResult {
  const wallNs: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = process.hrtime.bigint();
    monteCarloHedging({ depth: 5, hedge: 4, iterations: ITERATIONS, seed: 1 + r });
    wallNs.push(Number(process.hrtime.bigint() - t0) / ITERATIONS);
  }
  const s = summarize(wallNs);
  return { name: 'montecarlo.cell D=5 H=4 (ns/sample)', opsPerSec: 1e9 / s.p50, nsPerOp: s, batch: ITERATIONS, extra: { load1: loadavg()[0]!.toFixed(2) } };
}

export async function run(): Promise<BenchResult[]> {
  return [table(), worstCell()];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${machine()} · load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const r of await run()) console.log(formatResult(r));
}
