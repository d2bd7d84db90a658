/**
 * The reference FAST decoder's throughput on (1) a realistic market-data stream: an incremental
 * refresh with 5–10 entries a message, copy / delta / increment operators, encoded by the
 * reference encoder from seeded random book updates; (2) the real mFAST corpus
 * (corpora/mfast-complex, reset before each message, as its README recommends).
 *
 *   npx tsx bench/fast-decoder.bench.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatResult, machine, measure, type BenchResult } from './lib/harness.ts';
import { FastDecoder } from '../reference/fast/decoder.ts';
import { FastEncoder } from '../reference/fast/encoder.ts';
import { parseTemplates } from '../reference/fast/template-parser.ts';
import type { CanonicalMessage } from '../reference/fast/canonical.ts';

export const INCREMENTAL_REFRESH_XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">
<template name="MDIncRefresh" id="1">
  <string name="MessageType"><constant value="X"/></string>
  <uInt32 name="MsgSeqNum"><increment/></uInt32>
  <uInt64 name="SendingTime"><delta/></uInt64>
  <sequence name="MDEntries">
    <length name="NoMDEntries"/>
    <uInt32 name="MDUpdateAction"><copy value="1"/></uInt32>
    <string name="MDEntryType"><copy value="0"/></string>
    <uInt32 name="SecurityID"><copy/></uInt32>
    <uInt32 name="RptSeq"><increment/></uInt32>
    <decimal name="MDEntryPx"><exponent><copy value="-2"/></exponent><mantissa><delta/></mantissa></decimal>
    <int32 name="MDEntrySize" presence="optional"><delta/></int32>
    <uInt32 name="NumberOfOrders" presence="optional"><copy/></uInt32>
    <uInt32 name="MDPriceLevel" presence="optional"><increment/></uInt32>
  </sequence>
</template>
</templates>`;

/** mulberry32: a tiny deterministic PRNG, so the stream is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` incremental refreshes: 5–10 book-level updates each, prices near a drifting mid. */
export function marketDataMessages(count: number, seed = 1): CanonicalMessage[] {
  const rnd = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  let time = 1_700_000_000_000n;
  let mid = 450_000;
  const rptSeq = new Map<number, number>();
  const out: CanonicalMessage[] = [];
  for (let i = 0; i < count; i++) {
    time += BigInt(int(1, 5000));
    mid += int(-3, 3);
    const entries = [];
    const n = int(5, 10);
    for (let k = 0; k < n; k++) {
      const sec = int(1, 4) * 1000 + 1;
      const seq = (rptSeq.get(sec) ?? int(1, 100)) + 1;
      rptSeq.set(sec, seq);
      const side = int(0, 1);
      const level = int(1, 10);
      const deleted = rnd() < 0.1;
      entries.push({
        MDUpdateAction: String(deleted ? 2 : int(0, 1)),
        MDEntryType: String(side),
        SecurityID: String(sec),
        RptSeq: String(seq),
        MDEntryPx: { exponent: -2, mantissa: String(mid + (side === 0 ? -level : level) * 25) },
        MDEntrySize: deleted ? null : String(int(1, 500)),
        NumberOfOrders: deleted ? null : String(int(1, 40)),
        MDPriceLevel: String(level),
      });
    }
    out.push({ templateId: 1, fields: { MessageType: 'X', MsgSeqNum: String(i + 1), SendingTime: time.toString(), MDEntries: entries } });
  }
  return out;
}

/** The stream bytes and each message's offset (dictionaries start undefined at message 0). */
export function marketDataStream(count: number, seed = 1): { bytes: Uint8Array; offsets: number[] } {
  const encoder = new FastEncoder(parseTemplates(INCREMENTAL_REFRESH_XML));
  const parts = marketDataMessages(count, seed).map((m) => encoder.encodeMessage(m));
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

function corpusDir(): string | undefined {
  return [process.env['FAIRWIRE_CORPORA'], fileURLToPath(new URL('../corpora', import.meta.url)), fileURLToPath(new URL('../../shared/corpora', import.meta.url))]
    .filter((p): p is string => !!p)
    .map((p) => join(p, 'mfast-complex'))
    .find((p) => existsSync(join(p, 'complex30000.dat')));
}

/**
 * CPU time per message (user + system) over a whole measure() call, warm-up included: on a
 * shared machine it is less inflated than wall-clock figures by time spent waiting to run.
 */
function cpuNsPer(since: NodeJS.CpuUsage, ops: number): number {
  const c = process.cpuUsage(since);
  return Math.round(((c.user + c.system) * 1000) / ops);
}

/** CPU-time figures beside the wall-clock ones: ns/msg, the msgs/s they imply, and the load average. */
function cpuExtra(since: NodeJS.CpuUsage, ops: number): Record<string, number | string> {
  const ns = cpuNsPer(since, ops);
  return { cpuNsPerMsg: ns, cpuMsgsPerSec: Math.round(1e9 / ns), load1: loadavg()[0]!.toFixed(1) };
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  const N = 2000;
  const { bytes, offsets } = marketDataStream(N);
  const md = new FastDecoder(parseTemplates(INCREMENTAL_REFRESH_XML));
  // Wrapping to message 0 resets the dictionaries, so every pass decodes the same values.
  const c1 = process.cpuUsage();
  const r1 = measure('fast-decoder: incremental refresh (5-10 entries)', (i) => {
    const k = i % N;
    if (k === 0) md.reset();
    md.decodeMessage(bytes, offsets[k]!);
  }, { batch: 100, batches: 2000, warmupBatches: 200 });
  results.push({ ...r1, extra: { bytesPerMsg: (bytes.length / N).toFixed(1), ...cpuExtra(c1, 2200 * 100) } });

  const dir = corpusDir();
  if (dir !== undefined) {
    const data = readFileSync(join(dir, 'complex30000.dat'));
    const frames: Uint8Array[] = [];
    for (let off = 0; off < data.length; ) {
      const len = data.readUInt32LE(off);
      frames.push(data.subarray(off + 4, off + 4 + len));
      off += 4 + len;
    }
    const corpus = new FastDecoder(parseTemplates(readFileSync(join(dir, 'example.xml'), 'utf8')), { reset: 'message' });
    const c2 = process.cpuUsage();
    const r2 = measure('fast-decoder: mFAST complex30000 (reset/msg)', (i) => {
      corpus.decodeMessage(frames[i % frames.length]!, 0);
    }, { batch: 100, batches: 1500, warmupBatches: 300 });
    results.push({ ...r2, extra: { MBps: ((r2.opsPerSec * data.length) / frames.length / 1e6).toFixed(1), ...cpuExtra(c2, 1800 * 100) } });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(machine());
  for (const r of await run()) console.log(formatResult(r));
}
