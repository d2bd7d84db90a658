/**
 * The reference FAST encoder's throughput, per message: (1) the incremental-refresh stream of
 * fast-decoder.bench.ts (5–10 entries a message, copy / delta / increment), dictionaries carried
 * across messages; (2) the messages of the mFAST corpus (decoded once by the reference decoder,
 * then re-encoded, reset per message, as mFAST wrote them).
 *
 *   npx tsx bench/fast-encoder.bench.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatResult, machine, measure, type BenchResult } from './lib/harness.ts';
import { INCREMENTAL_REFRESH_XML, marketDataMessages } from './fast-decoder.bench.ts';
import { FastDecoder } from '../reference/fast/decoder.ts';
import { FastEncoder } from '../reference/fast/encoder.ts';
import { parseTemplates } from '../reference/fast/template-parser.ts';
import type { CanonicalMessage } from '../reference/fast/canonical.ts';

function corpusDir(): string | undefined {
  return [process.env['FAIRWIRE_CORPORA'], fileURLToPath(new URL('../corpora', import.meta.url)), fileURLToPath(new URL('../../shared/corpora', import.meta.url))]
    .filter((p): p is string => !!p)
    .map((p) => join(p, 'mfast-complex'))
    .find((p) => existsSync(join(p, 'complex30000.dat')));
}

/** CPU time (user + system) per operation since `since`: less sensitive to a loaded machine than wall time. */
function cpuNsPer(since: NodeJS.CpuUsage, ops: number): number {
  const c = process.cpuUsage(since);
  return Math.round(((c.user + c.system) * 1000) / ops);
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  const N = 2000;
  const messages = marketDataMessages(N);
  const enc = new FastEncoder(parseTemplates(INCREMENTAL_REFRESH_XML));
  let bytes = 0;
  for (const m of messages) bytes += enc.encodeMessage(m).length;
  // Wrapping to message 0 resets the dictionaries, so every pass encodes the same bytes.
  const c1 = process.cpuUsage();
  const r1 = measure(
    'fast-encoder: incremental refresh (5-10 entries)',
    (i) => {
      const k = i % N;
      if (k === 0) enc.reset();
      enc.encodeMessage(messages[k]!);
    },
    { batch: 100, batches: 2000, warmupBatches: 200 },
  );
  results.push({ ...r1, extra: { bytesPerMsg: (bytes / N).toFixed(1), cpuNsPerMsg: cpuNsPer(c1, 2200 * 100) } });

  const dir = corpusDir();
  if (dir !== undefined) {
    const data = readFileSync(join(dir, 'complex30000.dat'));
    const set = parseTemplates(readFileSync(join(dir, 'example.xml'), 'utf8'));
    const decoder = new FastDecoder(set, { reset: 'message' });
    const corpus: CanonicalMessage[] = [];
    for (let off = 0; off < data.length; ) {
      const len = data.readUInt32LE(off);
      corpus.push(...decoder.decodeStream(data.subarray(off + 4, off + 4 + len)).messages);
      off += 4 + len;
    }
    const encoder = new FastEncoder(set, { reset: 'message' });
    const c2 = process.cpuUsage();
    const r2 = measure(
      'fast-encoder: mFAST complex30000 (reset/msg)',
      (i) => {
        encoder.encodeMessage(corpus[i % corpus.length]!);
      },
      { batch: 100, batches: 1500, warmupBatches: 300 },
    );
    results.push({ ...r2, extra: { cpuNsPerMsg: cpuNsPer(c2, 1800 * 100), MBps: ((r2.opsPerSec * (data.length - 4 * corpus.length)) / corpus.length / 1e6).toFixed(1) } });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(machine());
  for (const r of await run()) console.log(formatResult(r));
}
