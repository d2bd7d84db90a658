import { loadavg } from 'node:os';
import { formatResult, machine, type BenchResult } from './lib/harness.ts';
import { summarize } from './lib/stats.ts';
import { LimitOrderQueue } from '../reference/loq/loq.ts';
import { SimplePq } from '../reference/loq/simple-pq.ts';
import type { LoqOrder } from '../reference/loq/order.ts';

/**
 * LOQ throughput: one op of the harness = one push plus one pop (a PAIR), at a steady queue depth
 * (the backlog a gateway holds during a burst). The "push+pop/s" is read both ways, so
 * each result also reports push+pop operations/s (2 per pair). Orders are pre-allocated (prices
 * around the mid, both sides, ~half critical); the mid moves every 4096 pairs, starting new
 * epochs. Nothing is allocated per op.
 *
 * The machine is shared, so next to wall-clock ops/s (harness) each result carries CPU-time
 * ops/s (process.cpuUsage user + system over the timed batches, warm-up excluded; it counts
 * every thread of the process, GC and JIT included) and the 1-minute load average.
 */
const N = 1 << 14;
const BATCH = 1024;
const BATCHES = 700;
const REPEATS = 3;
const WARMUP = 200;

/**
 * Times `batch(i0, n)`, which must run ops i0 .. i0+n-1 in its own loop: each case's loop is its
 * own function, so V8 compiles it for that case alone (a shared per-op loop calling `op(i)` sees
 * every case's closure, its call site goes polymorphic and the case that runs first gets the
 * best code). One hrtime pair per batch of 1024 ops keeps timer overhead out. The batches run
 * in REPEATS rounds; wall and CPU ops/s are the median round's (cpuRange: all rounds),
 * percentiles are over every batch. With `pairs`, one op is a push+pop pair and the push+pop
 * operation rates (2 per pair) are reported too.
 */
export function timed(name: string, batch: (i0: number, n: number) => void, extra: () => Record<string, string | number>, pairs = false): BenchResult {
  let i = 0;
  for (let b = 0; b < WARMUP; b++, i += BATCH) batch(i, BATCH);
  const samples = new Float64Array(REPEATS * BATCHES);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let b = 0; b < BATCHES; b++, i += BATCH) {
      const s = process.hrtime.bigint();
      batch(i, BATCH);
      samples[r * BATCHES + b] = Number(process.hrtime.bigint() - s) / BATCH;
    }
    const t = Number(process.hrtime.bigint() - t0);
    const d = process.cpuUsage(c0);
    wall.push((BATCH * BATCHES * 1e9) / t);
    cpu.push((BATCH * BATCHES * 1e6) / (d.user + d.system));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  const [w, c] = [median(wall), median(cpu)];
  const range = `${fmt(Math.min(...cpu))}..${fmt(Math.max(...cpu))}`;
  const rates: Record<string, string> = pairs
    ? { cpuPairsPerSec: fmt(c), cpuPushPopOpsPerSec: fmt(2 * c), wallPushPopOpsPerSec: fmt(2 * w), cpuPairsRange: range }
    : { cpuOpsPerSec: fmt(c), cpuRange: range };
  return { name, opsPerSec: w, nsPerOp: summarize(samples), batch: BATCH, extra: { ...extra(), ...rates, load1: loadavg()[0]!.toFixed(2) } };
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
    `loq push+pop pairs depth=${depth}`,
    (i0, n) => {
      for (let i = i0; i < i0 + n; i++) {
        if ((i & 4095) === 0) q.setMid(10_000 + ((i >>> 12) % 7) - 3);
        q.push(os[i & (N - 1)]!);
        if (q.pop() !== undefined) popped++;
      }
    },
    () => ({ depth: q.size, popped }),
    true,
  );
}

function simplePq(depth: number): BenchResult {
  const os = orders(depth + 1);
  const q = new SimplePq<LoqOrder>();
  for (let i = 0; i < depth; i++) q.push(os[i % N]!);
  return timed(
    `simple-pq push+pop pairs depth=${depth}`,
    (i0, n) => {
      for (let i = i0; i < i0 + n; i++) {
        q.push(os[i & (N - 1)]!);
        q.pop();
      }
    },
    () => ({ depth: q.size }),
    true,
  );
}

export async function run(): Promise<BenchResult[]> {
  return [loq(64), loq(1024), loq(16384), simplePq(1024)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${machine()} · load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const r of await run()) console.log(formatResult(r));
}
