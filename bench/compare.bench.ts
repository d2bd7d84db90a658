/**
 * `fairwire compare` throughput (issue 14 targets: in process ≥ 1 M msgs/s, through a process
 * vendor ≥ 200 k msgs/s with batches). Every row runs properties/compare's compareCapture over a
 * whole capture, the reference decoding every frame as the oracle:
 * - the mFAST corpus (30,001 messages, len32le, a reset per message) against in-process subjects
 *   (the reference itself, the `jit` and `wasm` engines' FAST adapters), and the reference alone
 *   (the oracle's share: a floor for any row);
 * - a process vendor speaking fast.decodeBatch: the reference decoder behind the protocol
 *   (a Node vendor written below) with 512 frames a batch, and the Python example on the flat
 *   capture built from the corpus (90,001 messages, properties/compare/testing).
 * Figures: messages per second of wall time, and this process's CPU ns per message.
 *
 *   npx tsx bench/compare.bench.ts      (or npm run bench -- compare)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastDecoderAdapter } from '../adapters/fast.ts';
import { loadProcessAdapter } from '../adapters/process/load.ts';
import { createReferenceFastDecoder } from '../adapters/reference/fast.ts';
import { componentEntry } from '../properties/catalogs.ts';
import { compareCapture, type CaptureFrame } from '../properties/compare/differential.ts';
import { mfastFlatCapture } from '../properties/compare/testing/mfast-flat-capture.ts';
import { loadSubject } from '../properties/subject.ts';
import { parseTemplates } from '../reference/fast/template-parser.ts';
import { calibrate, formatResult, machine, type BenchResult } from './lib/harness.ts';
import { summarize } from './lib/stats.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

function len32leFrames(data: Uint8Array): CaptureFrame[] {
  const out: CaptureFrame[] = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let o = 0; o < data.length; ) {
    const n = view.getUint32(o, true);
    out.push({ bytes: data.subarray(o + 4, o + 4 + n), frame: out.length + 1 });
    o += 4 + n;
  }
  return out;
}

/** A vendor that answers fast.* (decodeBatch included) with the reference decoder: the protocol's cost, not a decoder's. */
const NODE_REFERENCE_VENDOR = `
import { createInterface } from 'node:readline';
import { createReferenceFastDecoder } from ${JSON.stringify(`${root}adapters/reference/fast.ts`)};
const fast = createReferenceFastDecoder();
const out = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
let ready = false;
const ops = {
  'fast.loadTemplates': (p) => (fast.loadTemplates(p.xml), null),
  'fast.reset': () => (fast.reset(), null),
  'fast.decode': (p) => fast.decode(Buffer.from(p.hex, 'hex'), { reset: p.reset }),
  'fast.decodeBatch': (p) => ({ results: p.streams.map((s) => { if (s.resetBefore) fast.reset(); return fast.decode(Buffer.from(s.hex, 'hex'), { reset: s.reset }); }) }),
};
for await (const line of createInterface({ input: process.stdin })) {
  if (!line) continue;
  const m = JSON.parse(line);
  if (!ready) { ready = true; out({ type: 'ready', protocol: 1, implementation: { name: 'bench-reference', version: '0', language: 'typescript' }, components: { fast: { capabilities: {} } } }); continue; }
  if (m.type === 'bye') process.exit(0);
  out({ seq: m.seq, result: ops[m.op](m.params) });
}
`;

async function row(name: string, frames: readonly CaptureFrame[], xml: string, subject: FastDecoderAdapter, reset: 'message' | 'packet', batchFrames = 512): Promise<BenchResult> {
  const oracle = createReferenceFastDecoder();
  const templates = parseTemplates(xml);
  // Warm-up: one pass over the first frames (JIT tiers, the vendor's own warm-up).
  await compareCapture(frames.slice(0, 2000), { xml, templates, subject, oracle, reset, batchFrames });
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const { totals } = await compareCapture(frames, { xml, templates, subject, oracle, reset, batchFrames });
  const ns = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(c0);
  await subject.close?.();
  if (totals.divergences !== 0) throw new Error(`${name}: ${totals.divergences} divergences on a correct subject`);
  const perMsg = ns / totals.messages;
  return {
    name,
    opsPerSec: (totals.messages * 1e9) / ns,
    nsPerOp: summarize([perMsg]),
    batch: batchFrames,
    cpuNsPerOp: Math.round(((cpu.user + cpu.system) * 1000) / totals.messages),
    extra: { messages: totals.messages, frames: totals.frames },
  };
}

async function referenceAlone(frames: readonly CaptureFrame[], xml: string): Promise<BenchResult> {
  const d = createReferenceFastDecoder();
  await d.loadTemplates(xml);
  let messages = 0;
  const pass = async () => {
    messages = 0;
    for (const f of frames) messages += (await d.decode(f.bytes, { reset: 'message' })).messages.length;
  };
  await pass();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await pass();
  const ns = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(c0);
  return { name: 'mFAST: the reference decode alone (floor)', opsPerSec: (messages * 1e9) / ns, nsPerOp: summarize([ns / messages]), batch: 1, cpuNsPerOp: Math.round(((cpu.user + cpu.system) * 1000) / messages), extra: { messages } };
}

export async function run(): Promise<BenchResult[]> {
  const xml = readFileSync(`${root}corpora/mfast-complex/example.xml`, 'utf8');
  const frames = len32leFrames(new Uint8Array(readFileSync(`${root}corpora/mfast-complex/complex30000.dat`)));
  const fast = componentEntry('fast')!;
  const results: BenchResult[] = [];
  // The oracle alone (one reference decode of every frame): the ceiling of every row.
  results.push(await referenceAlone(frames, xml));
  results.push(await row('mFAST: reference vs reference (in process)', frames, xml, createReferenceFastDecoder(), 'message'));
  for (const engine of ['jit', 'wasm']) {
    try {
      results.push(await row(`mFAST: reference vs ${engine} (in process)`, frames, xml, (await loadSubject(engine, fast)) as FastDecoderAdapter, 'message'));
    } catch (err) {
      console.log(`mFAST: ${engine}: not measured (${(err as Error).message})`);
    }
  }
  const script = join(mkdtempSync(join(tmpdir(), 'fairwire-compare-bench-')), 'vendor.mts');
  writeFileSync(script, NODE_REFERENCE_VENDOR);
  const vendor = (await loadProcessAdapter(`cmd:${process.execPath} --import tsx ${script}`, 'fast', { validation: 'sample' })) as FastDecoderAdapter;
  results.push(await row('mFAST: reference vs Node vendor (batches)', frames, xml, vendor, 'message'));
  const flat = mfastFlatCapture();
  const python = (await loadProcessAdapter(`cmd:python3 ${root}adapters/examples/python/fast_decoder.py`, 'fast', { validation: 'sample' })) as FastDecoderAdapter;
  results.push(await row('flat: reference vs Python example (batches)', len32leFrames(flat.capture), flat.xml, python, 'packet'));
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${machine()} · ${calibrate()} · load ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
  for (const r of await run()) console.log(`${formatResult(r)}  cpu ns/msg ${r.cpuNsPerOp}`);
}
