/**
 * The figures of `fairwire simulate exchange` (Vega-Lite, rendered by cli/plot/render.ts): per
 * metrics window, the matching rate with the bursts shaded, order latency (p50, p99, log scale)
 * and inbound unfairness — one line per queue (LOQ / FIFO) when both ran.
 */
import type { SimulateExchangeResult } from '../../reference/sim/exchange/simulate.ts';
import { figure } from '../plot/charts.ts';
import type { PlotSpec } from '../plot/render.ts';

const WIDTH = 640;
const HEIGHT = 200;

export interface ExchangeSeries {
  readonly label: string;
  readonly result: SimulateExchangeResult;
}

function shaded(bursts: readonly { startNs: number; endNs: number }[]): Record<string, unknown> {
  return {
    data: { values: bursts.map((b) => ({ x: b.startNs / 1e6, x2: b.endNs / 1e6 })) },
    mark: { type: 'rect', color: '#f2b134', opacity: 0.25 },
    encoding: { x: { field: 'x', type: 'quantitative' }, x2: { field: 'x2' } },
  };
}

function panel(
  title: string,
  yTitle: string,
  values: Record<string, unknown>[],
  bursts: readonly { startNs: number; endNs: number }[],
  yScale?: Record<string, unknown>,
  dashBy?: string,
): Record<string, unknown> {
  const x = { field: 't', type: 'quantitative', title: 'time (ms); bursts shaded' };
  return {
    title,
    width: WIDTH,
    height: HEIGHT,
    layer: [
      ...(bursts.length ? [shaded(bursts)] : []),
      {
        data: { values },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x,
          y: { field: 'y', type: 'quantitative', title: yTitle, ...(yScale ? { scale: yScale } : {}) },
          color: { field: 'series', type: 'nominal', title: null },
          ...(dashBy ? { strokeDash: { field: dashBy, type: 'nominal', title: null } } : {}),
        },
      },
    ],
  };
}

export function exchangeFigure(title: string, runs: readonly ExchangeSeries[]): PlotSpec {
  const bursts = runs[0]?.result.bursts ?? [];
  const rate = runs.flatMap((s) => s.result.metrics.windows.map((w) => ({ series: s.label, t: w.startNs / 1e6, y: w.matchingRate })));
  const latency = runs.flatMap((s) =>
    s.result.metrics.windows
      .filter((w) => w.latencyNs.count > 0)
      .flatMap((w) => [
        { series: s.label, pct: 'p50', t: w.startNs / 1e6, y: Math.max(1, w.latencyNs.p50) / 1e6 },
        { series: s.label, pct: 'p99', t: w.startNs / 1e6, y: Math.max(1, w.latencyNs.p99) / 1e6 },
      ]),
  );
  const unfair = runs.flatMap((s) => s.result.metrics.windows.filter((w) => w.pairs > 0).map((w) => ({ series: s.label, t: w.startNs / 1e6, y: w.unfairness })));
  return figure(title, [
    panel('Matching rate: orders that traded on arrival, per second', 'matched orders / s', rate, bursts),
    panel('Order latency: generation → matching engine (p50 solid, p99 dashed)', 'latency (ms, log scale)', latency, bursts, { type: 'log' }, 'pct'),
    panel('Inbound unfairness: share of processed order pairs out of generation order', 'inverted pairs / pairs', unfair, bursts),
  ]);
}
