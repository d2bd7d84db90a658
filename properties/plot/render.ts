/**
 * Vega-Lite specs to standalone SVG, in Node, without a browser: vega-lite compiles the spec to
 * Vega, and a headless Vega view (renderer 'none') writes the SVG. Text widths are estimated
 * (no canvas), which only affects label padding. Lives under properties/ so that the run report
 * (properties/report-plots.ts) and the `simulate` commands (cli/plot/) share one renderer.
 */
import type { TopLevelSpec } from 'vega-lite';

export type PlotSpec = TopLevelSpec;

export async function renderSvg(spec: PlotSpec): Promise<string> {
  // Loaded on first use: vega takes ~0.4 s to import, which no other fairwire command should pay.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  // Quiet loggers: warnings about a spec are ours to fix in tests, not noise on a user's stderr.
  const logger = vega.logger(vega.None);
  const view = new vega.View(vega.parse(compile(spec, { logger }).spec), { renderer: 'none', logger });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
