/**
 * `fairwire decode` end to end through the CLI's streaming path (issue 14: `decode --engine wasm`
 * to NDJSON on /dev/null ≥ 1 M msgs/s on a large stream built from the corpus; no engine slower
 * through the CLI than the reference). The stream: the mFAST corpus (30,001 messages, len32le)
 * CLI_STREAM_TIMES times over (default 10: 300,010 messages, 21 MB), decoded with a reset per
 * message, written to /dev/null through the command's own output path (main() in this process,
 * stdout a file stream on /dev/null: what `> /dev/null` does, without the start-up). Then the
 * same messages as a raw stream (no frames: the reference walks the boundaries). Figures:
 * messages per second of wall time and CPU ns per message (process.cpuUsage).
 *
 *   npx tsx bench/cli-stream.bench.ts      (or npm run bench -- cli-stream)
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../cli/main.ts';
import { calibrate, formatResult, machine, type BenchResult } from './lib/harness.ts';
import { summarize } from './lib/stats.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const TIMES = Number(process.env.CLI_STREAM_TIMES ?? 10);

async function decodeRow(name: string, args: readonly string[], messages: number): Promise<BenchResult> {
  const stdout = createWriteStream('/dev/null');
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const code = await main([...args], { stdout, stderr, stdin: new PassThrough() });
  const ns = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(c0);
  await new Promise((r) => stdout.end(r));
  if (code !== 0) throw new Error(`${name}: exit ${code}: ${err}`);
  return { name, opsPerSec: (messages * 1e9) / ns, nsPerOp: summarize([ns / messages]), batch: 1, cpuNsPerOp: Math.round(((cpu.user + cpu.system) * 1000) / messages), extra: { messages } };
}

export async function run(): Promise<BenchResult[]> {
  const corpus = readFileSync(`${root}corpora/mfast-complex/complex30000.dat`);
  const templates = `${root}corpora/mfast-complex/example.xml`;
  const dir = mkdtempSync(join(tmpdir(), 'fairwire-cli-stream-'));
  const framed = join(dir, 'stream.dat');
  const raw = join(dir, 'stream.raw');
  writeFileSync(framed, Buffer.concat(Array.from({ length: TIMES }, () => corpus)));
  const messages: Buffer[] = [];
  for (let at = 0; at < corpus.length; at += 4 + corpus.readUInt32LE(at)) messages.push(corpus.subarray(at + 4, at + 4 + corpus.readUInt32LE(at)));
  writeFileSync(raw, Buffer.concat(Array.from({ length: TIMES }, () => Buffer.concat(messages))));
  const n = TIMES * messages.length;
  const results: BenchResult[] = [];
  try {
    for (const engine of ['reference', 'jit', 'wasm', 'fpga']) {
      const args = ['decode', '--templates', templates, '--framing', 'len32le', '--reset', 'message', '--engine', engine, framed];
      results.push(await decodeRow(`decode --engine ${engine}, len32le, ${n} msgs -> /dev/null`, args, n));
    }
    for (const engine of ['reference', 'wasm']) {
      const args = ['decode', '--templates', templates, '--reset', 'message', '--engine', engine, raw];
      results.push(await decodeRow(`decode --engine ${engine}, raw, ${n} msgs -> /dev/null`, args, n));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${machine()} · ${calibrate()} · load ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
  for (const r of await run()) console.log(`${formatResult(r)}  cpu ns/msg ${r.cpuNsPerOp}`);
}
