/**
 * Cost of the FAST property machinery, per generated case: (1) generating a case (template set +
 * valid stream, resolved against the simulated dictionary); (2) one `fast.decode.equivalence`
 * check, reference vs reference (writer XML, encode, two loads + decodes, compare); (3) one
 * fuzz case made and judged in-process (generate, encode, mutate, two decodes, verdict).
 * These bound how many property runs and fuzz cases per second a session gets.
 *
 *   npx tsx bench/fast-properties.bench.ts
 */
import fc from 'fast-check';
import { formatResult, machine, measure, type BenchResult } from './lib/harness.ts';
import { summarize } from './lib/stats.ts';
import { ALL_FAST_CAPABILITIES } from '../adapters/fast.ts';
import { createReferenceFastDecoder } from '../adapters/reference/fast.ts';
import { fastCase, type FastCase } from '../properties/arbitraries/fast-case.ts';
import { decodeEquivalence } from '../properties/fast/catalog.ts';
import { makeFuzzCase, referenceDecode, verdict } from '../properties/fast/fuzz.ts';

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const cases: FastCase[] = fc.sample(fastCase(ALL_FAST_CAPABILITIES), { seed: 1, numRuns: 200 });
  let k = 0;
  results.push(measure('fast.props generate case (template set + stream)', () => void fc.sample(fastCase(ALL_FAST_CAPABILITIES), { seed: k++, numRuns: 1 }), { batch: 4, batches: 200, warmupBatches: 10 }));

  const subject = createReferenceFastDecoder();
  const oracle = createReferenceFastDecoder();
  const inputs = cases.map((c) => ({ case: c, deltaSides: [] }));
  // The check is async (adapters may be out of process): timed one at a time, per call.
  for (let i = 0; i < 20; i++) await decodeEquivalence.check(subject, oracle, inputs[i % inputs.length]!);
  const samples: number[] = [];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 400; i++) {
    const s = process.hrtime.bigint();
    await decodeEquivalence.check(subject, oracle, inputs[i % inputs.length]!);
    samples.push(Number(process.hrtime.bigint() - s));
  }
  results.push({ name: 'fast.props equivalence check (ref vs ref)', opsPerSec: (400 * 1e9) / Number(process.hrtime.bigint() - t0), nsPerOp: summarize(samples), batch: 1 });

  const source = { kind: 'random', caps: ALL_FAST_CAPABILITIES } as const;
  results.push(
    measure(
      'fast.fuzz case make + judge (in-process)',
      (i) => {
        const c = makeFuzzCase(source, 7, i);
        if (!c) return;
        const r = referenceDecode(c.xml, c.bytes, c.reset);
        if (verdict(r, { kind: 'result', result: referenceDecode(c.xml, c.bytes, c.reset) }).kind !== 'ok') throw new Error('reference disagrees with itself');
      },
      { batch: 4, batches: 200, warmupBatches: 10 },
    ),
  );
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(machine());
  for (const r of await run()) console.log(formatResult(r));
}
