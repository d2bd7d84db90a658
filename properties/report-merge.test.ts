import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCanonicalJson } from '../spec/canonical-json.ts';
import { conform, type ConformOptions } from './conform.ts';
import { validateReport, type RunReport } from './report.ts';
import { toHtml } from './report-html.ts';
import { toJUnitXml } from './report-junit.ts';
import { MergeRefusal, mergeShards, type ShardReport } from './report-merge.ts';
import { renderReportPlots } from './report-plots.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 7);

/** The report with its timings and command line taken out: what must be identical. */
function untimed(r: RunReport): RunReport {
  const { command: _c, ...rest } = r;
  return { ...rest, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 0, results: r.results.map((x) => ({ ...x, durationMs: 0 })) };
}

async function wholeAndShards(o: Omit<ConformOptions, 'seed' | 'corpusDir'>, n = 3): Promise<{ whole: RunReport; shards: ShardReport[] }> {
  const base = { ...o, seed: SEED, corpusDir: null, flakyTries: 1 };
  const whole = (await conform(base)).report;
  const shards: ShardReport[] = [];
  for (let k = 1; k <= n; k++) shards.push({ file: `shard-${k}/report.json`, report: (await conform({ ...base, shard: { index: k, count: n } })).report });
  return { whole, shards };
}

/** report.json, JUnit and HTML (with its figures) of a report, timings and command taken out. */
async function forms(r: RunReport): Promise<[string, string, string]> {
  const u = untimed(r);
  return [toCanonicalJson(u, 2), toJUnitXml(u), toHtml(u, await renderReportPlots(u))];
}

describe(`report merge: 3 shards of a run are the unsharded run (seed ${SEED})`, () => {
  // One case per shape: the reference (passes and the sequencer's expected failure, which stops at
  // its first counterexample in the whole run but not in each shard), and mutants whose failures
  // come with counterexamples, explanations and replay lines.
  // The shard count is chosen so that properties' units land in several shards (with 12
  // properties and 3 shards every property would sit whole in one shard).
  it.each([
    ['sequencer', 'reference', 3],
    ['sequencer', 'mutant:sequencer-tie-by-arrival', 3],
    ['loq', 'mutant:loq-no-epoch', 4],
  ])('%s against %s in %i shards: the same report.json, junit.xml, report.html and exit code', async (component, adapter, n) => {
    const { whole, shards } = await wholeAndShards({ components: [component], adapter, runs: 24 }, n);
    const merged = mergeShards(shards, { command: 'npx fairwire report merge ...' });
    expect(() => validateReport(merged)).not.toThrow();
    expect(merged.command).toBe('npx fairwire report merge ...');
    expect(merged.shard).toBeNull();
    // Not vacuous: every shard holds only part of the run.
    for (const s of shards) expect(s.report.results.some((r) => r.runsAsked < 24) || s.report.results.length < whole.results.length).toBe(true);
    expect(shards.flatMap((s) => s.report.results).filter((r) => r.runsAsked < 24).length).toBeGreaterThan(1);
    const [json, junit, html] = await forms(merged);
    const [wJson, wJunit, wHtml] = await forms(whole);
    expect(JSON.parse(json)).toEqual(JSON.parse(wJson));
    expect(junit).toBe(wJunit);
    expect(html).toBe(wHtml);
    expect(merged.exitCode).toBe(whole.exitCode);
    if (adapter !== 'reference') expect(whole.summary.failed).toBeGreaterThan(0);
  });

  it('a property with several bugs split over shards: the same report, every further finding included', async () => {
    // Each unit searches on its own (it does not know what earlier units found), so a shard finds
    // in its units what the whole run finds there, and the merge dedupes in unit order as the runner does.
    const { whole, shards } = await wholeAndShards({ components: ['matching'], adapter: 'mutant:matching-lifo-queue', runs: 24 }, 5);
    const merged = mergeShards(shards);
    expect(JSON.parse(toCanonicalJson(untimed(merged)))).toEqual(JSON.parse(toCanonicalJson(untimed(whole))));
    expect(merged.exitCode).toBe(whole.exitCode);
    expect(whole.summary.failed).toBeGreaterThan(4);
    // Not vacuous: some property has further findings, and some property's findings come from units in different shards.
    expect(whole.results.some((r) => (r.findings?.length ?? 0) > 0)).toBe(true);
  });

  it('measured figures of the shards add up to the unsharded run\'s, exactly (multicast, LOQ, exchange)', async () => {
    // Shard counts that split properties (6 properties in 3 shards would each sit whole in one).
    for (const [component, n] of [['multicast', 3], ['loq', 4], ['exchange', 4]] as const) {
      const { whole, shards } = await wholeAndShards({ components: [component], adapter: 'reference', runs: 8 }, n);
      const merged = mergeShards(shards);
      const figures = (r: RunReport) => r.results.map((x) => [x.id, x.figures ?? null]);
      expect(figures(merged), component).toEqual(figures(whole));
      // Not vacuous: the component measures, and some property's figures were split over shards.
      expect(whole.results.filter((r) => r.figures && Object.keys(r.figures.values).length > 0).length, component).toBeGreaterThan(0);
      expect(shards.flatMap((s) => s.report.results).filter((r) => r.figures && r.runsAsked < 8).length, component).toBeGreaterThan(0);
      expect(JSON.parse(toCanonicalJson(untimed(merged)))).toEqual(JSON.parse(toCanonicalJson(untimed(whole))));
    }
  });

  it('--expect: gating judged again over the whole run (a shard alone sees a listed failure pass in its units)', async () => {
    const opts = { components: ['loq'], adapter: 'mutant:loq-no-epoch', runs: 12 };
    const first = (await conform({ ...opts, seed: SEED, corpusDir: null, flakyTries: 1 })).report;
    const failing = first.results.filter((r) => r.status === 'failed');
    expect(failing.length).toBeGreaterThan(1);
    const file = join(mkdtempSync(join(tmpdir(), 'fairwire-merge-')), 'expect.json');
    // Every failure but the last listed with its signature, and one passing property listed too.
    const passing = first.results.find((r) => r.status === 'passed')!;
    const listed = [...failing.slice(0, -1).map((r) => ({ property: r.id, signature: r.signature!, reason: 'known' })), { property: passing.id, signature: 'x', reason: 'fixed since' }];
    writeFileSync(file, JSON.stringify({ vendor: opts.adapter, failures: listed }));
    const { whole, shards } = await wholeAndShards({ ...opts, expectFile: file }, 4);
    // Some shard saw a listed failure pass in its units: gated alone, it is wrong about the run.
    expect(shards.some((s) => (s.report.gating?.unexpectedPasses ?? []).some((id) => id !== passing.id))).toBe(true);
    const merged = mergeShards(shards);
    expect(merged.gating).toEqual(whole.gating);
    expect(merged.gating!.unexpectedFailures).toEqual([failing[failing.length - 1]!.id]);
    expect(merged.gating!.unexpectedPasses).toEqual([passing.id]);
    expect(merged.results.filter((r) => r.known).map((r) => r.id)).toEqual(failing.slice(0, -1).map((r) => r.id));
    expect(merged.exitCode).toBe(whole.exitCode);
    expect(JSON.parse(toCanonicalJson(untimed(merged)))).toEqual(JSON.parse(toCanonicalJson(untimed(whole))));
  });

  it('refuses shards of different property selections (the unit plan does not add up)', async () => {
    const { shards } = await wholeAndShards({ components: ['loq'], adapter: 'reference', runs: 12 }, 4);
    const ids = shards[0]!.report.results.map((r) => r.id);
    const narrow = (await conform({ components: ['loq'], adapter: 'reference', runs: 12, seed: SEED, corpusDir: null, propertyIds: [ids[0]!], shard: { index: 2, count: 4 } })).report;
    const mixed = shards.map((s, i) => (i === 1 ? { file: 'narrow.json', report: narrow } : s));
    expect(() => mergeShards(mixed)).toThrow(/shard \d\/4 does not hold the part of loq\.\S+ that the plan of this run gives it .*different --property or --component selections/);
  });

  it('splits a property over several shards (the case the merge exists for), and the parts add up', async () => {
    // 6 properties in 4 shards: each property's 4 units land in 2 shards.
    const { whole, shards } = await wholeAndShards({ components: ['loq'], adapter: 'reference', runs: 12 }, 4);
    const id = whole.results[0]!.id;
    const parts = shards.flatMap((s) => s.report.results.filter((r) => r.id === id));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.reduce((n, r) => n + r.runs, 0)).toBe(whole.results[0]!.runs);
    const merged = mergeShards(shards);
    expect(JSON.parse(toCanonicalJson(untimed(merged)))).toEqual(JSON.parse(toCanonicalJson(untimed(whole))));
  });
});

describe('report merge refuses what is not the complete set of one run', () => {
  const shard = (k: number, n: number, over: Partial<RunReport> = {}): ShardReport => ({
    file: `s${k}.json`,
    report: {
      schemaVersion: 1,
      tool: { name: 'fairwire', version: '0.1.0' },
      seed: 42,
      runs: null,
      shard: { index: k, count: n },
      adapter: { spec: 'cmd:./vendor', name: 'vendor' },
      components: ['toy'],
      startedAt: '2026-12-07T21:00:00.000Z',
      durationMs: 1,
      results: [],
      gating: null,
      summary: { total: 0, passed: 0, failed: 0, flaky: 0, skipped: 0, faults: 0, expectedFailures: 0, unexpectedPasses: 0, notRun: 0, vacuous: 0 },
      exitCode: 0,
      ...over,
    },
  });
  const refusal = (shards: ShardReport[]) => {
    try {
      mergeShards(shards);
    } catch (err) {
      expect(err).toBeInstanceOf(MergeRefusal);
      return (err as Error).message;
    }
    throw new Error('merged what it should have refused');
  };

  it('different seeds, adapters or N; a missing or duplicated shard; a report of a whole run', () => {
    expect(refusal([shard(1, 2), shard(2, 2, { seed: 43 })])).toBe('the shards are not of one run: different seed: 42 (s1.json) vs 43 (s2.json) (give every shard the same --seed: without one each picks its own)');
    expect(refusal([shard(1, 2), shard(2, 2, { adapter: { spec: 'cmd:./other', name: 'other' } })])).toContain('different adapter: cmd:./vendor (s1.json) vs cmd:./other (s2.json)');
    expect(refusal([shard(1, 2), shard(2, 3), shard(3, 3)])).toContain('different shard count N: 2 (s1.json) vs 3 (s2.json, s3.json)');
    expect(refusal([shard(1, 3), shard(3, 3)])).toBe('missing shard 2/3: a merge of part of a run would pass what never ran');
    expect(refusal([shard(1, 2), { ...shard(1, 2), file: 'copy.json' }, shard(2, 2)])).toBe('shard 1/2 given 2 times: s1.json, copy.json');
    expect(refusal([shard(1, 1), { ...shard(1, 1), file: 'whole.json', report: { ...shard(1, 1).report, shard: null } }])).toBe('whole.json: not a shard (its run had no --shard K/N)');
    expect(refusal([shard(1, 2), shard(2, 2, { components: ['toy', 'other'] })])).toContain('different components');
    expect(refusal([])).toBe('no shard reports to merge');
    // The complete set merges.
    expect(mergeShards([shard(2, 2), shard(1, 2)]).shard).toBeNull();
  });
});
