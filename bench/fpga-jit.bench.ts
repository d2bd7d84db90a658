/**
 * The fast path's throughput targets (issue: >= 5 M msgs/s into the ring for ~60-byte messages,
 * >= 10x the interpreter), in a process of their own and before anything else runs in it (bench
 * order and other engines in one process move V8's figures by 20-60 % on this VM): whole streams
 * through the JIT into a 4096-record ring, then the same streams through the microcode
 * interpreter, and a floor sketch — what JavaScript on this machine needs just to touch the same
 * bytes and write the slots. Figures are CPU time per message (process.cpuUsage).
 *
 *   npx tsx bench/fpga-jit.bench.ts
 */
import { loadavg } from 'node:os';
import { INCREMENTAL_REFRESH_XML, marketDataStream } from './fast-decoder.bench.ts';
import { QUOTE_XML, quoteStream, wholeStream } from './fpga.bench.ts';
import { calibrate, formatResult, machine, measure, type BenchResult } from './lib/harness.ts';
import { MicrocodeEngine } from '../reference/fpga/engine.ts';
import { JitEngine } from '../reference/fpga/jit.ts';
import type { Program } from '../reference/fpga/isa.ts';

/**
 * A lower bound for JavaScript on this machine, not a decoder: scans a stream's stop-bit items
 * (presence maps, template ids, values, string bytes) and writes each as a slot of a 64-byte
 * record (7 slots, ids, status), with no checks, operators, dictionary or errors. Any fast path
 * must at least read every byte and write its slots; the fast path does all the rest on the
 * same bytes, so the ratio of the two is what decoding correctly costs over touching the data.
 */
export function floorSketch(bytes: Uint8Array, ring: Uint32Array, ring8: Uint8Array): number {
  let p = 0;
  let rec = 1;
  let n = 0;
  let items = 0;
  const end = bytes.length;
  while (p < end) {
    let v = 0;
    let x = 0;
    do {
      x = bytes[p++]!;
      v = v * 128 + (x & 127);
    } while (x < 128 && p < end);
    if (n === 7) {
      ring8[(rec << 6) + 63] = 1;
      rec = rec === 4096 ? 1 : rec + 1;
      n = 0;
    }
    const b = rec << 4;
    ring[b + 2 * n] = v;
    ring[b + 2 * n + 1] = Math.floor(v / 4294967296);
    ring8[(b << 2) + 56 + n] = 1 + (items++ & 127);
    n++;
  }
  return items;
}

function floorRow(name: string, bytes: Uint8Array, msgs: number): BenchResult {
  const ring = new Uint32Array(16 * 4097);
  const ring8 = new Uint8Array(ring.buffer);
  const r = measure(name, () => void floorSketch(bytes, ring, ring8), { batch: 1, batches: 300, warmupBatches: 30 });
  const cpuNs = r.cpuNsPerOp! / msgs;
  return { ...r, extra: { msgsPerSec: Math.round(r.opsPerSec * msgs), cpuNsPerMsg: Math.round(cpuNs), cpuMsgsPerSec: Math.round(1e9 / cpuNs) } };
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const jit = (p: Program) => new JitEngine(p);
  const interp = (p: Program) => new MicrocodeEngine(p);
  const q = quoteStream(4000);
  const md = marketDataStream(2000);
  results.push(wholeStream('fpga jit: quote, 4000-msg stream', QUOTE_XML, q.bytes, q.offsets.length, jit));
  results.push(wholeStream('fpga jit: incremental refresh, 2000-msg stream', INCREMENTAL_REFRESH_XML, md.bytes, md.offsets.length, jit));
  results.push(floorRow('floor sketch (no checks): quote, 4000-msg stream', q.bytes, q.offsets.length));
  results.push(floorRow('floor sketch (no checks): incremental refresh, 2000-msg stream', md.bytes, md.offsets.length));
  results.push(wholeStream('fpga interpreter: quote, 4000-msg stream', QUOTE_XML, q.bytes, q.offsets.length, interp, 20));
  results.push(wholeStream('fpga interpreter: incremental refresh, 2000-msg stream', INCREMENTAL_REFRESH_XML, md.bytes, md.offsets.length, interp, 20));
  const cpu = (name: string) => Number(results.find((r) => r.name === name)?.extra?.['cpuNsPerMsg'] ?? NaN);
  const x = (a: string, b: string) => (cpu(a) / cpu(b)).toFixed(1);
  console.log(`jit, by cpu time: quote ${(1e3 / cpu('fpga jit: quote, 4000-msg stream')).toFixed(2)} M msgs/s (target 5), ${x('fpga interpreter: quote, 4000-msg stream', 'fpga jit: quote, 4000-msg stream')}× the microcode interpreter; refresh ${(1e3 / cpu('fpga jit: incremental refresh, 2000-msg stream')).toFixed(2)} M msgs/s, ${x('fpga interpreter: incremental refresh, 2000-msg stream', 'fpga jit: incremental refresh, 2000-msg stream')}× the interpreter`);
  console.log(`jit over the floor sketch (cpu time): quote ${x('fpga jit: quote, 4000-msg stream', 'floor sketch (no checks): quote, 4000-msg stream')}×, refresh ${x('fpga jit: incremental refresh, 2000-msg stream', 'floor sketch (no checks): incremental refresh, 2000-msg stream')}×`);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${machine()} · ${calibrate()} · load ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
  for (const r of await run()) console.log(formatResult(r));
}
