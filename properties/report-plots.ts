import type { Explanation } from './explanation.ts';
import type { FigureSummary } from './figures.ts';
import { renderSvg, type PlotSpec } from './plot/render.ts';
import type { RunReport } from './report.ts';
import { STATUS_COLOR, anchorOf, hasBlock } from './report-html.ts';
import { statusText } from './report-summary.ts';

/**
 * The figures of report.html, as Vega-Lite specs rendered to inline SVG (no browser, no script,
 * no network): runs and time per property, and for every failure whose explanation has a
 * timeline, that timeline drawn (where on the y axis, time on the x axis, the entries the
 * summary is about marked), and the distributions of what properties measured (Property.measure):
 * per property and unit, min, p50, p90, p99 and max of each figure. Every figure repeats what a
 * table on the page already says, so the page reads the same without them.
 */
export interface ReportPlots {
  /** Figures of the whole run, in page order. */
  readonly overview: readonly Plot[];
  /** Timeline figures by the anchor of the failure block they belong to (anchorOf). */
  readonly timelines: ReadonlyMap<string, Plot>;
  /** Measured-figure distributions by property id, one plot per unit (absent: none). */
  readonly measured?: ReadonlyMap<string, readonly Plot[]>;
  /** Set when rendering failed: the page says so instead of showing figures. */
  readonly error?: string;
}

export interface Plot {
  readonly title: string;
  /** What the figure shows, for a reader without it (alt text). */
  readonly alt: string;
  readonly svg: string;
}

const BAR = 14;
/** Timeline figures per page at most (a run with hundreds of failures keeps its tables; the page stays light). */
export const MAX_TIMELINE_FIGURES = 40;
const WIDTH = 520;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const CONFIG = { font: 'sans-serif', view: { stroke: '#ddd' }, axis: { labelLimit: 320 } };

type Spec = { readonly title: string; readonly alt: string; readonly spec: PlotSpec };

/** One bar per property, coloured by status, in report order. */
function perPropertyBars(report: RunReport, title: string, field: 'runs' | 'seconds', xTitle: string): Spec {
  const values = report.results.map((r) => ({
    id: r.id,
    status: statusText(r),
    colour: STATUS_COLOR[r.status],
    runs: r.runs,
    seconds: r.durationMs / 1000,
  }));
  const spec = {
    $schema: SCHEMA,
    title,
    config: CONFIG,
    width: WIDTH,
    height: Math.max(BAR, BAR * values.length),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'id', type: 'nominal', sort: null, title: null },
      x: { field, type: 'quantitative', title: xTitle },
      color: { field: 'colour', type: 'nominal', scale: null, legend: null },
    },
  } as unknown as PlotSpec;
  const total = field === 'runs' ? report.results.reduce((n, r) => n + r.runs, 0) : report.results.reduce((n, r) => n + r.durationMs, 0) / 1000;
  const alt = `${title}: ${values.length} properties, ${field === 'runs' ? `${total} cases in all` : `${total.toFixed(3)} s in all`}; the same figures are in the properties table`;
  return { title, alt, spec };
}

/** A counterexample's timeline: one row per place, a point per entry, the highlighted ones larger and red. */
function timelineSpec(id: string, e: Explanation): Spec | undefined {
  const entries = e.timeline ?? [];
  // Everything at one instant (or a single entry): the table says it all.
  if (new Set(entries.map((t) => t.at)).size < 2) return undefined;
  const places = [...new Set(entries.map((t) => t.where))];
  const values = entries.map((t, i) => ({ n: i + 1, at: t.at, where: t.where, what: t.what, key: t.highlight ? 'the summary is about it' : 'other' }));
  const spec = {
    $schema: SCHEMA,
    title: { text: `${id}: timeline`, subtitle: 'each point an entry of the table below; red: what the explanation is about' },
    config: CONFIG,
    width: WIDTH,
    height: Math.max(2 * BAR, 2 * BAR * places.length),
    data: { values },
    layer: [
      {
        mark: { type: 'point', filled: true },
        encoding: {
          x: { field: 'at', type: 'quantitative', title: 'time', scale: { zero: false } },
          y: { field: 'where', type: 'nominal', sort: places, title: null },
          color: { field: 'key', type: 'nominal', scale: { domain: ['the summary is about it', 'other'], range: ['#cf222e', '#57606a'] }, title: null },
          size: { field: 'key', type: 'nominal', scale: { domain: ['the summary is about it', 'other'], range: [120, 40] }, legend: null },
        },
      },
      {
        mark: { type: 'text', dy: -9, fontSize: 9 },
        encoding: {
          x: { field: 'at', type: 'quantitative' },
          y: { field: 'where', type: 'nominal', sort: places },
          text: { field: 'n', type: 'quantitative' },
        },
      },
    ],
  } as unknown as PlotSpec;
  const alt = `timeline of ${entries.length} entries at ${places.length} places, from ${entries[0]!.at} to ${entries[entries.length - 1]!.at}; the table below lists them, numbered as in the figure`;
  return { title: `${id}: timeline`, alt, spec };
}

/** Measured-figure plots per page at most. */
export const MAX_MEASURED_FIGURES = 60;
const STATS = ['min', 'p50', 'p90', 'p99', 'max'] as const;

/**
 * One property's measured figures of one unit: a row per figure, a point per statistic (min,
 * p50, p90, p99, max) joined by a rule from min to max. Shares are left to the table (a count
 * of a count, not a distribution).
 */
function measuredSpecs(id: string, values: Readonly<Record<string, FigureSummary>>): Spec[] {
  const byUnit = new Map<string, [string, FigureSummary][]>();
  for (const [name, f] of Object.entries(values)) {
    if (f.share) continue;
    byUnit.set(f.unit, [...(byUnit.get(f.unit) ?? []), [name, f]]);
  }
  const specs: Spec[] = [];
  for (const [unit, figures] of byUnit) {
    const names = figures.map(([n]) => n);
    const points = figures.flatMap(([name, f]) => STATS.map((stat) => ({ name, stat, value: Number(f[stat]) })));
    const ranges = figures.map(([name, f]) => ({ name, lo: Number(f.min), hi: Number(f.max) }));
    const title = `${id}: measured (${unit})`;
    const spec = {
      $schema: SCHEMA,
      title: { text: title, subtitle: 'per figure: min, p50, p90, p99 and max over the passing cases (nearest rank)' },
      config: CONFIG,
      width: WIDTH,
      height: Math.max(2 * BAR, 2 * BAR * names.length),
      layer: [
        {
          data: { values: ranges },
          mark: { type: 'rule', color: '#afb8c1' },
          encoding: { y: { field: 'name', type: 'nominal', sort: names, title: null }, x: { field: 'lo', type: 'quantitative', title: unit }, x2: { field: 'hi' } },
        },
        {
          data: { values: points },
          mark: { type: 'point', filled: true, size: 70 },
          encoding: {
            y: { field: 'name', type: 'nominal', sort: names, title: null },
            x: { field: 'value', type: 'quantitative', title: unit },
            color: { field: 'stat', type: 'nominal', sort: [...STATS], scale: { domain: [...STATS], range: ['#8c959f', '#1a7f37', '#bf8700', '#bc4c00', '#cf222e'] }, title: null },
          },
        },
      ],
    } as unknown as PlotSpec;
    const alt = `${title}: ${figures.map(([name, f]) => `${name} p50 ${f.p50}, p99 ${f.p99}, max ${f.max} ${unit} over ${f.count} samples`).join('; ')}; the measured-figures table lists them`;
    specs.push({ title, alt, spec });
  }
  return specs;
}

/** The specs of a report's figures (exported for tests that check what is plotted). */
export function reportPlotSpecs(report: RunReport): { overview: Spec[]; timelines: Map<string, Spec>; measured: Map<string, Spec[]> } {
  const overview = report.results.length === 0 ? [] : [perPropertyBars(report, 'Runs per property', 'runs', 'cases run'), perPropertyBars(report, 'Time per property', 'seconds', 'seconds')];
  const timelines = new Map<string, Spec>();
  for (const r of report.results.filter(hasBlock)) {
    const first = r.explanation && timelines.size < MAX_TIMELINE_FIGURES && timelineSpec(r.id, r.explanation);
    if (first) timelines.set(anchorOf(r.id), first);
    (r.findings ?? []).forEach((f, i) => {
      const s = f.explanation && timelines.size < MAX_TIMELINE_FIGURES && timelineSpec(`${r.id} finding ${i + 2}`, f.explanation);
      if (s) timelines.set(anchorOf(r.id, i + 2), s);
    });
  }
  const measured = new Map<string, Spec[]>();
  let n = 0;
  for (const r of report.results) {
    if (!r.figures || n >= MAX_MEASURED_FIGURES) continue;
    const specs = measuredSpecs(r.id, r.figures.values).slice(0, MAX_MEASURED_FIGURES - n);
    n += specs.length;
    if (specs.length > 0) measured.set(r.id, specs);
  }
  return { overview, timelines, measured };
}

const stripProlog = (svg: string) => svg.replace(/^<\?xml[^>]*>\s*/, '');

/** Renders every figure of the report; a rendering failure leaves a page without figures, never no page. */
export async function renderReportPlots(report: RunReport): Promise<ReportPlots> {
  const specs = reportPlotSpecs(report);
  try {
    const render = async (s: Spec): Promise<Plot> => ({ title: s.title, alt: s.alt, svg: stripProlog(await renderSvg(s.spec)) });
    const overview: Plot[] = [];
    for (const s of specs.overview) overview.push(await render(s));
    const timelines = new Map<string, Plot>();
    for (const [anchor, s] of specs.timelines) timelines.set(anchor, await render(s));
    const measured = new Map<string, Plot[]>();
    for (const [id, list] of specs.measured) {
      const plots: Plot[] = [];
      for (const s of list) plots.push(await render(s));
      measured.set(id, plots);
    }
    return { overview, timelines, ...(measured.size > 0 ? { measured } : {}) };
  } catch (err) {
    return { overview: [], timelines: new Map(), error: `the figures could not be rendered (${err instanceof Error ? err.message : String(err)}); the tables hold the same figures` };
  }
}
