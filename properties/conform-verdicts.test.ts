import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/adapter.ts';
import './catalogs.ts';
import { registerComponent } from './components.ts';
import { conform, ConformUsageError } from './conform.ts';
import { Mismatch } from './mismatch.ts';
import { defineProperty } from './property.ts';

/**
 * Verdicts of whole runs: no green without a checked case, usage errors for selections of
 * nothing, and regression gating by failure signature. A toy component registered only in this
 * test's worker, plus the real FAST catalog and mutants.
 */
interface Squarer extends Adapter<{ fancy: boolean }> {
  square(x: number): number;
}
const ref: Squarer = { name: 'toy-ref', component: 'toy-squarer', capabilities: { fancy: true }, square: (x) => x * x };
const plain: Squarer = { ...ref, name: 'toy-plain', capabilities: { fancy: false } };

registerComponent<Squarer>({
  component: 'toy-squarer',
  title: 'a squarer',
  reference: () => ref,
  mutants: [{ name: 'toy-plain', component: 'toy-squarer', bug: 'declares no fancy capability', create: () => plain }],
  catalog: [
    defineProperty<Squarer, number>({
      id: 'toy-squarer.square.fancy',
      component: 'toy-squarer',
      title: 'squares fancily',
      requires: ['fancy'],
      arbitrary: () => fc.integer({ min: 0, max: 100 }),
      check: (s, o, x) => {
        if (s.square(x) !== o.square(x)) throw new Mismatch('square', o.square(x), s.square(x), { kind: 'value-differs', path: 'square' });
      },
    }),
    defineProperty<Squarer, number>({
      id: 'toy-squarer.square.non-negative',
      component: 'toy-squarer',
      title: 'squares are non-negative',
      requires: [],
      arbitrary: () => fc.integer({ min: -100, max: 100 }),
      check: (s, _o, x) => {
        if (s.square(x) < 0) throw new Mismatch('negative', '>= 0', s.square(x), { kind: 'negative' });
      },
    }),
  ],
});

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const tmp = () => mkdtempSync(join(tmpdir(), 'fairwire-verdicts-'));

describe('conform: selections of nothing', () => {
  it('a --property that matches nothing is a usage error naming close ids', async () => {
    const run = conform({ components: ['toy-squarer'], adapter: 'reference', seed: SEED, corpusDir: null, propertyIds: ['toy-squarer.square.fancey'] });
    await expect(run).rejects.toBeInstanceOf(ConformUsageError);
    await expect(run).rejects.toThrow(/toy-squarer\.square\.fancey matches no property.*close ids: toy-squarer\.square\.fancy/);
  });

  it('a run where every selected property was skipped is not a pass, and says why', async () => {
    const { report } = await conform({ components: ['toy-squarer'], adapter: 'mutant:toy-plain', seed: SEED, corpusDir: null, propertyIds: ['toy-squarer.square.fancy'] });
    expect(report.results.map((r) => r.status)).toEqual(['skipped']);
    expect(report.exitCode).toBe(1);
    expect(report.note).toMatch(/every selected property was skipped.*fancy/);
  });
});

describe('conform: a time budget never lies', () => {
  it('properties that ran no case are not-run, exit 1, and the reports say so', async () => {
    const dir = tmp();
    const { report } = await conform({ components: ['toy-squarer'], adapter: 'reference', seed: SEED, corpusDir: null, timeBudgetMs: 0, reportDir: dir });
    expect(report.results.map((r) => [r.status, r.runs, r.runsAsked])).toEqual([
      ['not-run', 0, 100],
      ['not-run', 0, 100],
    ]);
    expect(report.summary).toMatchObject({ passed: 0, notRun: 2 });
    expect(report.exitCode).toBe(1);
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    let failures = 0;
    const sax = new SaxesParser();
    sax.on('opentag', (t) => void (t.name === 'failure' && t.attributes.type === 'NotRun' && failures++));
    sax.write(junit).close();
    expect(failures).toBe(2);
    expect(junit).toContain('failures="2"');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('not-run');
    expect(html).toContain('2 not run');
  });
});

describe('conform: the issue\'s reproduction', () => {
  it('fpga-asm-presence-lost with --runs 100000 --time-budget 3 fails (exit 1): every property gets its turn', async () => {
    const { report } = await conform({ components: ['fpga'], adapter: 'mutant:fpga-asm-presence-lost', seed: SEED, runs: 100_000, timeBudgetMs: 3000, corpusDir: null });
    expect(report.results.find((r) => r.id === 'fpga.assembler.roundtrip')?.status, `seed ${SEED}`).toBe('failed');
    for (const r of report.results) expect(r.runs, r.id).toBeGreaterThan(0);
    expect(report.exitCode).toBe(1);
  });
});

describe('conform: gating by failure signature', () => {
  const fast = (adapter: string, expectFile: string, fix = false) =>
    conform({ components: ['fast'], adapter, seed: SEED, corpusDir: null, propertyIds: ['fast.decode.equivalence'], expectFile, fix });

  it('an entry for one FAST bug does not excuse a different bug in the same property', async () => {
    const file = join(tmp(), 'vendor.json');
    const recorded = await fast('mutant:fast-nullable-not-decremented', file, true);
    expect(recorded.expectationChanges).toHaveLength(1);
    const entry = (JSON.parse(readFileSync(file, 'utf8')) as { failures: { property: string; signature: string }[] }).failures[0]!;
    expect(entry.property).toBe('fast.decode.equivalence');
    // The same bug again: a known failure, exit 0.
    const same = await fast('mutant:fast-nullable-not-decremented', file);
    expect(same.report.gating?.knownFailures).toEqual(['fast.decode.equivalence']);
    expect(same.report.exitCode).toBe(0);
    // Another bug in the same property: an unexpected failure, naming both signatures.
    const other = await fast('mutant:fast-increment-as-copy', file);
    const failed = other.report.results.find((r) => r.id === 'fast.decode.equivalence')!;
    expect(failed.signature).not.toBe(entry.signature);
    expect(other.report.gating?.unexpectedFailures).toEqual(['fast.decode.equivalence']);
    expect(other.report.gating?.notes.join('\n')).toContain(`listed for signature '${entry.signature}', failed with '${failed.signature}'`);
    expect(other.report.exitCode).toBe(1);
  });

  it('an entry without a signature is stale until --fix records it', async () => {
    const file = join(tmp(), 'old.json');
    writeFileSync(file, JSON.stringify({ vendor: 'x', failures: [{ property: 'fast.decode.equivalence', reason: 'written before signatures' }] }));
    const old = await fast('mutant:fast-increment-as-copy', file);
    expect(old.report.gating?.staleEntries).toEqual(['fast.decode.equivalence']);
    expect(old.report.gating?.notes.join('\n')).toContain('run --fix to record its signature');
    expect(old.report.exitCode).toBe(1);
    const fixed = await fast('mutant:fast-increment-as-copy', file, true);
    expect(fixed.expectationChanges[0]).toMatch(/recorded signature/);
    expect((await fast('mutant:fast-increment-as-copy', file)).report.exitCode).toBe(0);
  });

  it('a listed property that was skipped or did not run is stale', async () => {
    const file = join(tmp(), 'toy.json');
    writeFileSync(
      file,
      JSON.stringify({
        vendor: 'toy',
        failures: [
          { property: 'toy-squarer.square.fancy', signature: 'value-differs at square', reason: 'skipped below' },
          { property: 'toy-squarer.square.non-negative', signature: 'negative', reason: 'budget below' },
        ],
      }),
    );
    const skipped = await conform({ components: ['toy-squarer'], adapter: 'mutant:toy-plain', seed: SEED, corpusDir: null, expectFile: file, propertyIds: ['toy-squarer.square.fancy'] });
    expect(skipped.report.gating?.staleEntries).toEqual(['toy-squarer.square.fancy']);
    expect(skipped.report.exitCode).toBe(1);
    const notRun = await conform({ components: ['toy-squarer'], adapter: 'reference', seed: SEED, corpusDir: null, expectFile: file, timeBudgetMs: 0 });
    expect(notRun.report.gating?.staleEntries.sort()).toEqual(['toy-squarer.square.fancy', 'toy-squarer.square.non-negative']);
    expect(notRun.report.exitCode).toBe(1);
  });
});
