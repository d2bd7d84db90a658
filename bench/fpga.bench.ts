/**
 * The FPGA decoder model on the reference benchmark's market-data stream (incremental refresh,
 * 5–10 entries a message; bench/fast-decoder.bench.ts): the microcode interpreter, the JIT fast
 * path (both writing records into the DMA ring) and the reference decoder (canonical JSON), per
 * message, with latency percentiles (nearest rank over batch means; jitter = p99.9 / p50), plus
 * ~60-byte message streams (a quote stream, and the mFAST corpus: 66.5 B/msg, when present) and
 * the JIT with a polling host. Every row also has the CPU time per message (measure()'s timed
 * batches) and the load average: on a shared machine wall-clock figures include time spent
 * waiting to run. The whole-stream throughput targets are bench/fpga-jit.bench.ts (a process
 * of their own).
 *
 *   npx tsx bench/fpga.bench.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatResult, machine, measure, type BenchResult } from './lib/harness.ts';
import { INCREMENTAL_REFRESH_XML, marketDataStream } from './fast-decoder.bench.ts';
import { FastDecoder } from '../reference/fast/decoder.ts';
import { FastEncoder } from '../reference/fast/encoder.ts';
import { parseTemplates } from '../reference/fast/template-parser.ts';
import { compile } from '../reference/fpga/compiler.ts';
import { DmaRing, DmaWriter, RingReader } from '../reference/fpga/dma-ring.ts';
import { MicrocodeEngine } from '../reference/fpga/engine.ts';
import { JitEngine } from '../reference/fpga/jit.ts';
import { RecordAssembler } from '../reference/fpga/record-assembler.ts';

/** A ~60-byte top-of-book quote, no operators but one: the shape of the 5 M msgs/s target. */
export const QUOTE_XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">
<template name="Quote" id="2">
  <uInt32 name="MsgSeqNum"/>
  <uInt64 name="SendingTime"/>
  <uInt32 name="SecurityID"/>
  <string name="Symbol"/>
  <decimal name="BidPx"/>
  <int32 name="BidSize"/>
  <decimal name="AskPx"/>
  <int32 name="AskSize"/>
  <uInt32 name="BidOrders"/>
  <uInt32 name="AskOrders"/>
  <uInt64 name="TradeVolume"/>
  <decimal name="LastPx"/>
  <uInt32 name="QuoteCondition"><copy/></uInt32>
</template>
</templates>`;

export function quoteStream(count: number): { bytes: Uint8Array; offsets: number[] } {
  const enc = new FastEncoder(parseTemplates(QUOTE_XML));
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const parts: Uint8Array[] = [];
  let mid = 4_512_300;
  let time = 1_700_000_000_000_000n;
  for (let i = 0; i < count; i++) {
    mid += rnd(7) - 3;
    time += BigInt(1 + rnd(900));
    parts.push(
      enc.encodeMessage({
        templateId: 2,
        fields: {
          MsgSeqNum: String(i + 1),
          SendingTime: String(time),
          SecurityID: String(100_000 + rnd(4)),
          Symbol: ['ESZ6', 'NQZ6', 'YMZ6', 'RTYZ6'][rnd(4)]!,
          BidPx: { exponent: -2, mantissa: String(mid - 25) },
          BidSize: String(1 + rnd(5000)),
          AskPx: { exponent: -2, mantissa: String(mid + 25) },
          AskSize: String(1 + rnd(5000)),
          BidOrders: String(1 + rnd(300)),
          AskOrders: String(1 + rnd(300)),
          TradeVolume: String(1_000_000_000 + i * 17),
          LastPx: { exponent: -2, mantissa: String(mid + rnd(51) - 25) },
          QuoteCondition: String(rnd(3)),
        },
      }),
    );
  }
  const offsets: number[] = [];
  let total = 0;
  for (const p of parts) {
    offsets.push(total);
    total += p.length;
  }
  const bytes = new Uint8Array(total);
  parts.forEach((p, i) => bytes.set(p, offsets[i]!));
  return { bytes, offsets };
}

interface Engine {
  reset(): void;
  run(bytes: Uint8Array, dma: DmaWriter, o: { reset: 'none' }): unknown;
}

function perMessage(name: string, xml: string, stream: { bytes: Uint8Array; offsets: number[] }, make: (p: ReturnType<typeof compile>['program']) => Engine): BenchResult {
  const { bytes, offsets } = stream;
  const n = offsets.length;
  const views = offsets.map((o, i) => bytes.subarray(o, offsets[i + 1] ?? bytes.length));
  const engine = make(compile(parseTemplates(xml)).program);
  const writer = new DmaWriter(new DmaRing(4096));
  const opts = { reset: 'none' as const };
  let records0 = writer.written;
  const r = measure(name, (i) => {
    const k = i % n;
    if (k === 0) engine.reset();
    engine.run(views[k]!, writer, opts);
  }, { batch: 100, batches: 3000, warmupBatches: 300 });
  records0 = writer.written - records0;
  return {
    ...r,
    extra: {
      bytesPerMsg: (bytes.length / n).toFixed(1),
      MBps: ((r.opsPerSec * bytes.length) / n / 1e6).toFixed(1),
      recordsPerMsg: (records0 / ((3000 + 300) * 100)).toFixed(1),
      jitter: (r.nsPerOp.p999 / r.nsPerOp.p50).toFixed(1),
      ...cpuFigures(r.cpuNsPerOp!, bytes.length / n),
    },
  };
}

/** CPU-time figures from measure()'s CPU ns per message (timed batches only): the msgs/s and MB/s
 * they imply, and the load average. */
export function cpuFigures(ns: number, bytesPerMsg: number): Record<string, string | number> {
  return { cpuNsPerMsg: Math.round(ns), cpuMsgsPerSec: Math.round(1e9 / ns), cpuMBps: ((1e3 * bytesPerMsg) / ns).toFixed(1), load1: loadavg()[0]!.toFixed(1) };
}

export function wholeStream(name: string, xml: string, bytes: Uint8Array, msgs: number, make: (p: ReturnType<typeof compile>['program']) => Engine, batches = 300): BenchResult {
  const engine = make(compile(parseTemplates(xml)).program);
  const writer = new DmaWriter(new DmaRing(4096));
  const warmupBatches = Math.ceil(batches / 10);
  const r = measure(name, () => {
    engine.reset();
    engine.run(bytes, writer, { reset: 'none' });
  }, { batch: 1, batches, warmupBatches });
  const msgsPerSec = r.opsPerSec * msgs;
  const cpuNs = r.cpuNsPerOp! / msgs; // timed runs only: the warm-up (unoptimised code) left out
  return { ...r, extra: { msgsPerSec: Math.round(msgsPerSec), MBps: ((r.opsPerSec * bytes.length) / 1e6).toFixed(1), ...cpuFigures(cpuNs, bytes.length / msgs) } };
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const md = marketDataStream(2000);
  const interp = (p: ReturnType<typeof compile>['program']) => new MicrocodeEngine(p);
  const jit = (p: ReturnType<typeof compile>['program']) => new JitEngine(p);
  results.push(perMessage('fpga interpreter: incremental refresh / msg', INCREMENTAL_REFRESH_XML, md, interp));
  results.push(perMessage('fpga jit: incremental refresh / msg', INCREMENTAL_REFRESH_XML, md, jit));
  const ref = new FastDecoder(parseTemplates(INCREMENTAL_REFRESH_XML));
  const r = measure('reference decoder: incremental refresh / msg', (i) => {
    const k = i % md.offsets.length;
    if (k === 0) ref.reset();
    ref.decodeMessage(md.bytes, md.offsets[k]!);
  }, { batch: 100, batches: 3000, warmupBatches: 300 });
  results.push({
    ...r,
    extra: { bytesPerMsg: (md.bytes.length / md.offsets.length).toFixed(1), MBps: ((r.opsPerSec * md.bytes.length) / md.offsets.length / 1e6).toFixed(1), jitter: (r.nsPerOp.p999 / r.nsPerOp.p50).toFixed(1), ...cpuFigures(r.cpuNsPerOp!, md.bytes.length / md.offsets.length) },
  });

  const q = quoteStream(4000);
  results.push(perMessage('fpga interpreter: quote / msg', QUOTE_XML, q, interp));
  results.push(perMessage('fpga jit: quote / msg', QUOTE_XML, q, jit));

  // The mFAST corpus (66.5 B/msg, the target's size), one length-prefixed frame per run, the
  // dictionaries reset per message (corpora/mfast-complex/README.md).
  const dir = [process.env['FAIRWIRE_CORPORA'], fileURLToPath(new URL('../corpora', import.meta.url)), fileURLToPath(new URL('../../shared/corpora', import.meta.url))]
    .filter((p): p is string => !!p)
    .map((p) => join(p, 'mfast-complex'))
    .find((p) => existsSync(join(p, 'complex30000.dat')));
  if (dir !== undefined) {
    const data = readFileSync(join(dir, 'complex30000.dat'));
    const xml = readFileSync(join(dir, 'example.xml'), 'utf8');
    const frames: Uint8Array[] = [];
    for (let off = 0; off < data.length; ) {
      const len = data.readUInt32LE(off);
      frames.push(data.subarray(off + 4, off + 4 + len));
      off += 4 + len;
    }
    const fastBytes = frames.reduce((a, f) => a + f.length, 0) / frames.length;
    for (const [label, make] of [['interpreter', interp], ['jit', jit]] as const) {
      const engine = make(compile(parseTemplates(xml)).program);
      const writer = new DmaWriter(new DmaRing(4096));
      const opts = { reset: 'message' as const };
      const ops = label === 'jit' ? { batch: 100, batches: 3000, warmupBatches: 300 } : { batch: 100, batches: 600, warmupBatches: 60 };
          const r = measure(`fpga ${label}: mFAST complex30000 / msg`, (i) => void engine.run(frames[i % frames.length]!, writer, opts), ops);
      results.push({
        ...r,
        extra: { bytesPerMsg: fastBytes.toFixed(1), MBps: ((r.opsPerSec * fastBytes) / 1e6).toFixed(1), ...cpuFigures(r.cpuNsPerOp!, fastBytes) },
      });
    }
  }

  // End to end: JIT into the ring, host polls and assembles canonical messages.
  {
    const compiled = compile(parseTemplates(QUOTE_XML));
    const engine = new JitEngine(compiled.program);
    const ring = new DmaRing(4096);
    const writer = new DmaWriter(ring);
    const reader = new RingReader(ring);
    const e2e = measure('fpga jit + ring reader + host assembly: quote stream', () => {
      engine.reset();
      const asm = new RecordAssembler(compiled.meta);
      writer.onRecord = () => {
        const rec = reader.poll();
        if (rec !== null) asm.push(rec.bytes);
      };
      engine.run(q.bytes, writer, { reset: 'none' });
    }, { batch: 1, batches: 100, warmupBatches: 10 });
    results.push({ ...e2e, extra: { msgsPerSec: Math.round(e2e.opsPerSec * q.offsets.length) } });
  }
  // The fast path against the interpreters, on CPU time per message (less load-sensitive).
  const cpu = (name: string) => Number(results.find((r) => r.name === name)?.extra?.['cpuNsPerMsg'] ?? NaN);
  const ratio = (a: string, b: string) => (cpu(b) / cpu(a)).toFixed(1);
  console.log(
    `cpu-time speed-up, jit / microcode interpreter: per message: refresh ${ratio('fpga jit: incremental refresh / msg', 'fpga interpreter: incremental refresh / msg')}×, quote ${ratio('fpga jit: quote / msg', 'fpga interpreter: quote / msg')}×, mFAST ${ratio('fpga jit: mFAST complex30000 / msg', 'fpga interpreter: mFAST complex30000 / msg')}×`,
  );
  console.log(`cpu-time speed-up, jit / reference decoder (refresh, per message): ${ratio('fpga jit: incremental refresh / msg', 'reference decoder: incremental refresh / msg')}×`);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${machine()} · load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (const r of await run()) console.log(formatResult(r));
}
