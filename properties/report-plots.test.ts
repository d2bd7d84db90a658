import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { toHtml } from './report-html.ts';
import { renderReportPlots, reportPlotSpecs } from './report-plots.ts';
import { issue12Report } from './testing/report-fixture.ts';

/** Every inline <svg>…</svg> of a page, each checked to be well-formed XML, with its text content. */
function inlineSvgs(html: string): string[] {
  const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
  return svgs.map((svg) => {
    const text: string[] = [];
    const sax = new SaxesParser();
    sax.on('text', (t) => void text.push(t));
    sax.write(svg).close();
    return text.join(' ');
  });
}

describe('report.html figures (vega-lite rendered to inline SVG, no browser)', () => {
  it('plots runs and time per property and the failure timeline, each with alt text, as well-formed inline SVG', async () => {
    const report = issue12Report();
    const plots = await renderReportPlots(report);
    expect(plots.error).toBeUndefined();
    const html = toHtml(report, plots);
    const svgs = inlineSvgs(html);
    // Runs per property, time per property, and the flaky failure's timeline (its second finding has none).
    expect(svgs).toHaveLength(3);
    expect(svgs[0]).toContain('Runs per property');
    expect(svgs[1]).toContain('Time per property');
    for (const id of ['toy.a.passes', 'toy.b.flaky', 'toy.c.fault']) expect(svgs[0]).toContain(id);
    expect(svgs[2]).toContain('toy.b.flaky: timeline');
    // The timeline figure sits in the failure's own block, after its table.
    const block = html.slice(html.indexOf('<section id="failure-toy.b.flaky">'), html.indexOf('<section class="finding"'));
    expect(block).toContain('<table class="timeline">');
    expect(block).toMatch(/<figure role="img" aria-label="timeline of 3 entries at 3 places, from 1200 to 1600[^"]*">/);
    // Alt text that stands for the figure: the totals of the table.
    expect(html).toContain('aria-label="Runs per property: 3 properties, 113 cases in all; the same figures are in the properties table"');
    expect(html).toContain('Time per property: 3 properties, 5.045 s in all');
    // No scripts and nothing fetched: the page stands alone.
    expect(html).not.toMatch(/<script|<img|<link|https?:\/\/(?!www\.w3\.org)[^"\s]*\.(js|css|png)/);
  });

  it('plots what the report holds: one bar per result with its runs and seconds, timeline points from the explanation', () => {
    const { overview, timelines } = reportPlotSpecs(issue12Report());
    const values = (overview[0]!.spec as unknown as { data: { values: { id: string; runs: number; seconds: number }[] } }).data.values;
    expect(values.map((v) => [v.id, v.runs, v.seconds])).toEqual([
      ['toy.a.passes', 100, 0.005],
      ['toy.b.flaky', 12, 0.04],
      ['toy.c.fault', 1, 5],
    ]);
    const line = timelines.get('failure-toy.b.flaky')!.spec as unknown as { data: { values: { at: number; where: string; key: string }[] } };
    expect(line.data.values.map((v) => [v.at, v.where, v.key])).toEqual([
      [1200, 'P1', 'the summary is about it'],
      [1550, 'P2', 'other'],
      [1600, 'subject', 'the summary is about it'],
    ]);
  });

  it('without figures (none rendered, or rendering failed) the page keeps every table and says why', () => {
    const report = issue12Report();
    const plain = toHtml(report);
    expect(plain).not.toContain('<svg');
    expect(plain).toContain('<table class="timeline">');
    const failed = toHtml(report, { overview: [], timelines: new Map(), error: 'the figures could not be rendered (boom); the tables hold the same figures' });
    expect(failed).toContain('the figures could not be rendered (boom)');
    expect(failed).toContain('<h2>Properties</h2>');
  });
});
