/**
 * Vega-Lite specs to standalone SVG, in Node, without a browser: vega-lite compiles the spec to
 * Vega, and a headless Vega view (renderer 'none') writes the SVG. Text widths are estimated
 * (no canvas), which only affects label padding.
 */
import { renameSync, writeFileSync } from 'node:fs';
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

/** Writes next to the target first and renames, so an interrupted run never leaves half a file. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
