import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatResult, machine, type BenchResult } from './lib/harness.ts';
import { summarize } from './lib/stats.ts';
import { referenceInbound } from '../reference/sim/exchange/inbound-path.ts';
import { simulateExchange, type SimulateExchangeOptions } from '../reference/sim/exchange/simulate.ts';

/**
 * The whole exchange end to end (reference/sim/exchange/simulate.ts), the issue's target:
 * 1000 participants for 10 simulated seconds in < 60 s and < 2 GiB. Order rate: 70% noise
 * traders at 10 orders/s (×10 in a 100 ms burst every second), 10% makers re-quoting at most
 * every 50 ms, 20% momentum takers (one IOC per 200 ms at most): ~15 orders/s per participant,
 * ~150k orders in all. Market data every 1 ms through the multicast tree (hold-and-release),
 * gateways' uplinks 50 orders/s, heartbeats every 5 ms (FAIRWIRE_BENCH_HEARTBEAT_NS), LOQ and
 * FIFO. Each run is a child process of its own, so its peak RSS is its own; the figures are the
 * median and the maximum over FAIRWIRE_BENCH_REPS runs (default 3) of wall and CPU time.
 * FAIRWIRE_BENCH_SECONDS / FAIRWIRE_BENCH_PARTICIPANTS override the size.
 */
const SECONDS = Number(process.env.FAIRWIRE_BENCH_SECONDS ?? 10);
const PARTICIPANTS = Number(process.env.FAIRWIRE_BENCH_PARTICIPANTS ?? 1000);
const REPS = Number(process.env.FAIRWIRE_BENCH_REPS ?? 3);
const HEARTBEAT_NS = Number(process.env.FAIRWIRE_BENCH_HEARTBEAT_NS ?? 5_000_000);

interface OneRun {
  wallNs: number;
  cpuNs: number;
  rssMiB: number;
  submitted: number;
  processed: number;
  trades: number;
  events: number;
}

function options(queue: 'loq' | 'fifo'): SimulateExchangeOptions {
  return {
    seed: 1,
    participants: PARTICIPANTS,
    durationNs: Math.round(SECONDS * 1e9),
    queue,
    uplinkOrdersPerSec: 50,
    bursts: { everyNs: 1_000_000_000, lengthNs: 100_000_000, factor: 10, jumpTicks: 3 },
    inbound: referenceInbound({ heartbeatPeriodNs: HEARTBEAT_NS }),
  };
}

async function one(queue: 'loq' | 'fifo'): Promise<OneRun> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = await simulateExchange(options(queue));
  const wallNs = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(c0);
  return {
    wallNs,
    cpuNs: (cpu.user + cpu.system) * 1000,
    rssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    submitted: r.orders.submitted,
    processed: r.orders.processed,
    trades: r.orders.trades,
    events: r.multicast.eventsProcessed,
  };
}

function bench(queue: 'loq' | 'fifo'): BenchResult {
  const runs: OneRun[] = [];
  for (let i = 0; i < REPS; i++) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', queue], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`run ${i} (${queue}) exited ${child.status ?? child.signal}: ${child.stderr.slice(-2000)}`);
    runs.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as OneRun);
  }
  const wall = summarize(runs.map((r) => r.wallNs));
  const cpu = summarize(runs.map((r) => r.cpuNs));
  const last = runs.at(-1)!;
  return {
    name: `exchange.whole-path ${queue} N=${PARTICIPANTS} ${SECONDS} s simulated, ${REPS} runs`,
    opsPerSec: (SECONDS * 1e9) / wall.p50,
    nsPerOp: wall,
    batch: 1,
    cpuNsPerOp: cpu.p50,
    extra: {
      wallSecP50: (wall.p50 / 1e9).toFixed(1),
      wallSecMax: (wall.max / 1e9).toFixed(1),
      cpuSecP50: (cpu.p50 / 1e9).toFixed(1),
      cpuSecMax: (cpu.max / 1e9).toFixed(1),
      peakRssMiBMax: Math.max(...runs.map((r) => r.rssMiB)),
      orders: last.submitted,
      processed: last.processed,
      trades: last.trades,
      multicastEvents: last.events,
      load1: loadavg()[0]!.toFixed(2),
    },
  };
}

export async function run(): Promise<BenchResult[]> {
  return [bench('loq'), bench('fifo')];
}

if (process.argv[2] === '--one') {
  console.log(JSON.stringify(await one(process.argv[3] === 'fifo' ? 'fifo' : 'loq')));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${machine()} · load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const r of await run()) console.log(formatResult(r));
}
