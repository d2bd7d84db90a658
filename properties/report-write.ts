import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { toCanonicalJson } from '../spec/canonical-json.ts';
import type { RunReport } from './report.ts';
import { writeAtomic } from './report-atomic.ts';
import { toHtml } from './report-html.ts';
import { toJUnitXml } from './report-junit.ts';
import { renderReportPlots } from './report-plots.ts';

/**
 * Writes report.json, junit.xml and report.html into `dir` (atomically each). Returns the paths.
 * The HTML's plots are rendered first (vega, headless); if that fails the page is written without
 * them and says why — a plot is never worth losing a report.
 */
export async function writeReports(dir: string, report: RunReport): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const plots = await renderReportPlots(report);
  const files: [string, string][] = [
    ['report.json', `${toCanonicalJson(report, 2)}\n`],
    ['junit.xml', toJUnitXml(report)],
    ['report.html', toHtml(report, plots)],
  ];
  return files.map(([name, text]) => {
    const path = join(dir, name);
    writeAtomic(path, text);
    return path;
  });
}
