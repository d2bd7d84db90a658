import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { FigureAccumulator } from './figures.ts';
import { validateReport, type RunReport } from './report.ts';
import { toHtml } from './report-html.ts';
import { renderReportPlots, reportPlotSpecs } from './report-plots.ts';
import { issue12Report } from './testing/report-fixture.ts';

/** The fixture report with measured figures on its passing property. */
function withFigures(): RunReport {
  const acc = new FigureAccumulator({
    'release-spread': { title: 'release spread per message', unit: 'ns' },
    'queue-depth': { title: 'most orders held', unit: 'orders' },
    'within-2eps': { title: 'messages within 2 epsilon', unit: 'messages', share: true },
  });
  acc.record(() => ({ 'release-spread': [10, 40, 40], 'queue-depth': 3, 'within-2eps': [1, 1, 0] }));
  acc.record(() => ({ 'release-spread': [2n ** 60n], 'queue-depth': 5, 'within-2eps': [1] }));
  const r = issue12Report();
  return { ...r, results: r.results.map((x, i) => (i === 0 ? { ...x, figures: acc.result()! } : x)) };
}

describe('measured figures in report.json and report.html', () => {
  it('validate against spec/report.schema.json (integers beyond 2^53 as decimal strings)', () => {
    const report = withFigures();
    expect(() => validateReport(report)).not.toThrow();
    const bad = { ...report, results: report.results.map((x, i) => (i === 0 ? { ...x, figures: { ...x.figures!, values: { x: { ...x.figures!.values['queue-depth']!, p50: 1.5 } } } } : x)) };
    expect(() => validateReport(bad)).toThrow(/report does not match/);
  });

  it('lists every figure in a table (a share as how many of how many) and plots min..max per unit with alt text', async () => {
    const report = withFigures();
    const specs = reportPlotSpecs(report).measured.get('toy.a.passes')!;
    // One plot per unit; the share stays in the table.
    expect(specs.map((s) => s.title)).toEqual(['toy.a.passes: measured (orders)', 'toy.a.passes: measured (ns)']);
    const points = (specs[0]!.spec as unknown as { layer: { data: { values: { name: string; stat: string; value: number }[] } }[] }).layer[1]!.data.values;
    expect(points.map((p) => [p.stat, p.value])).toEqual([['min', 3], ['p50', 3], ['p90', 5], ['p99', 5], ['max', 5]]);
    const plots = await renderReportPlots(report);
    expect(plots.error).toBeUndefined();
    const html = toHtml(report, plots);
    const section = html.slice(html.indexOf('<h2>Measured figures</h2>'), html.indexOf('<h2>Failures'));
    expect(section).toContain('<h3 id="figures-toy.a.passes"><code>toy.a.passes</code> — 2 passing case(s) measured</h3>');
    // release-spread: 10, 40, 40, 2^60: samples, min, p50, p90, p99, max, mean.
    expect(section).toContain(`<td>4</td><td>10</td><td>40</td><td>${2n ** 60n}</td><td>${2n ** 60n}</td><td>${2n ** 60n}</td><td>${(2n ** 60n + 90n) / 4n}.50</td>`);
    expect(section).toContain('<td colspan="7">3/4 messages (75%)</td>');
    const svgs = section.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(2);
    for (const svg of svgs) new SaxesParser().write(svg).close();
    expect(section).toContain('aria-label="toy.a.passes: measured (orders): queue-depth p50 3, p99 5, max 5 orders over 2 samples; the measured-figures table lists them"');
    // Without figures the section is absent.
    expect(toHtml(issue12Report())).not.toContain('Measured figures');
  });
});
