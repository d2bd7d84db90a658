/**
 * The WebAssembly back end of the FPGA model (reference/fpga/wasm) against its targets (issue 14:
 * <= 350 ns of CPU a message on the mFAST corpus with the dictionaries reset per message, decoded
 * into ring records; >= 5 M msgs/s on the 46-byte quote stream), beside the JIT, the microcode
 * interpreter and the floor sketch of fpga-jit.bench.ts (what JavaScript needs just to read every
 * stop-bit item and write it as a slot). Figures are CPU time per message (process.cpuUsage);
 * latency percentiles are over chunks of 100 messages (wall clock, per message).
 *
 *   npx tsx bench/wasm.bench.ts
 *
 * The wasm engine decodes into its own 4096-record ring (`decodeToRing`: the host is taken to
 * keep up), the JIT and the interpreter into a 4096-record DmaRing; "wasm via DmaWriter" is the
 * adapters' path, where every record is handed on to a JavaScript ring writer slot by slot.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUOTE_XML, quoteStream } from './fpga.bench.ts';
import { floorSketch } from './fpga-jit.bench.ts';
import { calibrate, formatResult, machine, type BenchResult } from './lib/harness.ts';
import { percentile, summarize } from './lib/stats.ts';
import { parseTemplates } from '../reference/fast/template-parser.ts';
import { compile } from '../reference/fpga/compiler.ts';
import { DmaRing, DmaWriter } from '../reference/fpga/dma-ring.ts';
import { MicrocodeEngine } from '../reference/fpga/engine.ts';
import type { Program } from '../reference/fpga/isa.ts';
import { JitEngine } from '../reference/fpga/jit.ts';
import { WasmEngine } from '../reference/fpga/wasm/wasm-engine.ts';

const RING = 4096;
const CHUNK = 100;

interface Stream {
  readonly bytes: Uint8Array;
  /** Chunks of CHUNK messages (concatenated bytes), for the latency percentiles. */
  readonly chunks: readonly Uint8Array[];
  readonly msgs: number;
}

function mfastStream(): Stream | undefined {
  const dir = [process.env['FAIRWIRE_CORPORA'], fileURLToPath(new URL('../corpora', import.meta.url)), fileURLToPath(new URL('../../shared/corpora', import.meta.url))]
    .filter((p): p is string => !!p)
    .map((p) => join(p, 'mfast-complex'))
    .find((p) => existsSync(join(p, 'complex30000.dat')));
  if (dir === undefined) return undefined;
  const data = readFileSync(join(dir, 'complex30000.dat'));
  const frames: Uint8Array[] = [];
  for (let off = 0; off < data.length; ) {
    const len = data.readUInt32LE(off);
    frames.push(data.subarray(off + 4, off + 4 + len));
    off += 4 + len;
  }
  return streamOf(frames);
}

function streamOf(frames: readonly Uint8Array[]): Stream {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i + CHUNK <= frames.length; i += CHUNK) chunks.push(new Uint8Array(Buffer.concat(frames.slice(i, i + CHUNK))));
  return { bytes: new Uint8Array(Buffer.concat(frames as Uint8Array[])), chunks, msgs: frames.length };
}

/** Decodes `bytes`; `fresh`: dictionaries reset first (whole-stream passes; chunks continue the state). */
type Decode = (bytes: Uint8Array, fresh: boolean) => void;

/**
 * Whole-stream passes (CPU ns per message over the timed passes), then every chunk once per
 * round (wall-clock ns per message of each chunk: p50 / p90 / p99).
 */
function bench(name: string, s: Stream, decode: Decode, passes: number): BenchResult {
  for (let i = 0; i < Math.max(2, passes / 5); i++) decode(s.bytes, true);
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < passes; i++) decode(s.bytes, true);
  const wall = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(c0);
  const cpuNs = ((cpu.user + cpu.system) * 1000) / (passes * s.msgs);
  const samples: number[] = [];
  const rounds = Math.max(1, Math.ceil(3000 / s.chunks.length));
  for (let r = 0; r < rounds; r++) {
    for (const c of s.chunks) {
      const t = process.hrtime.bigint();
      decode(c, false);
      samples.push(Number(process.hrtime.bigint() - t) / CHUNK);
    }
  }
  const sorted = Float64Array.from(samples).sort();
  const lat = summarize(sorted);
  return {
    name,
    opsPerSec: (passes * s.msgs * 1e9) / wall,
    nsPerOp: lat,
    batch: CHUNK,
    cpuNsPerOp: cpuNs,
    extra: {
      cpuNsPerMsg: Math.round(cpuNs),
      cpuMsgsPerSec: Math.round(1e9 / cpuNs),
      p50: Math.round(percentile(sorted, 50)),
      p90: Math.round(percentile(sorted, 90)),
      p99: Math.round(percentile(sorted, 99)),
      load1: loadavg()[0]!.toFixed(1),
    },
  };
}

function engines(xml: string, reset: 'none' | 'message'): [string, Decode, number][] {
  const program: Program = compile(parseTemplates(xml)).program;
  const wasm = new WasmEngine(program, { ringCapacity: RING });
  const viaWriter = new WasmEngine(program, { ringCapacity: RING });
  const jit = new JitEngine(program);
  const interp = new MicrocodeEngine(program);
  const ring = new DmaWriter(new DmaRing(RING));
  const opts = { reset } as const;
  const perMessage = reset === 'message';
  // A figure of an error path would be no figure: every engine must decode the whole stream.
  const checked = (label: string, run: (b: Uint8Array) => { messages: number; error: unknown }): Decode => {
    let verified = false;
    return (b, fresh) => {
      const r = run(b);
      if (!verified && fresh) {
        if (r.error !== null) throw new Error(`${label}: the bench stream did not decode: ${String(r.error)}`);
        verified = true;
      }
      void fresh;
    };
  };
  const withReset = (e: { reset(): void }, d: Decode): Decode => (b, fresh) => {
    if (fresh) e.reset();
    d(b, fresh);
  };
  const floorRing = new Uint32Array(16 * (RING + 1));
  const floor8 = new Uint8Array(floorRing.buffer);
  return [
    ['wasm', withReset(wasm, checked('wasm', (b) => wasm.decodeToRing(b, perMessage))), 20],
    ['wasm via DmaWriter', withReset(viaWriter, checked('wasm via DmaWriter', (b) => viaWriter.run(b, ring, opts))), 10],
    ['jit', withReset(jit, checked('jit', (b) => jit.run(b, ring, opts))), 10],
    ['interpreter', withReset(interp, checked('interpreter', (b) => interp.run(b, ring, opts))), 2],
    ['floor sketch (no checks)', (b) => void floorSketch(b, floorRing, floor8), 20],
  ];
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const md = mfastStream();
  if (md !== undefined) {
    for (const [label, decode, passes] of engines(readFileSync(join(fileURLToPath(new URL('../corpora/mfast-complex', import.meta.url)), 'example.xml'), 'utf8'), 'message')) {
      results.push(bench(`mFAST, reset per msg: ${label}`, md, decode, passes));
    }
  } else console.log('mFAST corpus not found (corpora/, ../shared/corpora or FAIRWIRE_CORPORA): its rows are left out');
  const q = quoteStream(4000);
  const frames = q.offsets.map((o, i) => q.bytes.subarray(o, q.offsets[i + 1] ?? q.bytes.length));
  const qs = streamOf(frames);
  for (const [label, decode, passes] of engines(QUOTE_XML, 'none')) results.push(bench(`quote 46 B: ${label}`, qs, decode, passes * 5));
  const cpu = (name: string) => Number(results.find((r) => r.name === name)?.extra?.['cpuNsPerMsg'] ?? NaN);
  for (const stream of ['mFAST, reset per msg', 'quote 46 B']) {
    const floor = cpu(`${stream}: floor sketch (no checks)`);
    if (Number.isNaN(floor)) continue;
    const rows = ['wasm', 'wasm via DmaWriter', 'jit', 'interpreter'].map((e) => `${e} ${cpu(`${stream}: ${e}`)} ns (${(cpu(`${stream}: ${e}`) / floor).toFixed(1)}× floor)`);
    console.log(`${stream}, CPU ns/msg: floor ${floor} ns; ${rows.join('; ')}`);
  }
  console.log(`targets: mFAST wasm ${cpu('mFAST, reset per msg: wasm')} ns/msg (≤ 350); quote wasm ${(1e3 / cpu('quote 46 B: wasm')).toFixed(2)} M msgs/s by CPU (≥ 5)`);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${machine()} · ${calibrate()} · load ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
  for (const r of await run()) console.log(`${formatResult(r)}`);
}
