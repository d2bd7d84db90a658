/**
 * The renderer lives in properties/plot/render.ts (the run report's HTML uses it too, and
 * properties/ must not import cli/); the `simulate` commands keep importing it from here.
 */
import { renameSync, writeFileSync } from 'node:fs';

export { renderSvg, type PlotSpec } from '../../properties/plot/render.ts';

/** Writes next to the target first and renames, so an interrupted run never leaves half a file. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
