/**
 * The charts of `fairwire simulate`, as Vega-Lite specs (rendered by render.ts): empirical CDFs
 * (OML and DWS of a tree run; T of the Monte Carlo), OML over the tree's shape (D, F), P(F)
 * against the hedging factor H, and the price of hold-and-release's headroom. Data is inline, so
 * each SVG stands alone; CDFs are thinned to at most CDF_POINTS points a series.
 */
import type { PlotSpec } from './render.ts';

const CDF_POINTS = 400;
const WIDTH = 420;
const HEIGHT = 260;

/** A sub-chart: the parts of a Vega-Lite unit or layer spec that we use. */
type Chart = Record<string, unknown>;

export interface Series {
  readonly label: string;
  readonly values: ArrayLike<number>;
}

/**
 * Empirical CDF points of a series: (x, fraction ≤ x) at evenly spaced ranks (nearest rank),
 * always including the minimum and the maximum.
 */
export function ecdfPoints(values: ArrayLike<number>, points = CDF_POINTS): { x: number; p: number }[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return [];
  const out: { x: number; p: number }[] = [{ x: sorted[0]!, p: 1 / n }];
  const steps = Math.min(points, n);
  for (let k = 1; k <= steps; k++) {
    const rank = Math.max(1, Math.ceil((k * n) / steps));
    if (rank > 1) out.push({ x: sorted[rank - 1]!, p: rank / n });
  }
  return out;
}

/** One ECDF panel: every series a line, coloured by label. */
export function cdfChart(title: string, xTitle: string, series: readonly Series[], yTitle = 'fraction of messages ≤ x', xScale: 'linear' | 'symlog' = 'linear'): Chart {
  const values = series.flatMap((s) => ecdfPoints(s.values).map((pt) => ({ series: s.label, x: pt.x, p: pt.p })));
  return {
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      // symlog: a DWS CDF is mostly near 0 with a long tail (and 0 itself has no logarithm)
      x: { field: 'x', type: 'quantitative', title: xTitle, scale: xScale === 'symlog' ? { type: 'symlog' } : { zero: false } },
      y: { field: 'p', type: 'quantitative', title: yTitle, scale: { domain: [0, 1] } },
      color: { field: 'series', type: 'nominal', title: null, sort: series.map((s) => s.label) },
    },
  };
}

export interface ShapeRow {
  readonly scenario: string;
  readonly depth: number;
  readonly fanout: number;
  readonly omlP50Us: number;
  readonly omlP99Us: number;
  readonly heuristic: boolean;
  readonly best: boolean;
}

/**
 * OML p50 over the tree's depth, one line a scenario; the first scenario's points are labelled
 * with their fan-out ("h": the heuristic's shape), and each scenario's best shape is a diamond.
 */
export function shapeChart(title: string, rows: readonly ShapeRow[]): Chart {
  const first = rows[0]?.scenario;
  const values = rows.map((r) => ({ ...r, label: r.scenario === first ? `F=${r.fanout}${r.heuristic ? ' (h)' : ''}` : '' }));
  const x = { field: 'depth', type: 'ordinal', title: 'depth D (proxy layers + receivers)', axis: { labelAngle: 0 } };
  const y = { field: 'omlP50Us', type: 'quantitative', title: 'OML p50 (µs, log scale)', scale: { type: 'log' } };
  const color = { field: 'scenario', type: 'nominal', title: null };
  return {
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { x, y, color } },
      { transform: [{ filter: 'datum.best' }], mark: { type: 'point', shape: 'diamond', size: 160, filled: true }, encoding: { x, y, color } },
      { mark: { type: 'text', dy: -10, fontSize: 10 }, encoding: { x, y, text: { field: 'label' } } },
    ],
  };
}

export interface HedgeRow {
  readonly scenario: string;
  readonly hedge: number;
  readonly pf: number;
  readonly omlP50Us: number;
}

/** P(F) against H, one line a scenario. */
export function hedgeChart(title: string, rows: readonly HedgeRow[]): Chart {
  return {
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'hedge', type: 'ordinal', title: 'hedging factor H', axis: { labelAngle: 0 } },
      y: { field: 'pf', type: 'quantitative', title: 'P(F) (%)', scale: { domain: [0, 100] } },
      color: { field: 'scenario', type: 'nominal', title: null },
    },
  };
}

export interface HeadroomRow {
  readonly headroomUs: number;
  readonly omlP50Us: number;
  readonly omlP99Us: number;
  readonly pf: number;
}

/** Hold-and-release: OML (p50, p99) and P(F) as the headroom grows. */
export function headroomCharts(title: string, rows: readonly HeadroomRow[]): Chart {
  const values = rows.flatMap((r) => [
    { headroomUs: r.headroomUs, metric: 'OML p50', us: r.omlP50Us },
    { headroomUs: r.headroomUs, metric: 'OML p99', us: r.omlP99Us },
  ]);
  const x = { field: 'headroomUs', type: 'quantitative', title: 'headroom (µs)' };
  return {
    title,
    hconcat: [
      {
        width: WIDTH / 2 + 40,
        height: HEIGHT,
        data: { values },
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'us', type: 'quantitative', title: 'OML (µs)' }, color: { field: 'metric', type: 'nominal', title: null } },
      },
      {
        width: WIDTH / 2 + 40,
        height: HEIGHT,
        data: { values: rows },
        mark: { type: 'line', point: true, color: '#54a24b' },
        encoding: { x, y: { field: 'pf', type: 'quantitative', title: 'P(F) (%)', scale: { domain: [0, 100] } } },
      },
    ],
  };
}

export interface MomentRow {
  readonly depth: number;
  readonly hedge: number;
  readonly mean: number;
  readonly std: number;
}

/** Monte Carlo: mean and std of T against H, one line per depth (App. C, Figure 15). */
export function momentsCharts(title: string, rows: readonly MomentRow[]): Chart {
  const x = { field: 'hedge', type: 'ordinal', title: 'hedging factor H', axis: { labelAngle: 0 } };
  const color = { field: 'D', type: 'ordinal', title: null, sort: [...new Set(rows.map((r) => r.depth))].sort((a, b) => a - b).map((d) => `D=${d}`) };
  return {
    title,
    data: { values: rows.map((r) => ({ ...r, D: `D=${r.depth}` })) },
    hconcat: [
      { width: WIDTH / 2 + 40, height: HEIGHT, mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'mean of T' }, color } },
      { width: WIDTH / 2 + 40, height: HEIGHT, mark: { type: 'line', point: true }, encoding: { x, y: { field: 'std', type: 'quantitative', title: 'std of T' }, color } },
    ],
  };
}

/** Stacks charts into one standalone spec. */
export function figure(title: string, charts: readonly Chart[]): PlotSpec {
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, config: { font: 'sans-serif', view: { stroke: '#ddd' } } };
  // Each chart keeps its own colours and legend: "H=2" in one panel is not "D=2" in the next.
  const resolve = { scale: { color: 'independent' }, legend: { color: 'independent' } };
  if (charts.length === 1) {
    const only = charts[0]!;
    const subtitle = typeof only.title === 'string' ? only.title : undefined;
    return { ...base, ...only, title: subtitle ? { text: title, subtitle } : title } as unknown as PlotSpec;
  }
  return { ...base, vconcat: charts, spacing: 30, resolve } as unknown as PlotSpec;
}
