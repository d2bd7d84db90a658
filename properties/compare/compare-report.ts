import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { htmlEscape, xmlEscape } from '../report-escape.ts';
import type { CompareTotals, Divergence } from './differential.ts';

/**
 * The report of one `fairwire compare` run (spec/compare-report.schema.json), and its JUnit and
 * HTML renderings. Divergences beyond `maxListed` are counted (totals, by template, by field) but
 * not listed one by one.
 */
export type CompareStatus = 'no-divergence' | 'divergences' | 'empty' | 'templates-rejected' | 'fault' | 'interrupted';

export interface CompareReportDivergence {
  readonly message: number;
  readonly frame: number;
  readonly timestampNs: string | null;
  readonly templateId: number | null;
  readonly templateName: string | null;
  readonly field: string;
  readonly kind: Divergence['kind'];
  readonly expected: unknown;
  readonly actual: unknown;
  readonly reproducerFrom: number;
  readonly reproducerBytes: number | null;
  readonly corpusFile: string | null;
}

export interface CompareReport {
  readonly tool: 'fairwire compare';
  readonly version: 1;
  readonly command: string;
  readonly component: 'fast';
  readonly adapter: string;
  readonly templates: string;
  readonly capture: string;
  readonly framing: string;
  readonly reset: string;
  readonly startedAt: string;
  readonly elapsedMs: number;
  readonly status: CompareStatus;
  readonly totals: { frames: number; messages: number; bytes: number; divergences: number; errorsAgreed: number; listed: number };
  readonly byTemplate: { templateId: number; templateName: string | null; messages: number; divergences: number }[];
  readonly byField: { templateId: number | null; templateName: string | null; field: string; divergences: number; firstMessage: number }[];
  readonly divergences: CompareReportDivergence[];
  readonly fault: { readonly message: string; readonly stderrTail: string | null } | null;
  /** Why the subject refused the templates (status templates-rejected). */
  readonly rejected: string | null;
  readonly interrupted: string | null;
}

export interface ReportContext {
  readonly command: string;
  readonly adapter: string;
  readonly templates: string;
  readonly capture: string;
  readonly framing: string;
  readonly reset: string;
  readonly startedAt: Date;
  readonly elapsedMs: number;
  readonly templateNames: ReadonlyMap<number, string>;
  readonly fault?: { readonly message: string; readonly stderrTail?: string | undefined };
  readonly interrupted?: string | undefined;
  /** The subject refused the templates: nothing was compared. */
  readonly rejected?: string | undefined;
}

export function reportDivergence(d: Divergence, names: ReadonlyMap<number, string>, corpusFile: string | undefined): CompareReportDivergence {
  return {
    message: d.message,
    frame: d.frame,
    timestampNs: d.timestampNs === null ? null : String(d.timestampNs),
    templateId: d.templateId,
    templateName: d.templateId === null ? null : (names.get(d.templateId) ?? null),
    field: d.field,
    kind: d.kind,
    // Canonical values are JSON already; an error body is too. Round-trip to drop undefined.
    expected: plain(d.expected),
    actual: plain(d.actual),
    reproducerFrom: d.reproducerFrom,
    reproducerBytes: d.reproducer?.length ?? null,
    corpusFile: corpusFile ?? null,
  };
}

export function buildReport(totals: CompareTotals, listed: readonly CompareReportDivergence[], c: ReportContext): CompareReport {
  const status: CompareStatus = c.fault ? 'fault' : c.rejected ? 'templates-rejected' : c.interrupted ? 'interrupted' : totals.divergences > 0 ? 'divergences' : totals.messages === 0 ? 'empty' : 'no-divergence';
  const name = (id: number | null) => (id === null ? null : (c.templateNames.get(id) ?? null));
  return {
    tool: 'fairwire compare',
    version: 1,
    command: c.command,
    component: 'fast',
    adapter: c.adapter,
    templates: c.templates,
    capture: c.capture,
    framing: c.framing,
    reset: c.reset,
    startedAt: c.startedAt.toISOString(),
    elapsedMs: Math.round(c.elapsedMs),
    status,
    totals: { frames: totals.frames, messages: totals.messages, bytes: totals.bytes, divergences: totals.divergences, errorsAgreed: totals.errorsAgreed, listed: listed.length },
    byTemplate: [...totals.byTemplate.entries()].sort(([a], [b]) => a - b).map(([templateId, t]) => ({ templateId, templateName: name(templateId), messages: t.messages, divergences: t.divergences })),
    byField: [...totals.byField.values()]
      .sort((a, b) => b.divergences - a.divergences || a.firstMessage - b.firstMessage)
      .map((f) => ({ templateId: f.templateId, templateName: name(f.templateId), field: f.field, divergences: f.divergences, firstMessage: f.firstMessage })),
    divergences: [...listed],
    fault: c.fault ? { message: c.fault.message, stderrTail: c.fault.stderrTail ?? null } : null,
    rejected: c.rejected ?? null,
    interrupted: c.interrupted ?? null,
  };
}

/** One line a divergence, for the terminal. */
export function divergenceLine(d: CompareReportDivergence): string {
  const at = `message ${d.message} (frame ${d.frame}${d.timestampNs === null ? '' : `, t=${d.timestampNs} ns`})`;
  const tpl = d.templateId === null ? '' : ` template ${d.templateId}${d.templateName ? ` ${d.templateName}` : ''}`;
  return `divergence at ${at}${tpl}: ${d.field} ${d.kind}: expected ${short(d.expected)}, got ${short(d.actual)}`;
}

export function summaryLine(r: CompareReport): string {
  const t = r.totals;
  const what =
    r.status === 'fault'
      ? `adapter fault: ${r.fault?.message}`
      : r.status === 'templates-rejected'
        ? `nothing compared: ${r.rejected}`
        : r.status === 'empty'
          ? 'nothing compared: the capture held no message (check --framing, --join and the file)'
          : r.status === 'interrupted' ? `interrupted (${r.interrupted}) after ${t.frames} frames` : `${t.divergences} divergences`;
  return `${t.messages} messages in ${t.frames} frames (${t.bytes} bytes) compared: ${what}; ${t.errorsAgreed} frames with the same decode error on both sides (${(r.elapsedMs / 1000).toFixed(1)} s)`;
}

/** One test suite, one test case per template (and one for a fault or an interrupted run). */
export function toCompareJUnit(r: CompareReport): string {
  const cases: string[] = [];
  const time = (r.elapsedMs / 1000).toFixed(3);
  for (const t of r.byTemplate) {
    const name = `template ${t.templateId}${t.templateName ? ` ${t.templateName}` : ''} (${t.messages} messages)`;
    const divs = r.divergences.filter((d) => d.templateId === t.templateId);
    const body =
      t.divergences === 0
        ? ''
        : `<failure message="${xmlEscape(`${t.divergences} divergences`)}" type="divergence">${xmlEscape(divs.slice(0, 50).map(divergenceLine).join('\n'))}</failure>`;
    cases.push(`    <testcase classname="fairwire.compare" name="${xmlEscape(name)}">${body}</testcase>`);
  }
  const orphan = r.divergences.filter((d) => d.templateId === null);
  if (orphan.length > 0) cases.push(`    <testcase classname="fairwire.compare" name="messages without a template"><failure type="divergence">${xmlEscape(orphan.map(divergenceLine).join('\n'))}</failure></testcase>`);
  if (r.fault) cases.push(`    <testcase classname="fairwire.compare" name="adapter"><error type="adapter-fault" message="${xmlEscape(r.fault.message)}">${xmlEscape(r.fault.stderrTail ?? '')}</error></testcase>`);
  if (r.status === 'empty') cases.push(`    <testcase classname="fairwire.compare" name="capture"><failure type="empty" message="nothing compared: the capture held no message"/></testcase>`);
  if (r.rejected) cases.push(`    <testcase classname="fairwire.compare" name="templates"><failure type="templates-rejected" message="${xmlEscape(r.rejected)}"/></testcase>`);
  if (r.interrupted) cases.push(`    <testcase classname="fairwire.compare" name="capture"><skipped message="${xmlEscape(`interrupted by ${r.interrupted} after ${r.totals.frames} frames`)}"/></testcase>`);
  const failures = r.byTemplate.filter((t) => t.divergences > 0).length + (orphan.length > 0 ? 1 : 0) + (r.rejected ? 1 : 0) + (r.status === 'empty' ? 1 : 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="fairwire compare" tests="${cases.length}" failures="${failures}" errors="${r.fault ? 1 : 0}" time="${time}">`,
    `  <testsuite name="${xmlEscape(`compare ${r.adapter} on ${r.capture}`)}" tests="${cases.length}" failures="${failures}" errors="${r.fault ? 1 : 0}" skipped="${r.interrupted ? 1 : 0}" time="${time}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** A self-contained page: summary, by template, by field (linked to the first divergence listed), divergences. */
export function toCompareHtml(r: CompareReport): string {
  const e = htmlEscape;
  const t = r.totals;
  const anchor = (d: { templateId: number | null; field: string }) => `d-${d.templateId ?? 'x'}-${d.field.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const firstOf = new Set<string>();
  const rows = r.divergences.map((d) => {
    const a = anchor(d);
    const id = firstOf.has(a) ? '' : ` id="${a}"`;
    firstOf.add(a);
    return `<tr${id}><td>${d.message}</td><td>${d.frame}</td><td>${e(d.timestampNs ?? '')}</td><td>${d.templateId ?? ''} ${e(d.templateName ?? '')}</td><td><code>${e(d.field)}</code></td><td>${e(d.kind)}</td><td class="exp"><code>${e(short(d.expected, 200))}</code></td><td class="act"><code>${e(short(d.actual, 200))}</code></td><td>${d.corpusFile ? `<code>npx fairwire replay ${e(d.corpusFile)}</code>` : d.reproducerBytes === null ? 'too large' : ''}</td></tr>`;
  });
  const status = r.status === 'no-divergence' ? 'no divergence' : r.status;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>fairwire compare: ${e(r.adapter)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}.bad{color:#b00020;font-weight:600}.ok{color:#14642c;font-weight:600}td.exp{background:#eef7ee}td.act{background:#fbeaea}code{font-size:12px}</style></head>
<body><h1>fairwire compare</h1>
<p class="${r.status === 'no-divergence' ? 'ok' : 'bad'}">${e(status)}: ${t.divergences} divergences in ${t.messages} messages, ${t.frames} frames, ${t.bytes} bytes (${(r.elapsedMs / 1000).toFixed(1)} s)</p>
<table><tr><th>adapter</th><td><code>${e(r.adapter)}</code></td></tr><tr><th>capture</th><td><code>${e(r.capture)}</code> (framing ${e(r.framing)}, reset ${e(r.reset)})</td></tr><tr><th>templates</th><td><code>${e(r.templates)}</code></td></tr><tr><th>command</th><td><code>${e(r.command)}</code></td></tr><tr><th>started</th><td>${e(r.startedAt)}</td></tr></table>
${r.rejected ? `<h2>Templates rejected</h2><p class="bad">${e(r.rejected)}</p>` : ''}
${r.fault ? `<h2>Adapter fault</h2><p class="bad">${e(r.fault.message)}</p><pre>${e(r.fault.stderrTail ?? '')}</pre>` : ''}
<h2>By template</h2><table><tr><th>template</th><th>messages</th><th>divergences</th></tr>${r.byTemplate.map((x) => `<tr><td>${x.templateId} ${e(x.templateName ?? '')}</td><td>${x.messages}</td><td class="${x.divergences ? 'bad' : ''}">${x.divergences}</td></tr>`).join('')}</table>
<h2>By field</h2>${r.byField.length === 0 ? '<p>none</p>' : `<table><tr><th>template</th><th>field</th><th>divergences</th><th>first at message</th></tr>${r.byField.map((f) => `<tr><td>${f.templateId ?? ''} ${e(f.templateName ?? '')}</td><td>${firstOf.has(anchor(f)) ? `<a href="#${anchor(f)}"><code>${e(f.field)}</code></a>` : `<code>${e(f.field)}</code>`}</td><td>${f.divergences}</td><td>${f.firstMessage}</td></tr>`).join('')}</table>`}
<h2>Divergences${t.listed < t.divergences ? ` (first ${t.listed} of ${t.divergences})` : ''}</h2>${rows.length === 0 ? '<p>none</p>' : `<table><tr><th>message</th><th>frame</th><th>timestamp (ns)</th><th>template</th><th>first differing field</th><th>kind</th><th>expected (reference)</th><th>actual (subject)</th><th>reproducer</th></tr>${rows.join('')}</table>`}
</body></html>
`;
}

function plain(v: unknown): unknown {
  if (v === undefined) return null;
  return JSON.parse(toCanonicalJson(v)) as unknown;
}

function short(v: unknown, max = 80): string {
  const s = v === undefined ? 'nothing' : toCanonicalJson(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
