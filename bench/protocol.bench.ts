import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatResult, machine, type BenchResult } from './lib/harness.ts';
import { summarize } from './lib/stats.ts';
import { VendorProcess, type VendorCommand, type VendorOptions } from '../adapters/process/vendor-process.ts';
import { loadProcessAdapter } from '../adapters/process/load.ts';
import type { Adapter } from '../adapters/adapter.ts';
import { createReferenceFastDecoder } from '../adapters/reference/fast.ts';
import { referenceSequencerAdapter } from '../adapters/reference/sequencer.ts';
import { fastCatalog } from '../properties/fast/catalog.ts';
import { sequencerCatalog } from '../properties/sequencer/catalog.ts';
import { runCatalog } from '../properties/runner.ts';
import type { Catalog } from '../properties/property.ts';

/**
 * The vendor protocol's cost.
 * 1. Round trips of a small `echo` request to a trivial vendor (Node and Python), with 1, 64 and
 *    256 requests in flight, validating every message (strict) or every 64th (sample). Latency is
 *    per request, from the call to the resolved promise.
 * 2. The suite's overhead over in-process: the same catalog, same seed, against the reference in
 *    process and against the same reference behind the protocol (a TypeScript vendor process),
 *    so the difference is the protocol alone (spawn, JSON, pipes, validation).
 */
const NODE_ECHO = `let p='';process.stdin.setEncoding('utf8');let s=false;
process.stdin.on('data',c=>{const l=(p+c).split('\\n');p=l.pop();const o=[];
for(const x of l){if(!x)continue;const m=JSON.parse(x);
if(!s){s=true;o.push(JSON.stringify({type:'ready',protocol:1,implementation:{name:'echo',version:'0',language:'javascript'},components:{echo:{capabilities:{}}}}));continue}
if(m.type==='bye')process.exit(0);o.push(JSON.stringify({seq:m.seq,result:m.params.value}))}
if(o.length)process.stdout.write(o.join('\\n')+'\\n')});process.stdin.on('end',()=>process.exit(0));`;

const PY_ECHO: VendorCommand = { command: 'python3', args: [fileURLToPath(new URL('../adapters/examples/python/fast_decoder.py', import.meta.url))] };
const NODE_VENDOR: VendorCommand = { command: process.execPath, args: ['-e', NODE_ECHO] };
const REFERENCE_VENDOR = `${process.execPath} --import tsx ${fileURLToPath(new URL('../adapters/process/testing/reference-vendor.ts', import.meta.url))}`;

/** utime + stime of a process in clock ticks (Linux /proc), 0 elsewhere. */
function cpuTicks(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

async function roundTrips(label: string, cmd: VendorCommand, depth: number, total: number, opts: VendorOptions): Promise<BenchResult> {
  const p = await VendorProcess.start(cmd, opts);
  const value = { px: 101, qty: 5, side: 'B' };
  // warm-up
  await Promise.all(Array.from({ length: Math.min(total / 10, 2000) }, () => p.request('echo', { value })));
  const lat = new Float64Array(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t = process.hrtime.bigint();
      await p.request('echo', { value });
      lat[i] = Number(process.hrtime.bigint() - t);
    }
  };
  const vendorCpu0 = cpuTicks(p.pid);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: depth }, worker));
  const ns = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  const vendorCpuMs = (cpuTicks(p.pid) - vendorCpu0) * 10; // USER_HZ = 100
  await p.close();
  const harnessUs = (cpu.user + cpu.system) / total;
  return {
    name: `protocol.echo ${label} depth=${depth}`,
    opsPerSec: (total * 1e9) / ns,
    nsPerOp: summarize(lat),
    batch: 1,
    extra: {
      validation: opts.validation ?? 'strict',
      harnessCpuUsPerReq: harnessUs.toFixed(2),
      vendorCpuUsPerReq: ((vendorCpuMs * 1000) / total).toFixed(2),
      // What one core each for harness and vendor would sustain: the CPU-bound rate.
      cpuBoundReqPerSec: Math.round(1e6 / Math.max(harnessUs, (vendorCpuMs * 1000) / total)),
    },
  };
}

async function overhead<A extends Adapter<object>>(component: string, catalog: Catalog<A>, reference: () => A, runs: number): Promise<BenchResult> {
  const time = async (subject: A) => {
    const t = Date.now();
    const results = await runCatalog({ catalog, subject, oracle: reference(), seed: 2026, runs });
    // Not an assertion (benchmarks never assert): a failure is printed, the timing still stands.
    for (const r of results.filter((x) => x.status !== 'passed' && x.status !== 'expected-failure')) {
      console.error(`${component} via ${subject.name}: ${r.id} ${r.status}: ${(r.message ?? '').split('\n')[0]}`);
    }
    return { ms: Date.now() - t, runs: results.reduce((n, r) => n + r.runs, 0) };
  };
  await time(reference()); // warm-up: JIT and caches, so in-process is not charged for them
  const inProc = await time(reference());
  const vendor = (await loadProcessAdapter(`cmd:${REFERENCE_VENDOR}`, component, { validation: 'strict' })) as unknown as A;
  const strict = await time(vendor);
  await vendor.close?.();
  const sampled = (await loadProcessAdapter(`cmd:${REFERENCE_VENDOR}`, component, { validation: 'sample' })) as unknown as A;
  const sample = await time(sampled);
  await sampled.close?.();
  const perRun = (x: { ms: number; runs: number }) => (x.ms * 1e6) / x.runs;
  return {
    name: `protocol.overhead ${component} catalog (reference in a process)`,
    opsPerSec: (strict.runs * 1000) / strict.ms,
    nsPerOp: summarize([perRun(strict)]),
    batch: 1,
    extra: {
      runs: strict.runs,
      inProcessMs: inProc.ms,
      processStrictMs: strict.ms,
      processSampleMs: sample.ms,
      overheadStrict: `x${(strict.ms / inProc.ms).toFixed(2)}`,
      overheadSample: `x${(sample.ms / inProc.ms).toFixed(2)}`,
    },
  };
}

export async function run(onResult?: (r: BenchResult) => void): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const push = out.push.bind(out);
  out.push = (...rs: BenchResult[]) => (rs.forEach((r) => onResult?.(r)), push(...rs));
  for (const [label, cmd] of [
    ['node', NODE_VENDOR],
    ['python', PY_ECHO],
  ] as const) {
    out.push(await roundTrips(label, cmd, 1, 20_000, {}));
    out.push(await roundTrips(label, cmd, 64, 200_000, {}));
    out.push(await roundTrips(label, cmd, 64, 200_000, { validation: 'sample' }));
    out.push(await roundTrips(label, cmd, 256, 200_000, { validation: 'sample' }));
  }
  out.push(await overhead('fast', fastCatalog, () => createReferenceFastDecoder(), 100));
  out.push(await overhead('sequencer', sequencerCatalog, referenceSequencerAdapter, 100));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`protocol benchmark — ${machine()}`);
  await run((r) => console.log(formatResult(r)));
}
