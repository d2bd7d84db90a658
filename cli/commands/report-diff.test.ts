import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { schemaValidator } from '../../spec/schemas.ts';
import { summarize, type RunReport } from '../../properties/report.ts';
import type { ReportDiff } from '../../properties/report-diff.ts';
import type { PropertyResult } from '../../properties/runner.ts';
import { runCli } from './testing/run-cli.ts';

type R = PropertyResult & { known?: boolean };
const ok = (id: string, over: Partial<R> = {}): R => ({ id, component: 'toy', title: id, status: 'passed', runs: 100, runsAsked: 100, seed: 1, durationMs: 1, ...over });
const bad = (id: string, signature: string, over: Partial<R> = {}): R => ok(id, { status: 'failed', signature, message: `${id} broke (${signature})\n  detail`, ...over });

function report(results: R[], over: Partial<RunReport> = {}): RunReport {
  return {
    schemaVersion: 1,
    tool: { name: 'fairwire', version: '0.1.0' },
    seed: 42,
    runs: null,
    shard: null,
    adapter: { spec: 'cmd:./vendor', name: 'vendor' },
    components: ['toy'],
    startedAt: '2026-12-07T21:00:00.000Z',
    durationMs: 10,
    results,
    gating: null,
    summary: summarize(results),
    exitCode: results.some((r) => r.status !== 'passed') ? 1 : 0,
    ...over,
  };
}

const OLD = report([
  ok('toy.a.starts-failing'),
  bad('toy.b.gets-fixed', 'sig-b'),
  bad('toy.c.goes-flaky', 'sig-c'),
  ok('toy.d.fewer-runs'),
  bad('toy.e.new-bug', 'sig-e'),
  ok('toy.f.removed'),
  bad('toy.g.known', 'sig-g', { known: true }),
  bad('toy.h.to-fault', 'sig-h'),
  ok('toy.i.same'),
]);
const NEW = report([
  bad('toy.a.starts-failing', 'sig-a'),
  ok('toy.b.gets-fixed'),
  bad('toy.c.goes-flaky', 'sig-c', { status: 'flaky', tries: { failed: 2, of: 3 } }),
  ok('toy.d.fewer-runs', { runs: 37, interrupted: true }),
  bad('toy.e.new-bug', 'sig-e', { findings: [{ status: 'failed', signature: 'sig-e2', message: 'another', seed: 3 }] }),
  bad('toy.g.known', 'sig-g', { known: true }),
  bad('toy.h.to-fault', 'adapter-fault', { status: 'fault' }),
  ok('toy.i.same'),
  ok('toy.j.added', { status: 'not-run', runs: 0, reason: 'the time budget ran out' }),
]);

function files(...reports: unknown[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'fairwire-diff-'));
  return reports.map((r, i) => {
    const file = join(dir, `r${i}.json`);
    writeFileSync(file, typeof r === 'string' ? r : toCanonicalJson(r, 2));
    return file;
  });
}

describe('fairwire report diff', () => {
  it('classifies every kind of change, and exits 1 on a regression', async () => {
    const run = await runCli(['report', 'diff', ...files(OLD, NEW), '--json']);
    expect(run.code).toBe(1);
    const d = JSON.parse(run.out) as ReportDiff;
    schemaValidator('report.schema.json');
    expect(schemaValidator('report-diff.schema.json')(d)).toBe(true);
    expect(d.regression).toBe(true);
    expect(d.newFailures.map((c) => [c.id, c.from?.status ?? null, c.to?.status])).toEqual([
      ['toy.a.starts-failing', 'passed', 'failed'],
      ['toy.j.added', null, 'not-run'],
    ]);
    expect(d.newFailures[1]!.to!.signatures).toEqual(['(not-run)']);
    expect(d.fixed.map((c) => [c.id, c.from!.signatures])).toEqual([['toy.b.gets-fixed', ['sig-b']]]);
    expect(d.statusChanges.map((c) => [c.id, c.from!.status, c.to!.status])).toEqual([
      ['toy.c.goes-flaky', 'failed', 'flaky (2/3)'],
      ['toy.h.to-fault', 'failed', 'fault'],
    ]);
    expect(d.signatureChanges).toEqual([
      { id: 'toy.e.new-bug', status: 'failed', appeared: ['sig-e2'], disappeared: [] },
      { id: 'toy.h.to-fault', status: 'fault', appeared: ['adapter-fault'], disappeared: ['sig-h'] },
    ]);
    expect(d.added.map((s) => s.id)).toEqual(['toy.j.added']);
    expect(d.removed.map((s) => [s.id, s.status])).toEqual([['toy.f.removed', 'passed']]);
    expect(d.runChanges).toEqual([{ id: 'toy.d.fewer-runs', from: '100', to: '37/100' }]);
    // toy.g (the same known failure) and toy.i (passes in both).
    expect(d.unchanged).toBe(2);
    expect(d.caveats).toEqual([]);
  });

  it('prints markdown for release notes by default, one section per kind of change', async () => {
    const run = await runCli(['report', 'diff', ...files(OLD, NEW)]);
    expect(run.code).toBe(1);
    expect(run.out).toContain('**Regression**: NEW has failures OLD did not have (4 properties).');
    expect(run.out).toContain('### New failures (2)\n\n- `toy.a.starts-failing` passed → failed: `sig-a` — toy.a.starts-failing broke (sig-a)\n');
    expect(run.out).toContain('### Fixed (1)\n\n- `toy.b.gets-fixed` failed → passed (was `sig-b`)');
    expect(run.out).toContain('- `toy.c.goes-flaky` failed → flaky (2/3)');
    expect(run.out).toContain('- `toy.e.new-bug` (failed): new `sig-e2`');
    expect(run.out).toContain('- `toy.h.to-fault` (fault): new `adapter-fault`; gone `sig-h`');
    expect(run.out).toContain('### Properties removed (1)\n\n- `toy.f.removed` (was passed)');
    expect(run.out).toContain('### Run counts (1)\n\n- `toy.d.fewer-runs` 100 → 37/100');
    expect(run.out).toContain('Unchanged: 2 properties.');
  });

  it('exits 0 when every failure of NEW was in OLD (fixes, flakiness of a known bug, removals), and notes runs that are not like for like', async () => {
    const newer = report([ok('toy.b.gets-fixed'), bad('toy.c.goes-flaky', 'sig-c', { status: 'flaky', tries: { failed: 1, of: 3 } })], { seed: 43 });
    const run = await runCli(['report', 'diff', ...files(OLD, newer)]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('**No regression**');
    expect(run.out).toContain('> note: different seeds (42 and 43): the runs generated different cases');
    // The same report against itself: nothing changed.
    const same = await runCli(['report', 'diff', ...files(OLD, OLD), '--json']);
    expect(same.code).toBe(0);
    expect((JSON.parse(same.out) as ReportDiff).unchanged).toBe(OLD.results.length);
  });

  it('refuses a missing file, a file that is not JSON or not a report, and a wrong number of files (exit 2)', async () => {
    const [good, notJson, notReport] = files(OLD, '{"oops', { hello: 1 });
    const missing = await runCli(['report', 'diff', good!, '/nonexistent/report.json']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('/nonexistent/report.json: cannot read it (ENOENT)');
    const broken = await runCli(['report', 'diff', good!, notJson!]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/r1\.json: not JSON/);
    const other = await runCli(['report', 'diff', notReport!, good!]);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/r2\.json: not a fairwire report\.json \(spec\/report\.schema\.json\)/);
    const one = await runCli(['report', 'diff', good!]);
    expect(one.code).toBe(2);
    expect(one.err).toContain('two report.json files, OLD and NEW, got 1');
    expect(one.err).toContain('(see: fairwire report diff --help)');
  });
});
