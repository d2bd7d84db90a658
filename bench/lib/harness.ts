import { hostname, cpus } from 'node:os';
import { summarize, type LatencySummary } from './stats.ts';

/**
 * Measures `op` in batches: the per-op latency of a batch is its duration / batch size, which
 * keeps timer overhead (~50 ns per hrtime call) out of sub-microsecond operations. Reports
 * throughput from the total and percentiles over batch means, plus the machine it ran on.
 */
export interface BenchResult {
  readonly name: string;
  readonly opsPerSec: number;
  readonly nsPerOp: LatencySummary;
  readonly batch: number;
  /** CPU time (user + system, process.cpuUsage) per operation over the timed batches only (not
   * the warm-up): the figure to trust on a shared machine. */
  readonly cpuNsPerOp?: number;
  readonly extra?: Record<string, string | number>;
}

export function measure(
  name: string,
  op: (i: number) => void,
  { batch = 64, batches = 2000, warmupBatches = 200 }: { batch?: number; batches?: number; warmupBatches?: number } = {},
): BenchResult {
  let i = 0;
  for (let b = 0; b < warmupBatches; b++) for (let k = 0; k < batch; k++) op(i++);
  const samples = new Float64Array(batches);
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let b = 0; b < batches; b++) {
    const s = process.hrtime.bigint();
    for (let k = 0; k < batch; k++) op(i++);
    samples[b] = Number(process.hrtime.bigint() - s) / batch;
  }
  const total = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(c0);
  const cpuNsPerOp = ((cpu.user + cpu.system) * 1000) / (batches * batch);
  return { name, opsPerSec: (batches * batch * 1e9) / total, nsPerOp: summarize(samples), batch, cpuNsPerOp };
}

/**
 * The machine's speed at what dominates byte-level code: ns per element of a summing loop over a
 * Uint8Array in optimised JavaScript, the best of 20 samples of ~1 M elements each (wall clock:
 * the best sample is one that was not interrupted; CPU-time counters tick too coarsely for
 * samples this short), so figures from different machines — or from one VM whose host is busier
 * at one hour than another — can be compared. On this project's VM it has read 1.3 to 4.5 ns over
 * one day, where C does the same loop in 0.4 to 0.7 ns.
 */
let calibrationSink = 0;

export function calibrate(): string {
  const b = new Uint8Array(1 << 16);
  for (let i = 0; i < b.length; i++) b[i] = (i * 37) & 255;
  const sum = (a: Uint8Array): number => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s = (s + a[i]!) | 0;
    return s;
  };
  let best = Infinity;
  let sink = 0;
  for (let w = 0; w < 200; w++) sink ^= sum(b); // optimised (not on-stack-replaced) code first
  for (let k = 0; k < 20; k++) {
    const t = process.hrtime.bigint();
    for (let r = 0; r < 16; r++) sink ^= sum(b);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / (16 * b.length));
  }
  calibrationSink = sink; // keeps the loop observable (not dead code)
  return `calibration: ${best.toFixed(2)} ns per Uint8Array element summed`;
}

export function machine(): string {
  const c = cpus();
  return `${hostname()} · ${c.length}× ${c[0]?.model ?? 'unknown cpu'} · node ${process.version}`;
}

export function formatResult(r: BenchResult): string {
  const n = r.nsPerOp;
  const f = (x: number) => x.toFixed(x < 10 ? 2 : 0);
  const extra = r.extra ? '  ' + Object.entries(r.extra).map(([k, v]) => `${k}=${v}`).join(' ') : '';
  return `${r.name.padEnd(44)} ${Math.round(r.opsPerSec).toLocaleString('en-US').padStart(12)} ops/s   ns/op p50 ${f(n.p50)} p99 ${f(n.p99)} p99.9 ${f(n.p999)} max ${f(n.max)} (batch ${r.batch})${extra}`;
}
