import { toCanonicalJson } from '../spec/canonical-json.ts';
import type { Explanation } from './explanation.ts';
import { shareText, type Figures } from './figures.ts';
import type { RunReport } from './report.ts';
import { htmlEscape } from './report-escape.ts';
import { diffHtml } from './report-html-diff.ts';
import { runsText, statusText, summaryLine } from './report-summary.ts';
import { requestLines, stderrTailLines, type FailureParts } from './report-text.ts';
import type { Plot, ReportPlots } from './report-plots.ts';
import type { PropertyResult } from './runner.ts';

export const STATUS_COLOR: Record<PropertyResult['status'], string> = {
  passed: '#1a7f37',
  failed: '#cf222e',
  skipped: '#6e7781',
  fault: '#9a6700',
  'expected-failure': '#8250df',
  'unexpected-pass': '#cf222e',
  'not-run': '#cf222e',
  vacuous: '#cf222e',
  flaky: '#bc4c00',
};

/**
 * The counterexample as indented JSON; multi-line string members (template XML, listings) are
 * pulled out and shown as text below it, so they read as what they are.
 */
function counterexampleHtml(value: unknown): string {
  const blocks: string[] = [];
  let shown = value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [k, v] of Object.entries(copy)) {
      if (typeof v === 'string' && v.includes('\n')) {
        blocks.push(`<h4>${htmlEscape(k)}</h4><pre>${htmlEscape(v)}</pre>`);
        copy[k] = `(shown below as ${k})`;
      }
    }
    shown = copy;
  }
  return `<h4>Shrunk counterexample</h4><pre>${htmlEscape(toCanonicalJson(shown, 2))}</pre>${blocks.join('')}`;
}

/** The explanation: summary, details, and the timeline as a table with the summary's rows highlighted. */
function explanationHtml(e: Explanation): string {
  const details = e.details && e.details.length > 0 ? `<ul>${e.details.map((d) => `<li>${htmlEscape(d)}</li>`).join('')}</ul>` : '';
  const rows = (e.timeline ?? [])
    .map((t, i) => `<tr${t.highlight ? ' class="hl"' : ''}><td>${i + 1}</td><td>${htmlEscape(String(t.at))}</td><td>${htmlEscape(t.where)}</td><td>${htmlEscape(t.what)}</td></tr>`)
    .join('\n');
  const timeline = rows ? `<table class="timeline"><thead><tr><th>#</th><th>at</th><th>where</th><th>what</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : '';
  return `<h4>Explanation</h4><p class="explain">${htmlEscape(e.summary)}</p>${details}${timeline}`;
}

/** A failure's or finding's body: what went wrong, explanation, diff, counterexample, requests, stderr, replay. */
function failureBodyHtml(f: FailureParts, timeline?: Plot): string {
  const reqs = f.requests && f.requests.length > 0 ? `<h4>Requests of the case (${f.requests.length})</h4><pre>${htmlEscape(requestLines(f.requests).join('\n'))}</pre>` : '';
  const stderr = f.stderrTail && f.stderrTail.trim() !== '' ? `<h4>Vendor stderr (last lines)</h4><pre>${htmlEscape(stderrTailLines(f.stderrTail).join('\n'))}</pre>` : '';
  return [
    f.status === 'flaky' && f.tries ? `<p>Failed on ${f.tries.failed} of ${f.tries.of} tries of the same case, each on a fresh subject.</p>` : '',
    f.message ? `<h4>What went wrong</h4><pre>${htmlEscape(f.message)}</pre>` : '',
    f.explanation ? explanationHtml(f.explanation) : '',
    timeline ? figureHtml(timeline) : '',
    diffHtml(f.message),
    f.counterexample !== undefined ? counterexampleHtml(f.counterexample) : '',
    reqs,
    stderr,
    f.replay ? `<h4>Replay</h4><pre>${htmlEscape(f.replay)}</pre>` : '',
    f.signature ? `<p>Signature: <code>${htmlEscape(f.signature)}</code></p>` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The HTML anchor of a result's block (ids are [a-z0-9.-], valid in a fragment as they are). */
export const anchorOf = (id: string, finding?: number) => `failure-${id}${finding === undefined ? '' : `-finding-${finding}`}`;

/** Results that get a block of their own on the page (and a link from the table). */
export const hasBlock = (r: PropertyResult): boolean => r.status !== 'passed' && r.status !== 'skipped';

/** An inline SVG figure with its alt text as a caption (the page reads the same without the figure). */
function figureHtml(p: Plot): string {
  return `<figure role="img" aria-label="${htmlEscape(p.alt)}">${p.svg}<figcaption>${htmlEscape(p.alt)}</figcaption></figure>`;
}

/**
 * What a property measured (Property.measure), as a table: one row per figure with its unit,
 * samples, min, p50, p90, p99, max and mean (a share: how many of how many), then its plots.
 */
function measuredHtml(id: string, f: Figures, plots: readonly Plot[] | undefined): string {
  const rows = Object.entries(f.values)
    .map(([name, v]) => {
      const cells = v.share
        ? `<td colspan="7">${htmlEscape(shareText(v))}</td>`
        : [v.count, v.min, v.p50, v.p90, v.p99, v.max].map((x) => `<td>${htmlEscape(String(x))}</td>`).join('') + `<td>${htmlEscape(meanText(v.sum, v.count))}</td>`;
      return `<tr><td><code>${htmlEscape(name)}</code></td><td>${htmlEscape(v.title)}</td><td>${htmlEscape(v.unit)}</td>${cells}</tr>`;
    })
    .join('\n');
  const errors = f.errors ? `<p style="color:#cf222e">${f.errors} case(s) could not be measured: ${htmlEscape(f.error ?? '')}</p>` : '';
  return `<h3 id="figures-${htmlEscape(id)}"><code>${htmlEscape(id)}</code> — ${f.cases} passing case(s) measured</h3>${errors}
<table class="figures"><thead><tr><th>figure</th><th>what</th><th>unit</th><th>samples</th><th>min</th><th>p50</th><th>p90</th><th>p99</th><th>max</th><th>mean</th></tr></thead><tbody>
${rows}
</tbody></table>${(plots ?? []).map(figureHtml).join('\n')}`;
}

/** sum/count to two decimals, exactly rounded down from integers (no float drift between runs). */
function meanText(sum: number | string, count: number): string {
  const s = BigInt(sum);
  const neg = s < 0n;
  const hundredths = ((neg ? -s : s) * 100n) / BigInt(count);
  return `${neg ? '-' : ''}${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
}

/**
 * One self-contained HTML page: summary, figures, the table of properties, every failure in full.
 * `plots` (report-plots.ts, rendered beforehand because rendering is asynchronous) adds the SVG
 * figures; without it the page has the tables only.
 */
export function toHtml(report: RunReport, plots?: ReportPlots): string {
  const s = report.summary;
  const rows = report.results
    .map((r) => {
      const status = `${htmlEscape(statusText(r))}${r.known ? ' (known)' : ''}`;
      const cell = hasBlock(r) ? `<a href="#${anchorOf(r.id)}">${status}</a>` : status;
      // Further findings are bugs of their own: link the first (the others follow it on the page).
      const more = r.findings && r.findings.length > 0 ? ` <a class="meta" href="#${anchorOf(r.id, 2)}">+${r.findings.length} more</a>` : '';
      return `<tr><td><code>${htmlEscape(r.id)}</code></td><td>${htmlEscape(r.title)}</td><td style="color:${STATUS_COLOR[r.status]};font-weight:600">${cell}${more}</td><td>${runsText(r)}</td><td>${(r.durationMs / 1000).toFixed(2)} s</td></tr>`;
    })
    .join('\n');
  const details = report.results
    .filter(hasBlock)
    .map((r) => {
      const n = (r.findings?.length ?? 0) + 1;
      const findings = (r.findings ?? [])
        .map(
          (f, i) => `<section class="finding" id="${anchorOf(r.id, i + 2)}"><h3 style="color:${STATUS_COLOR[f.status]}">${htmlEscape(r.id)} — finding ${i + 2} of ${n}: ${htmlEscape(statusText(f))}</h3>
${failureBodyHtml(f, plots?.timelines.get(anchorOf(r.id, i + 2)))}
<p class="meta">seed ${f.seed}${f.path ? ` · path ${htmlEscape(f.path)}` : ''}</p></section>`,
        )
        .join('\n');
      return `<section id="${anchorOf(r.id)}"><h3 style="color:${STATUS_COLOR[r.status]}">${htmlEscape(r.id)} — ${htmlEscape(statusText(r))}${n > 1 ? ` (finding 1 of ${n})` : ''}</h3>
<p>${htmlEscape(r.title)}${r.reason ? `<br><em>${htmlEscape(r.reason)}</em>` : ''}</p>
${failureBodyHtml(r, plots?.timelines.get(anchorOf(r.id)))}
<p class="meta">seed ${r.seed}${r.path ? ` · path ${htmlEscape(r.path)}` : ''} · ${runsText(r)} runs</p></section>${findings ? `\n${findings}` : ''}`;
    })
    .join('\n');
  const g = report.gating;
  const gating = g
    ? `<h2>Regression gating (${htmlEscape(g.file)})</h2><ul>
<li>unexpected failures: ${g.unexpectedFailures.map(htmlEscape).join(', ') || 'none'}</li>
<li>unexpected passes: ${g.unexpectedPasses.map(htmlEscape).join(', ') || 'none'}</li>
<li>stale entries: ${g.staleEntries.map(htmlEscape).join(', ') || 'none'}</li>
<li>known failures: ${g.knownFailures.map(htmlEscape).join(', ') || 'none'}</li></ul>
${g.notes.length ? `<pre>${htmlEscape(g.notes.join('\n'))}</pre>` : ''}`
    : '';
  const figures = plots
    ? plots.error
      ? `<p class="meta">${htmlEscape(plots.error)}</p>`
      : plots.overview.length > 0
        ? `<h2>Figures</h2>\n${plots.overview.map(figureHtml).join('\n')}`
        : ''
    : '';
  const measured = report.results
    .filter((r) => r.figures && Object.keys(r.figures.values).length + (r.figures.errors ?? 0) > 0)
    .map((r) => measuredHtml(r.id, r.figures!, plots?.measured?.get(r.id)))
    .join('\n');
  const verdict = report.exitCode === 0 ? ['PASS', '#1a7f37'] : report.exitCode === 3 ? ['ADAPTER FAULT', '#9a6700'] : ['FAIL', '#cf222e'];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>fairwire report — ${htmlEscape(report.adapter.name)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1f2328;padding:0 1rem}
table{border-collapse:collapse;width:100%}td:nth-child(n+3){white-space:nowrap}td,th{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
pre{background:#f6f8fa;padding:.75rem;overflow:auto;border-radius:6px;white-space:pre-wrap;word-break:break-all}
.verdict{font-size:1.4rem;font-weight:700}.meta{color:#6e7781}section{border-top:2px solid #d0d7de;margin-top:1.5rem}section.finding{border-top:1px dashed #d0d7de}
table.timeline td:nth-child(n+3),table.diff td{white-space:normal}table.timeline tr.hl{background:#fff8c5;font-weight:600}table.diff td{width:50%}
mark{background:#ffd8b5}.explain{font-weight:600}figure{margin:1rem 0}figcaption{color:#6e7781;font-size:12px}figure svg{max-width:100%;height:auto}
</style></head><body>
<h1>fairwire conformance report</h1>
<p class="verdict" style="color:${verdict[1]}">${verdict[0]} (exit ${report.exitCode})</p>
<p>Adapter <code>${htmlEscape(report.adapter.spec)}</code> (${htmlEscape(report.adapter.name)}) · components ${report.components.map(htmlEscape).join(', ')} ·
seed <code>${report.seed}</code>${report.shard ? ` · shard ${report.shard.index}/${report.shard.count}` : ''} · started ${htmlEscape(report.startedAt)} · ${(report.durationMs / 1000).toFixed(1)} s</p>
<p>${htmlEscape(summaryLine(s))}.</p>
${report.variants && report.variants.length > 0 ? `<p>Variants in force: ${report.variants.map((v) => `<code>${htmlEscape(v)}</code>`).join(', ')}</p>` : ''}
${report.note ? `<p style="color:#cf222e">${htmlEscape(report.note)}</p>` : ''}
${report.command ? `<p>Command: <code>${htmlEscape(report.command)}</code></p>` : ''}
${report.error ? `<p style="color:#cf222e">Run stopped early: ${htmlEscape(report.error)}</p>` : ''}
${gating}
${figures}
<h2>Properties</h2>
<table><thead><tr><th>id</th><th>title</th><th>status</th><th>runs</th><th>time</th></tr></thead><tbody>
${rows}
</tbody></table>
${measured ? `<h2>Measured figures</h2>\n<p class="meta">What the fairness properties measured on the passing cases of the run, from the harness's record of the subject (percentiles by nearest rank over the exact values).</p>\n${measured}` : ''}
${details ? `<h2>Failures, faults, runs that are not a pass, expected failures</h2>\n${details}` : ''}
</body></html>
`;
}
