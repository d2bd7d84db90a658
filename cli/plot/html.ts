/**
 * A self-contained HTML page for a `fairwire simulate` run (`--report DIR`): the command, the
 * tables people read, and the SVG figures inline (no scripts, no external files).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './render.ts';

export interface HtmlSection {
  readonly heading: string;
  /** Preformatted text (a table), escaped. */
  readonly text?: string;
  /** An SVG document, inlined as it is (it comes from renderSvg, not from input). */
  readonly svg?: string;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function htmlPage(title: string, command: string, sections: readonly HtmlSection[]): string {
  const body = sections
    .map((s) => `<section><h2>${escape(s.heading)}</h2>${s.text !== undefined ? `<pre>${escape(s.text)}</pre>` : ''}${s.svg !== undefined ? `<figure>${s.svg.replace(/^<\?xml[^>]*>\s*/, '')}</figure>` : ''}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}pre{background:#f6f8fa;padding:1em;overflow-x:auto}figure{margin:0}code{background:#f6f8fa}</style></head>
<body><h1>${escape(title)}</h1>
<p>Command: <code>${escape(command)}</code></p>
${body}
</body></html>
`;
}

/** Writes DIR/report.html and DIR/report.json (each atomically); returns the paths. */
export function writeSimulateReport(dir: string, html: string, json: unknown): string[] {
  mkdirSync(dir, { recursive: true });
  const files = [join(dir, 'report.html'), join(dir, 'report.json')];
  writeFileAtomic(files[0]!, html);
  writeFileAtomic(files[1]!, `${JSON.stringify(json, null, 2)}\n`);
  return files;
}
