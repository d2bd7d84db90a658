import { loadavg } from 'node:os';
import { formatResult, machine, type BenchResult } from './lib/harness.ts';
import { summarize } from './lib/stats.ts';
import { simulateTree, type SimulateTreeOptions } from '../reference/multicast/harness.ts';

/**
 * `simulateTree` end to end with reference nodes (reference/multicast/harness.ts), record:
 * 'summary'. The target: N = 1000, H = 2, 100k messages in < 60 s and < 1 GiB. Messages
 * go out at 10k msgs/s (the paper's base rate, §6.5.2): at H = 2 a last-layer proxy sends 30
 * copies × 2.7 µs = 81 µs of egress per message, so faster than ~12k msgs/s the queues in front
 * of its NIC would grow without end. One op = one message simulated; events/s = every packet
 * copy, timer and report the simulator processed. Peak RSS is the process's maxRSS (each bench
 * file runs in its own process). FAIRWIRE_BENCH_MESSAGES overrides the 100k.
 */
const MESSAGES = Number(process.env.FAIRWIRE_BENCH_MESSAGES ?? 100_000);

async function tree(name: string, o: Omit<SimulateTreeOptions, 'seed' | 'messages' | 'intervalNs'>, messages: number): Promise<BenchResult> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = await simulateTree({ seed: 1, messages, intervalNs: 100_000, record: 'summary', ...o });
  const wall = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(c0);
  const cpuNs = (cpu.user + cpu.system) * 1000;
  if (r.fault) throw new Error(`${name}: fault ${r.fault.reason}`);
  return {
    name,
    opsPerSec: (messages * 1e9) / wall,
    nsPerOp: summarize([wall / messages]),
    batch: messages,
    cpuNsPerOp: cpuNs / messages,
    extra: {
      wallSec: (wall / 1e9).toFixed(1),
      cpuSec: (cpuNs / 1e9).toFixed(1),
      events: r.eventsProcessed,
      cpuEventsPerSec: Math.round((r.eventsProcessed * 1e9) / cpuNs).toLocaleString('en-US'),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      omlP50us: (r.oml.p50 / 1000).toFixed(1),
      omlP99us: (r.oml.p99 / 1000).toFixed(1),
      dwsP50us: (r.dws.p50 / 1000).toFixed(1),
      pf: r.pf,
      load1: loadavg()[0]!.toFixed(2),
    },
  };
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  out.push(await tree(`multicast.tree N=1000 H=2 ${MESSAGES} msgs`, { receivers: 1000, hedge: 2 }, MESSAGES));
  const small = Math.max(1, Math.round(MESSAGES / 10));
  out.push(await tree(`multicast.tree N=1000 H=0 spraying ${small} msgs`, { receivers: 1000, spraying: true }, small));
  out.push(await tree(`multicast.tree N=1000 H=2 hold-release ${small} msgs`, { receivers: 1000, hedge: 2, holdRelease: { headroomNs: 50_000 }, clocks: { epsilonNs: 100 } }, small));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${machine()} · load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const r of await run()) console.log(formatResult(r));
}
