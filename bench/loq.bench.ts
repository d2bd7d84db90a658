import { loadavg } from 'node:os';
import { formatResult, machine, measure, type BenchResult } from './lib/harness.ts';
import { LimitOrderQueue } from '../reference/loq/loq.ts';
import { SimplePq } from '../reference/loq/simple-pq.ts';
import type { LoqOrder } from '../reference/loq/order.ts';

/**
 * LOQ throughput: one op = one push plus one pop (a pair), at a steady queue depth (the backlog
 * a gateway holds during a burst). Orders are pre-allocated (prices around the mid, both sides,
 * ~half critical); the mid moves every 4096 ops, starting new epochs. Nothing is allocated per op.
 *
 * The machine is shared, so next to wall-clock ops/s (harness) each result carries CPU-time
 * ops/s (process.cpuUsage user + system over the timed batches, warm-up excluded; it counts
 * every thread of the process, GC and JIT included) and the 1-minute load average.
 */
const N = 1 << 14;
const BATCH = 1024;
const BATCHES = 2000;
const WARMUP = 200;

export function timed(name: string, body: (i: number) => void, extra: () => Record<string, string | number>): BenchResult {
  const w = WARMUP * BATCH;
  for (let i = 0; i < w; i++) body(i);
  const c0 = process.cpuUsage();
  const r = measure(name, (i) => body(i + w), { batch: BATCH, batches: BATCHES, warmupBatches: 0 });
  const d = process.cpuUsage(c0);
  const cpuOpsPerSec = Math.round((BATCH * BATCHES * 1e6) / (d.user + d.system));
  return { ...r, extra: { ...extra(), cpuOpsPerSec: cpuOpsPerSec.toLocaleString('en-US'), load1: loadavg()[0]!.toFixed(2) } };
}

function orders(seed: number): LoqOrder[] {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out: LoqOrder[] = [];
  let ts = 0;
  for (let i = 0; i < N; i++) {
    ts += Math.floor(rnd() * 100);
    out.push({ id: i, participant: Math.floor(rnd() * 1000), side: rnd() < 0.5 ? 'bid' : 'ask', price: 10_000 + Math.floor(rnd() * 41) - 20, quantity: 1, timestamp: ts });
  }
  return out;
}

function loq(depth: number): BenchResult {
  const os = orders(depth);
  const q = new LimitOrderQueue<LoqOrder>({ mid: 10_000, window: 5 });
  for (let i = 0; i < depth; i++) q.push(os[i % N]!);
  let popped = 0;
  return timed(
    `loq push+pop depth=${depth}`,
    (i) => {
      if ((i & 4095) === 0) q.setMid(10_000 + ((i >>> 12) % 7) - 3);
      q.push(os[i & (N - 1)]!);
      if (q.pop() !== undefined) popped++;
    },
    () => ({ depth: q.size, popped }),
  );
}

function simplePq(depth: number): BenchResult {
  const os = orders(depth + 1);
  const q = new SimplePq<LoqOrder>();
  for (let i = 0; i < depth; i++) q.push(os[i % N]!);
  return timed(
    `simple-pq push+pop depth=${depth}`,
    (i) => {
      q.push(os[i & (N - 1)]!);
      q.pop();
    },
    () => ({ depth: q.size }),
  );
}

export async function run(): Promise<BenchResult[]> {
  return [loq(64), loq(1024), loq(16384), simplePq(1024)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${machine()} · load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const r of await run()) console.log(formatResult(r));
}
