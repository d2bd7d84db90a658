import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { mismatchSides, summaryLine, toHtml, toJUnitXml, validateReport, writeReports, type RunReport } from './report.ts';
import { issue12Report } from './testing/report-fixture.ts';

/** The report with one result replaced (for the schema's negative cases). */
function withResult(report: RunReport, index: number, change: (r: Record<string, unknown>) => Record<string, unknown>): RunReport {
  const results = report.results.map((r, i) => (i === index ? (change({ ...r }) as unknown as RunReport['results'][number]) : r));
  return { ...report, results };
}

describe('run report with the issue 12 fields (flaky, explanation, stderr tail, requests, findings, variants)', () => {
  it('validates against spec/report.schema.json, and the schema still refuses what it does not know', () => {
    const report = issue12Report();
    expect(() => validateReport(report)).not.toThrow();
    expect(report.summary).toMatchObject({ total: 3, passed: 1, failed: 0, flaky: 1, faults: 1 });
    expect(() => validateReport(withResult(report, 1, (r) => ({ ...r, explanation: { summary: 's', colour: 'red' } })))).toThrow(/additional/);
    expect(() => validateReport(withResult(report, 1, (r) => ({ ...r, tries: { failed: 2 } })))).toThrow(/of/);
    expect(() => validateReport(withResult(report, 1, (r) => ({ ...r, status: 'wobbly' })))).toThrow(/status/);
    const badTimeline = withResult(report, 1, (r) => ({ ...r, explanation: { summary: 's', timeline: [{ at: 1, where: 'x' }] } }));
    expect(() => validateReport(badTimeline)).toThrow(/what/);
    expect(() => validateReport({ ...report, variants: [1] as unknown as string[] })).toThrow(/variants/);
  });

  it('writes every field to report.json in full (all requests, the whole stderr tail kept by the runner)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairwire-report-'));
    await writeReports(dir, issue12Report());
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;
    const [, flaky, fault] = json.results;
    expect(flaky?.tries).toEqual({ failed: 2, of: 3 });
    expect(flaky?.explanation?.timeline).toHaveLength(3);
    expect(flaky?.findings?.[0]?.replay).toContain('--replay 11:0');
    expect(fault?.requests).toHaveLength(5);
    expect(json.summary.flaky).toBe(1);
    expect(json.variants).toEqual(['fast.null-under-tail-initial=absent']);
  });

  it('counts flaky apart from deterministic failures in the summary line', () => {
    expect(summaryLine(issue12Report().summary)).toBe(
      '3 properties: 1 passed, 0 failed, 1 flaky, 1 faults, 0 skipped, 0 not run, 0 vacuous, 0 expected failures, 0 unexpected passes',
    );
  });

  it('JUnit: well-formed; a flaky property is a failure with its tries in the message; findings, explanation, stderr in the text', () => {
    const xml = toJUnitXml(issue12Report());
    const failures: { message: string; type: string }[] = [];
    const sax = new SaxesParser();
    sax.on('opentag', (t) => {
      if (t.name === 'failure') failures.push({ message: String(t.attributes.message), type: String(t.attributes.type) });
    });
    sax.write(xml).close();
    expect(failures).toEqual([{ message: 'flaky (2/3): sum differs: value differs at total: expected 6, got 7', type: 'Flaky' }]);
    expect(xml).toMatch(/<testsuites name="fairwire" tests="3" failures="1" errors="1"/);
    expect(xml).toContain('finding 2 of 2 (failed)');
    expect(xml).toContain('replay: npx fairwire conform --component toy --property toy.b.flaky --replay 11:0');
    expect(xml).toContain('vendor stderr (last lines):');
    expect(xml).toContain('order c1, stamped 1500');
  });

  it('HTML: the table links to each failure block, explanations with a highlighted timeline table, a side-by-side diff, bounded stderr and requests', () => {
    const html = toHtml(issue12Report());
    // Anchors: the summary table links to each failure block and to nothing for a pass.
    expect(html).toContain('<a href="#failure-toy.b.flaky">flaky (2/3)</a>');
    expect(html).toContain('<a href="#failure-toy.c.fault">fault</a>');
    expect(html).not.toContain('href="#failure-toy.a.passes"');
    expect(html).toContain('<section id="failure-toy.b.flaky">');
    expect(html).toContain('<section class="finding" id="failure-toy.b.flaky-finding-2">');
    expect(html).toContain('<a class="meta" href="#failure-toy.b.flaky-finding-2">+1 more</a>');
    // The timeline as a table, the two entries the summary is about highlighted.
    expect(html).toContain('<table class="timeline">');
    expect(html.match(/<tr class="hl">/g)).toHaveLength(2);
    expect(html).toContain('<tr class="hl"><td>3</td><td>1600</td><td>subject</td><td>releases c1 (stamp 1500)</td></tr>');
    expect(html).toContain('the third item was dropped');
    // Expected and actual side by side, the differing field marked on both sides.
    expect(html).toContain('<table class="diff">');
    expect(html).toContain('&quot;total&quot;: <mark>6</mark>');
    expect(html).toContain('&quot;total&quot;: <mark>7</mark>');
    // stderr: labelled, bounded to its last lines; requests: the first few and the count.
    expect(html).toContain('Vendor stderr (last lines)');
    expect(html).toContain('log line 30');
    expect(html).not.toContain('log line 5\n');
    expect(html).toContain('(10 earlier lines not shown)');
    expect(html).toContain('Requests of the case (5)');
    expect(html).toContain('... 2 more (all 5 in report.json)');
    expect(html).toContain('<code>fast.null-under-tail-initial=absent</code>');
  });

  it('reads expected/actual from a Mismatch message only when both are JSON', () => {
    expect(mismatchSides('x\n  expected: {"a":1}\n  actual:   {"a":2}')).toEqual({ expected: { a: 1 }, actual: { a: 2 } });
    expect(mismatchSides('x\n  expected: {"a":1}')).toBeUndefined();
    expect(mismatchSides('x\n  expected: {oops\n  actual:   1')).toBeUndefined();
    expect(mismatchSides(undefined)).toBeUndefined();
  });
});
