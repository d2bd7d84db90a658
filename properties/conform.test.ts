import fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/adapter.ts';
import { registerComponent } from './components.ts';
import { conform } from './conform.ts';
import { Mismatch } from './mismatch.ts';
import { defineProperty } from './property.ts';

// A toy component registered only in this test's worker: a doubler.
interface Doubler extends Adapter<{}> {
  double(x: number): number;
}
const ref: Doubler = { name: 'toy-ref', component: 'toy-doubler', capabilities: {}, double: (x) => 2 * x };
const wrongAbove100: Doubler = { ...ref, name: 'toy-mutant', double: (x) => (x > 100 ? 2 * x + 1 : 2 * x) };

registerComponent<Doubler>({
  component: 'toy-doubler',
  title: 'a doubler',
  reference: () => ref,
  mutants: [{ name: 'toy-off-by-one', component: 'toy-doubler', bug: 'adds one above 100', create: () => wrongAbove100 }],
  catalog: [
    defineProperty<Doubler, number>({
      id: 'toy-doubler.double.equivalence',
      component: 'toy-doubler',
      title: 'doubles like the reference',
      requires: [],
      arbitrary: () => fc.integer({ min: 0, max: 1000 }),
      check: (s, o, x) => {
        if (s.double(x) !== o.double(x)) throw new Mismatch(`double(${x})`, o.double(x), s.double(x));
      },
    }),
    defineProperty<Doubler, number>({
      id: 'toy-doubler.double.even',
      component: 'toy-doubler',
      title: 'results are even',
      requires: [],
      arbitrary: () => fc.integer({ min: 0, max: 50 }),
      check: (s, _o, x) => {
        if (s.double(x) % 2 !== 0) throw new Mismatch('odd', 'even', s.double(x));
      },
    }),
  ],
});

// A second toy whose one property records every input it checks: what a shard really ran.
interface Recorder extends Adapter<{}> {
  seen: number[];
}
const recorder: Recorder = { name: 'toy-recorder', component: 'toy-recorder', capabilities: {}, seen: [] };
registerComponent<Recorder>({
  component: 'toy-recorder',
  title: 'records its inputs',
  reference: () => recorder,
  mutants: [],
  catalog: [
    defineProperty<Recorder, number>({
      id: 'toy-recorder.inputs.recorded',
      component: 'toy-recorder',
      title: 'records every input',
      requires: [],
      arbitrary: () => fc.integer(),
      check: (s, _o, x) => void s.seen.push(x),
    }),
  ],
});

const tmp = () => mkdtempSync(join(tmpdir(), 'fairwire-conform-'));

describe('conform', () => {
  it('passes the reference and writes valid JSON, JUnit and HTML reports', async () => {
    const dir = tmp();
    const { report, reportFiles } = await conform({ components: ['toy-doubler'], adapter: 'reference', seed: 1, reportDir: dir, corpusDir: null });
    expect(report.exitCode).toBe(0);
    expect(report.summary.passed).toBe(2);
    expect(reportFiles.map((f) => f.split('/').pop())).toEqual(['report.json', 'junit.xml', 'report.html']);
    // JUnit must be well-formed XML.
    const sax = new SaxesParser();
    let cases = 0;
    sax.on('opentag', (t) => void (t.name === 'testcase' && cases++));
    sax.write(readFileSync(join(dir, 'junit.xml'), 'utf8')).close();
    expect(cases).toBe(2);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('PASS');
  });

  it('fails a mutant, saves the counterexample and replays it first next time', async () => {
    const corpus = tmp();
    const first = await conform({ components: ['toy-doubler'], adapter: 'mutant:toy-off-by-one', seed: 5, corpusDir: corpus });
    expect(first.report.exitCode).toBe(1);
    const failed = first.report.results.find((r) => r.status === 'failed')!;
    expect(failed.counterexample).toBe(101);
    expect(failed.replay).toContain('--replay');
    expect(first.savedCounterexamples).toHaveLength(1);
    // One run only, with a seed that alone misses the bug (checked: without the corpus it
    // passes), so only the corpus entry can make it fail.
    const once = (seed: number, corpusDir: string | null) =>
      conform({ components: ['toy-doubler'], adapter: 'mutant:toy-off-by-one', seed, runs: 1, corpusDir, propertyIds: [failed.id] });
    let seed = 6;
    while ((await once(seed, null)).report.results[0]!.status !== 'passed') seed++;
    expect(seed).toBeLessThan(100);
    const second = await once(seed, corpus);
    expect(second.report.results[0]!.status, `seed ${seed}`).toBe('failed');
    expect(second.report.results[0]!.counterexample).toBe(101);
    // Found in a saved example: no seed path reproduces it, the corpus file does.
    expect(second.report.results[0]!.replay).toMatch(/^npx fairwire replay \S+\.json$/);
    expect(readdirSync(join(corpus, 'mutant-toy-off-by-one', failed.id))).toHaveLength(1);
    // ... and an empty corpus folder does not: the failure came from the saved entry.
    expect((await once(seed, tmp())).report.results[0]!.status).toBe('passed');
  });

  it('shards partition the work: together they check exactly the inputs of the full run, none twice', async () => {
    const inputsOf = async (shard?: { index: number; count: number }): Promise<number[]> => {
      recorder.seen = [];
      const { report } = await conform({ components: ['toy-recorder'], adapter: 'reference', seed: 9, runs: 400, corpusDir: null, ...(shard ? { shard } : {}) });
      expect(report.results.every((r) => r.status === 'passed' || r.status === 'not-run')).toBe(true);
      return [...recorder.seen];
    };
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const full = await inputsOf();
    expect(full.length).toBe(400);
    for (const count of [2, 3]) {
      const parts: number[][] = [];
      for (let index = 1; index <= count; index++) parts.push(await inputsOf({ index, count }));
      expect(parts.filter((p) => p.length > 0).length, `${count} shards each got work`).toBe(count);
      expect(sorted(parts.flat()), `${count} shards`).toEqual(sorted(full));
    }
  });

  it('gates on expectations: unexpected failure, unexpected pass, stale entry, and --fix', async () => {
    const dir = tmp();
    const file = join(dir, 'expect.json');
    writeFileSync(
      file,
      JSON.stringify({
        vendor: 'toy',
        failures: [
          { property: 'toy-doubler.double.even', reason: 'thought it was broken' },
          { property: 'toy-doubler.gone.away', reason: 'property removed since' },
        ],
      }),
    );
    const run = await conform({ components: ['toy-doubler'], adapter: 'mutant:toy-off-by-one', seed: 5, corpusDir: null, expectFile: file });
    expect(run.report.gating).toMatchObject({
      unexpectedFailures: ['toy-doubler.double.equivalence'],
      unexpectedPasses: ['toy-doubler.double.even'],
      staleEntries: ['toy-doubler.gone.away'],
    });
    expect(run.report.exitCode).toBe(1);
    const fixed = await conform({ components: ['toy-doubler'], adapter: 'mutant:toy-off-by-one', seed: 5, corpusDir: null, expectFile: file, fix: true });
    expect(fixed.expectationChanges).toHaveLength(3);
    const again = await conform({ components: ['toy-doubler'], adapter: 'mutant:toy-off-by-one', seed: 5, corpusDir: null, expectFile: file });
    expect(again.report.exitCode).toBe(0);
    expect(again.report.gating?.knownFailures).toEqual(['toy-doubler.double.equivalence']);
    expect(again.report.results.find((r) => r.id === 'toy-doubler.double.equivalence')?.known).toBe(true);
  });

  it('rejects a malformed expectations file with a clear error', async () => {
    const file = join(tmp(), 'bad.json');
    writeFileSync(file, JSON.stringify({ vendor: 'x', failures: [{ property: 'NOT AN ID' }] }));
    await expect(conform({ components: ['toy-doubler'], adapter: 'reference', seed: 1, corpusDir: null, expectFile: file })).rejects.toThrow(/bad\.json/);
  });

  it('keeps what was computed when the adapter cannot be loaded, exit 2', async () => {
    const { report } = await conform({ components: ['toy-doubler'], adapter: 'mutant:nope', seed: 1, corpusDir: null });
    expect(report.exitCode).toBe(2);
    expect(report.error).toContain('no mutant');
  });
});

describe('conform: a vendor that dies before ready', () => {
  it('is one fault entry per component, counted in the summary, with its stderr tail; exit 3', async () => {
    const vendor = 'cmd:python3 adapters/process/testing/test_vendor.py exit-before-ready';
    const { report } = await conform({ components: ['fast'], adapter: vendor, seed: 1, corpusDir: null });
    expect(report.exitCode).toBe(3);
    expect(report.error).toBeUndefined();
    expect(report.summary.faults).toBe(1);
    const [r] = report.results;
    expect(r).toMatchObject({ id: 'fast.adapter.start', component: 'fast', status: 'fault', signature: 'adapter-fault:start' });
    expect(`${r!.message}\n${r!.stderrTail ?? ''}`).toContain('license file /etc/acme/license not found');
  }, 30_000);
});
