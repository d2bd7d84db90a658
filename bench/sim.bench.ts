import { loadavg } from 'node:os';
import { formatResult, machine, type BenchResult } from './lib/harness.ts';
import { summarize } from './lib/stats.ts';
import { EventQueue } from '../reference/sim/event-queue.ts';
import { Rng } from '../reference/sim/rng.ts';

/**
 * The discrete-event simulator's event queue (reference/sim/event-queue.ts): one op = one event
 * processed, i.e. one pop of the earliest event and one push of the event it schedules, at a
 * steady number of events in flight (the "hold" model: what a simulation's main loop does).
 * New events land 30 µs + up to 262 µs after the popped one (a hop of the latency model), so
 * times are random and collide (ties broken by insertion order). Pending sizes: 1k, ~6.6k
 * (N = 1000, H = 2 at 10k msgs/s: two messages' copies in flight) and 100k; and 6.6k pending in
 * runs of 30 (what the multicast harness schedules: a proxy's 30 copies per answer). Wall and CPU-time
 * events/s are reported, the issue's target is ≥ 5 M events/s.
 */
const BATCH = 1 << 14;
const BATCHES = 300;

function hold(pending: number, run = 1): BenchResult {
  const q = new EventQueue(1024);
  const rng = new Rng(7);
  for (let i = 0; i < pending; i++) q.push(rng.int(262_144), i, 0, 0);
  const delays = new Float64Array(1 << 16);
  for (let i = 0; i < delays.length; i++) delays[i] = 30_000 + rng.int(262_144);
  let k = 0;
  // run = 1: every pop pushes its successor; run > 1: every `run` pops, their successors are
  // staged and committed as one run (a node's answer of `run` copies).
  const batch =
    run === 1
      ? () => {
          for (let i = 0; i < BATCH; i++) {
            q.pop();
            q.push(q.t + delays[k++ & 0xffff]!, q.a, q.b, q.c + 1);
          }
        }
      : () => {
          for (let i = 0; i < BATCH; i++) {
            q.pop();
            q.stage(q.t + delays[k++ & 0xffff]!, q.a, q.b, q.c + 1);
            if (i % run === run - 1) q.commit();
          }
          q.commit();
        };
  for (let w = 0; w < 30; w++) batch();
  const samples = new Float64Array(BATCHES);
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let b = 0; b < BATCHES; b++) {
    const s = process.hrtime.bigint();
    batch();
    samples[b] = Number(process.hrtime.bigint() - s) / BATCH;
  }
  const wall = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(c0);
  const events = BATCH * BATCHES;
  const cpuPerSec = (events * 1e6) / (cpu.user + cpu.system);
  return {
    name: `sim.event-queue hold pending=${pending}${run > 1 ? ` runs of ${run}` : ''}`,
    opsPerSec: (events * 1e9) / wall,
    nsPerOp: summarize(samples),
    batch: BATCH,
    cpuNsPerOp: 1e9 / cpuPerSec,
    extra: { cpuEventsPerSec: Math.round(cpuPerSec).toLocaleString('en-US'), load1: loadavg()[0]!.toFixed(2) },
  };
}

export async function run(): Promise<BenchResult[]> {
  return [hold(1_000), hold(6_600), hold(100_000), hold(6_600, 30)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${machine()} · load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const r of await run()) console.log(formatResult(r));
}
