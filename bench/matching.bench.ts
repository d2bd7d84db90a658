import { loadavg } from 'node:os';
import { MatchingEngine } from '../reference/matching/engine.ts';
import type { MatchingEvent } from '../reference/matching/types.ts';
import { formatResult, machine, measure, type BenchResult } from './lib/harness.ts';
import { summarize } from './lib/stats.ts';

/**
 * Matching engine throughput and per-operation latency.
 * Every mixed-flow row reports wall-clock ns/op percentiles (the harness) AND CPU-time ones
 * (process.cpuUsage per batch of 100 ops, µs resolution, includes one getrusage call per batch)
 * with the 1-minute load average: on a shared machine wall time includes time stolen by other
 * processes, CPU time much less so.
 * - mixed flow: one symbol, ~1000 active levels (500 per side around a fixed mid), 60% resting
 *   limits (1-10 lots, prices skewed towards the touch), 30% cancels of a random live order, 10%
 *   marketable IOCs up to 10 ticks through the touch (1-44 lots, which keeps the number of
 *   resting orders stable, ~15k, over ~960 levels). The flow
 *   is generated up front by running it once through a separate engine (so every cancel names
 *   a live order) and replayed on a fresh engine while measured.
 * - deep level: 100k orders at one price: cancels from the middle, then one order sweeping
 *   the level; the sweep is also timed at 10k / 50k / 100k / 200k to show it is linear.
 */
const SYMBOL = 'X';
const MID = 1_000_000;
const HALF_RANGE = 500;

/** xorshift32: a deterministic stream of uint32 from a seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

type Cmd = Record<string, unknown>;

function mixedFlow(count: number, seed: number, prefill: number): { prefill: Cmd[]; flow: Cmd[] } {
  const next = rng(seed);
  const gen = new MatchingEngine({ symbols: [SYMBOL] });
  const live: string[] = [];
  const where = new Map<string, number>(); // id -> index in live
  const remaining = new Map<string, number>();
  let n = 0;
  const drop = (id: string) => {
    const i = where.get(id);
    if (i === undefined) return;
    const last = live.pop()!;
    if (last !== id) {
      live[i] = last;
      where.set(last, i);
    }
    where.delete(id);
    remaining.delete(id);
  };
  const onEvent = (e: MatchingEvent) => {
    if (e.type === 'trade') {
      const left = (remaining.get(e.makerId) ?? 0) - Number(e.quantity);
      if (left <= 0) drop(e.makerId);
      else remaining.set(e.makerId, left);
    }
  };
  const limit = (): Cmd => {
    const sell = (next() & 1) === 1;
    // Skewed towards the touch (as real books are), yet reaching all HALF_RANGE levels.
    const u = next() / 4294967296;
    const off = 1 + Math.floor(HALF_RANGE * u * u * u * u);
    const quantity = 1 + (next() % 10);
    const id = `L${n++}`;
    live.push(id);
    where.set(id, live.length - 1);
    remaining.set(id, quantity);
    return { type: 'new', id, account: `A${next() % 64}`, symbol: SYMBOL, side: sell ? 'sell' : 'buy', orderType: 'limit', price: sell ? MID + off : MID - off, quantity };
  };
  const run = (c: Cmd) => {
    gen.applyTo(c, onEvent);
    return c;
  };
  const pre: Cmd[] = [];
  for (let i = 0; i < prefill; i++) pre.push(run(limit()));
  const flow: Cmd[] = [];
  for (let i = 0; i < count; i++) {
    const r = next() % 10;
    if (r < 6 || live.length === 0) flow.push(run(limit()));
    else if (r < 9) {
      const id = live[next() % live.length]!;
      drop(id);
      flow.push(run({ type: 'cancel', id }));
    } else {
      const buy = (next() & 1) === 1;
      const top = gen.bbo(SYMBOL);
      const touch = Number((buy ? top.askPrice : top.bidPrice) ?? MID);
      flow.push(run({ type: 'new', id: `M${n++}`, account: 'T', symbol: SYMBOL, side: buy ? 'buy' : 'sell', orderType: 'limit', tif: 'ioc', price: buy ? touch + 10 : touch - 10, quantity: 1 + (next() % 44) }));
    }
  }
  return { prefill: pre, flow };
}

/**
 * The harness's measure() (wall clock per batch) plus CPU time per batch, as extra fields:
 * cpuOpsPerSec over the measured batches and CPU ns/op p50 / p99 / p99.9.
 */
function measureWithCpu(name: string, op: (i: number) => void, { batch, batches, warmupBatches }: { batch: number; batches: number; warmupBatches: number }): BenchResult {
  let i = 0;
  for (let b = 0; b < warmupBatches * batch; b++) op(i++);
  const cpuSamples = new Float64Array(batches);
  const wallSamples = new Float64Array(batches);
  let cpuTotal = 0;
  const t0 = process.hrtime.bigint();
  for (let b = 0; b < batches; b++) {
    const c = process.cpuUsage();
    const s = process.hrtime.bigint();
    for (let k = 0; k < batch; k++) op(i++);
    wallSamples[b] = Number(process.hrtime.bigint() - s) / batch;
    const d = process.cpuUsage(c);
    const us = d.user + d.system;
    cpuTotal += us;
    cpuSamples[b] = (us * 1000) / batch;
  }
  const wall = Number(process.hrtime.bigint() - t0);
  const cpu = summarize(cpuSamples);
  return {
    name,
    opsPerSec: (batches * batch * 1e9) / wall,
    nsPerOp: summarize(wallSamples),
    batch,
    extra: {
      cpuOpsPerSec: Math.round((batches * batch * 1e6) / cpuTotal),
      cpuNsP50: Math.round(cpu.p50),
      cpuNsP99: Math.round(cpu.p99),
      cpuNsP999: Math.round(cpu.p999),
      load1: loadavg()[0]!.toFixed(1),
    },
  };
}

function benchMixed(): BenchResult[] {
  const batch = 100;
  const batches = 10_000;
  const warmupBatches = 1_000;
  const total = batch * (batches + warmupBatches);
  const { prefill, flow } = mixedFlow(total, 0x5eed, 20_000);
  const results: BenchResult[] = [];
  const noop = () => {};
  // 'transient sink': the sink only counts, so it promises not to keep events (applyTo's third
  // argument) and the engine refills its scratch event objects; 'sink': a fresh object per event.
  const rows = [
    ['matching mixed 60/30/10, transient sink', 'transient'],
    ['matching mixed 60/30/10, sink', 'sink'],
    ['matching mixed 60/30/10, apply() arrays', 'array'],
  ] as const;
  for (const [name, mode] of rows) {
    const engine = new MatchingEngine({ symbols: [SYMBOL] });
    for (const c of prefill) engine.applyTo(c, noop);
    let events = 0;
    const count = () => void events++;
    const op =
      mode === 'array'
        ? (i: number) => void (events += engine.apply(flow[i]!).length)
        : mode === 'sink'
          ? (i: number) => engine.applyTo(flow[i]!, count)
          : (i: number) => engine.applyTo(flow[i]!, count, true);
    const r = measureWithCpu(name, op, { batch, batches, warmupBatches });
    const snap = engine.snapshot(SYMBOL)[0]!;
    results.push({ ...r, extra: { ...r.extra, levels: snap.bids.length + snap.asks.length, resting: engine.restingOrders, eventsPerOp: (events / total).toFixed(2) } });
  }
  return results;
}

function deepLevel(n: number): { engine: MatchingEngine } {
  const engine = new MatchingEngine({ symbols: [SYMBOL] });
  const noop = () => {};
  for (let i = 0; i < n; i++) engine.applyTo({ type: 'new', id: `d${i}`, account: 'A', symbol: SYMBOL, side: 'sell', orderType: 'limit', price: MID, quantity: 1 }, noop);
  return { engine };
}

function benchDeep(): BenchResult[] {
  const results: BenchResult[] = [];
  // Cancels from the middle of a 100k-order level (every other order, walking outwards).
  const n = 100_000;
  const { engine } = deepLevel(n);
  const noop = () => {};
  const order: number[] = [];
  for (let k = 0; k < n / 2; k++) order.push(n / 2 + (k % 2 === 0 ? k : -k - 1));
  const cancel = measureWithCpu('deep level 100k: cancel from the middle', (i) => engine.applyTo({ type: 'cancel', id: `d${order[i]!}` }, noop), { batch: 50, batches: 900, warmupBatches: 100 });
  results.push({ ...cancel, extra: { ...cancel.extra, leftAtLevel: engine.restingOrders } });
  // Sweep: one market order through the whole level; ns per filled order at growing depths.
  for (const depth of [10_000, 50_000, 100_000, 200_000]) {
    const samples: number[] = [];
    const cpuSamples: number[] = [];
    for (let rep = 0; rep < 5; rep++) {
      const { engine: e } = deepLevel(depth);
      let fills = 0;
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      e.applyTo({ type: 'new', id: 'sweep', account: 'B', symbol: SYMBOL, side: 'buy', orderType: 'market', quantity: depth }, (ev) => {
        if (ev.type === 'trade') fills++;
      });
      const ns = Number(process.hrtime.bigint() - t0);
      const c = process.cpuUsage(c0);
      if (fills !== depth) throw new Error(`sweep filled ${fills} of ${depth}`);
      samples.push(ns / depth);
      cpuSamples.push(((c.user + c.system) * 1000) / depth);
    }
    samples.sort((a, b) => a - b);
    cpuSamples.sort((a, b) => a - b);
    const med = samples[2]!;
    results.push({
      name: `deep level ${depth / 1000}k: sweep (per fill)`,
      opsPerSec: 1e9 / med,
      nsPerOp: { count: samples.length, p50: med, p99: samples[4]!, p999: samples[4]!, max: samples[4]!, mean: samples.reduce((a, b) => a + b, 0) / samples.length },
      batch: depth,
      extra: { sweepMs: ((med * depth) / 1e6).toFixed(1), cpuNsPerFillP50: Math.round(cpuSamples[2]!), load1: loadavg()[0]!.toFixed(1) },
    });
  }
  return results;
}

/**
 * A yardstick for the machine: one Map set + get + delete of a string key plus one small
 * allocation, per op. On a quiet modern core this is ~100-300 ns; read the rows above
 * relative to it when the machine is shared.
 */
function calibration(): BenchResult {
  const keys = Array.from({ length: 1 << 16 }, (_, i) => `k${i}`);
  const m = new Map<string, { i: number }>();
  const mask = keys.length - 1;
  let sum = 0;
  return measure(
    'calibration: Map set+get+delete + 1 alloc',
    (i) => {
      const k = keys[i & mask]!;
      m.set(k, { i });
      sum += m.get(k)!.i;
      m.delete(k);
    },
    { batch: 100, batches: 5_000, warmupBatches: 500 },
  );
}

export async function run(): Promise<BenchResult[]> {
  return [calibration(), ...benchMixed(), ...benchDeep()];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(machine());
  for (const r of await run()) console.log(formatResult(r));
}
