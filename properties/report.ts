import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCanonicalJson } from '../spec/canonical-json.ts';
import { formatSchemaErrors, schemaValidator } from '../spec/schemas.ts';
import type { GatingOutcome } from './expectations.ts';
import { explanationLines, type Explanation } from './explanation.ts';
import { firstDifference, type PathSegment } from './mismatch.ts';
import type { Finding, PropertyResult, Shard } from './runner.ts';

/** A whole conformance run, as spec/report.schema.json defines it. */
export interface RunReport {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'fairwire'; readonly version: string };
  readonly command?: string;
  readonly seed: number;
  readonly runs: number | null;
  readonly shard: Shard | null;
  readonly adapter: { readonly spec: string; readonly name: string };
  readonly components: readonly string[];
  readonly startedAt: string;
  readonly durationMs: number;
  readonly results: readonly (PropertyResult & { readonly known?: boolean })[];
  readonly gating: GatingOutcome | null;
  readonly summary: Summary;
  readonly exitCode: 0 | 1 | 2 | 3;
  readonly error?: string;
  /** Why a run with no failing property still fails (e.g. every property was skipped). */
  readonly note?: string;
  /** Declared readings of documented ambiguities in force (FAST variants); absent: none declared. */
  readonly variants?: readonly string[];
}

export interface Summary {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  /** Failed on some tries of the case only: apart from deterministic failures, never a pass. */
  readonly flaky: number;
  readonly skipped: number;
  readonly faults: number;
  readonly expectedFailures: number;
  readonly unexpectedPasses: number;
  /** Properties that ran no case (time budget): never passes. */
  readonly notRun: number;
  /** Properties whose generated cases were mostly discarded: never passes. */
  readonly vacuous: number;
}

export const TOOL_VERSION = '0.1.0';

export function summarize(results: readonly PropertyResult[]): Summary {
  const count = (s: PropertyResult['status']) => results.filter((r) => r.status === s).length;
  return {
    total: results.length,
    passed: count('passed'),
    failed: count('failed'),
    flaky: count('flaky'),
    skipped: count('skipped'),
    faults: count('fault'),
    expectedFailures: count('expected-failure'),
    unexpectedPasses: count('unexpected-pass'),
    notRun: count('not-run'),
    vacuous: count('vacuous'),
  };
}

/** Validates against spec/report.schema.json; a report that does not validate is a fairwire bug. */
export function validateReport(report: RunReport): void {
  const validate = schemaValidator('report.schema.json');
  const plain = JSON.parse(toCanonicalJson(report)) as unknown;
  if (!validate(plain)) throw new Error(`report does not match spec/report.schema.json: ${formatSchemaErrors(validate.errors)}`);
}

/** Writes report.json, junit.xml and report.html into `dir` (atomically each). Returns the paths. */
export function writeReports(dir: string, report: RunReport): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['report.json', `${toCanonicalJson(report, 2)}\n`],
    ['junit.xml', toJUnitXml(report)],
    ['report.html', toHtml(report)],
  ];
  return files.map(([name, text]) => {
    const path = join(dir, name);
    writeAtomic(path, text);
    return path;
  });
}

export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

const xmlEscape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // XML 1.0 forbids most control characters even when escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The most stderr lines shown per failure (report.json keeps what the runner kept). */
export const STDERR_TAIL_LINES = 20;
/** Requests shown in the terminal and HTML before "... N more" (report.json keeps them all). */
export const REQUESTS_SHOWN = 3;
const REQUEST_CHARS = 300;

/** The last `max` non-empty-trailing lines of a stderr tail. */
export function stderrTailLines(tail: string, max = STDERR_TAIL_LINES): string[] {
  const lines = tail.replace(/\s+$/, '').split('\n');
  return lines.length > max ? [`(${lines.length - max} earlier lines not shown)`, ...lines.slice(-max)] : lines;
}

/** The first few requests, one line of canonical JSON each (long ones cut), and how many there were. */
export function requestLines(requests: readonly unknown[], shown = REQUESTS_SHOWN): string[] {
  const out = requests.slice(0, shown).map((q) => {
    const s = toCanonicalJson(q);
    return s.length > REQUEST_CHARS ? `${s.slice(0, REQUEST_CHARS - 1)}…` : s;
  });
  if (requests.length > shown) out.push(`... ${requests.length - shown} more (all ${requests.length} in report.json)`);
  return out;
}

/** `flaky (2/3)` for a flaky result with its tries, else the status. */
export function statusText(r: { readonly status: string; readonly tries?: { readonly failed: number; readonly of: number } }): string {
  return r.status === 'flaky' && r.tries ? `flaky (${r.tries.failed}/${r.tries.of})` : r.status;
}

/** What a result and a finding share: the parts of a failure a person acts on. */
type FailureParts = Partial<Pick<Finding, 'message' | 'signature' | 'counterexample' | 'replay' | 'tries' | 'explanation' | 'stderrTail' | 'requests'>> & { readonly status: string };

/** The parts of a failure or finding a person acts on, as plain text lines (JUnit, terminal). */
export function failureDetailLines(f: FailureParts): string[] {
  const lines: string[] = [];
  // The runner's message usually says it already; say it once.
  if (f.status === 'flaky' && f.tries && !/failed on \d+ of \d+ tries/.test(f.message ?? '')) lines.push(`flaky: failed on ${f.tries.failed} of ${f.tries.of} tries of the same case, each on a fresh subject`);
  if (f.message) lines.push(f.message);
  if (f.signature) lines.push(`signature: ${f.signature}`);
  if (f.counterexample !== undefined) lines.push(`counterexample: ${toCanonicalJson(f.counterexample)}`);
  if (f.explanation) lines.push('explanation:', ...explanationLines(f.explanation).map((l) => `  ${l}`));
  if (f.requests && f.requests.length > 0) lines.push(`requests of the case (${f.requests.length}):`, ...requestLines(f.requests).map((l) => `  ${l}`));
  if (f.stderrTail && f.stderrTail.trim() !== '') lines.push('vendor stderr (last lines):', ...stderrTailLines(f.stderrTail).map((l) => `  ${l}`));
  if (f.replay) lines.push(`replay: ${f.replay}`);
  return lines;
}

function failureText(r: PropertyResult): string {
  const lines = failureDetailLines(r);
  (r.findings ?? []).forEach((f, i) => lines.push('', `finding ${i + 2} of ${(r.findings?.length ?? 0) + 1} (${statusText(f)}):`, ...failureDetailLines(f)));
  return lines.filter(Boolean).join('\n');
}

/** JUnit XML as CI systems read it: one testsuite per component, one testcase per property. */
export function toJUnitXml(report: RunReport): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const s = report.summary;
  out.push(
    `<testsuites name="fairwire" tests="${s.total}" failures="${notPassing(s)}" errors="${s.faults}" skipped="${s.skipped}" time="${(report.durationMs / 1000).toFixed(3)}">`,
  );
  for (const component of report.components) {
    const rs = report.results.filter((r) => r.component === component);
    const sum = summarize(rs);
    const time = rs.reduce((t, r) => t + r.durationMs, 0) / 1000;
    out.push(
      `  <testsuite name="${xmlEscape(component)}" tests="${sum.total}" failures="${notPassing(sum)}" errors="${sum.faults}" skipped="${sum.skipped}" time="${time.toFixed(3)}">`,
      `    <properties><property name="seed" value="${report.seed}"/><property name="adapter" value="${xmlEscape(report.adapter.spec)}"/></properties>`,
    );
    for (const r of rs) {
      const open = `    <testcase classname="${xmlEscape(component)}" name="${xmlEscape(r.id)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
      const known = r.known ? ' (known failure, listed in expectations)' : '';
      const firstLine = (r.message ?? '').split('\n')[0] ?? '';
      switch (r.status) {
        case 'passed':
          out.push(`${open}/>`);
          break;
        case 'skipped':
          out.push(`${open}><skipped message="${xmlEscape(r.reason ?? '')}"/></testcase>`);
          break;
        case 'expected-failure':
          out.push(`${open}><system-out>${xmlEscape(`expected failure: ${r.reason ?? ''}\n${failureText(r)}`)}</system-out></testcase>`);
          break;
        case 'fault':
          out.push(`${open}><error message="adapter fault" type="AdapterFault">${xmlEscape(failureText(r))}</error></testcase>`);
          break;
        case 'failed':
        case 'flaky': {
          // A flaky failure is a failure for CI, with the tries in the message.
          const message = r.status === 'flaky' ? `${statusText(r)}: ${firstLine}` : firstLine;
          out.push(
            r.known
              ? `${open}><skipped message="${xmlEscape(`known failure${known}`)}"/><system-out>${xmlEscape(failureText(r))}</system-out></testcase>`
              : `${open}><failure message="${xmlEscape(message)}" type="${r.status === 'flaky' ? 'Flaky' : 'Mismatch'}">${xmlEscape(failureText(r))}</failure></testcase>`,
          );
          break;
        }
        case 'unexpected-pass':
          out.push(`${open}><failure message="unexpected pass" type="UnexpectedPass">${xmlEscape(r.reason ?? '')}</failure></testcase>`);
          break;
        case 'not-run':
          out.push(
            `${open}><failure message="${xmlEscape(`not run: ${runsText(r)} cases ran`)}" type="NotRun">${xmlEscape(`not a pass: ${r.reason ?? 'no case ran'}`)}</failure></testcase>`,
          );
          break;
        case 'vacuous':
          out.push(
            `${open}><failure message="${xmlEscape(`vacuous: ${runsText(r)} cases ran, most were discarded`)}" type="Vacuous">${xmlEscape(`not a pass: ${r.reason ?? ''}`)}</failure></testcase>`,
          );
          break;
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

const htmlEscape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const STATUS_COLOR: Record<PropertyResult['status'], string> = {
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

/** Failures as a CI system counts them: everything that is not a pass, a skip or a fault. */
function notPassing(s: Summary): number {
  return s.failed + s.flaky + s.unexpectedPasses + s.notRun + s.vacuous;
}

/** `37/100` when fewer cases ran than were asked, else `100`. */
export function runsText(r: PropertyResult): string {
  return r.runs < r.runsAsked ? `${r.runs}/${r.runsAsked}` : String(r.runs);
}

/** One line of counts, e.g. "41 properties: 37 passed, 1 failed, 1 flaky, 3 not run, ...". */
export function summaryLine(s: Summary): string {
  const parts = [
    `${s.passed} passed`,
    `${s.failed} failed`,
    `${s.flaky} flaky`,
    `${s.faults} faults`,
    `${s.skipped} skipped`,
    `${s.notRun} not run`,
    `${s.vacuous} vacuous`,
    `${s.expectedFailures} expected failures`,
    `${s.unexpectedPasses} unexpected passes`,
  ];
  return `${s.total} properties: ${parts.join(', ')}`;
}

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
    .map((t) => `<tr${t.highlight ? ' class="hl"' : ''}><td>${htmlEscape(String(t.at))}</td><td>${htmlEscape(t.where)}</td><td>${htmlEscape(t.what)}</td></tr>`)
    .join('\n');
  const timeline = rows ? `<table class="timeline"><thead><tr><th>at</th><th>where</th><th>what</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : '';
  return `<h4>Explanation</h4><p class="explain">${htmlEscape(e.summary)}</p>${details}${timeline}`;
}

/**
 * The expected and actual values a Mismatch prints (`  expected: <json>` / `  actual:   <json>`,
 * properties/mismatch.ts describe()), when the message carries both as JSON.
 */
export function mismatchSides(message: string | undefined): { expected: unknown; actual: unknown } | undefined {
  if (!message) return undefined;
  const side = (label: string) => {
    const lines = message.split('\n').filter((l) => l.startsWith(`  ${label}:`));
    const last = lines[lines.length - 1];
    if (last === undefined) return { ok: false as const };
    try {
      return { ok: true as const, value: JSON.parse(last.slice(label.length + 3).trim()) as unknown };
    } catch {
      return { ok: false as const };
    }
  };
  const e = side('expected');
  const a = side('actual');
  return e.ok && a.ok ? { expected: e.value, actual: a.value } : undefined;
}

const samePath = (a: readonly PathSegment[], b: readonly PathSegment[]) => a.length === b.length && a.every((s, i) => s === b[i]);

/** Indented JSON as HTML, the value at `mark` (a path) wrapped in <mark>. */
function jsonHtml(v: unknown, mark: readonly PathSegment[] | undefined, path: PathSegment[] = [], indent = ''): string {
  const hit = mark !== undefined && samePath(path, mark);
  let body: string;
  if (Array.isArray(v) && v.length > 0) {
    const inner = indent + '  ';
    body = `[\n${v.map((x, i) => inner + jsonHtml(x, mark, [...path, i], inner)).join(',\n')}\n${indent}]`;
  } else if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
    const inner = indent + '  ';
    body = `{\n${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${inner}${htmlEscape(JSON.stringify(k))}: ${jsonHtml(x, mark, [...path, k], inner)}`)
      .join(',\n')}\n${indent}}`;
  } else body = htmlEscape(v === undefined ? '(nothing)' : JSON.stringify(v));
  return hit ? `<mark>${body}</mark>` : body;
}

/** Expected and actual side by side, the first differing field highlighted on both sides. */
function diffHtml(message: string | undefined): string {
  const sides = mismatchSides(message);
  if (!sides) return '';
  const d = firstDifference(sides.expected, sides.actual);
  if (!d) return '';
  // A missing/extra element: mark the container on the side that lacks it.
  const exp = d.kind === 'extra' ? d.path.slice(0, -1) : d.path;
  const act = d.kind === 'missing' ? d.path.slice(0, -1) : d.path;
  return `<h4>Expected and actual (first difference highlighted)</h4><table class="diff"><thead><tr><th>expected</th><th>actual</th></tr></thead><tbody><tr><td><pre>${jsonHtml(sides.expected, exp)}</pre></td><td><pre>${jsonHtml(sides.actual, act)}</pre></td></tr></tbody></table>`;
}

/** A failure's or finding's body: what went wrong, explanation, diff, counterexample, requests, stderr, replay. */
function failureBodyHtml(f: FailureParts): string {
  const reqs = f.requests && f.requests.length > 0 ? `<h4>Requests of the case (${f.requests.length})</h4><pre>${htmlEscape(requestLines(f.requests).join('\n'))}</pre>` : '';
  const stderr = f.stderrTail && f.stderrTail.trim() !== '' ? `<h4>Vendor stderr (last lines)</h4><pre>${htmlEscape(stderrTailLines(f.stderrTail).join('\n'))}</pre>` : '';
  return [
    f.status === 'flaky' && f.tries ? `<p>Failed on ${f.tries.failed} of ${f.tries.of} tries of the same case, each on a fresh subject.</p>` : '',
    f.message ? `<h4>What went wrong</h4><pre>${htmlEscape(f.message)}</pre>` : '',
    f.explanation ? explanationHtml(f.explanation) : '',
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

const hasBlock = (r: PropertyResult) => r.status !== 'passed' && r.status !== 'skipped';

/** One self-contained HTML page: summary, the table of properties, every failure in full. */
export function toHtml(report: RunReport): string {
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
${failureBodyHtml(f)}
<p class="meta">seed ${f.seed}${f.path ? ` · path ${htmlEscape(f.path)}` : ''}</p></section>`,
        )
        .join('\n');
      return `<section id="${anchorOf(r.id)}"><h3 style="color:${STATUS_COLOR[r.status]}">${htmlEscape(r.id)} — ${htmlEscape(statusText(r))}${n > 1 ? ` (finding 1 of ${n})` : ''}</h3>
<p>${htmlEscape(r.title)}${r.reason ? `<br><em>${htmlEscape(r.reason)}</em>` : ''}</p>
${failureBodyHtml(r)}
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
  const verdict = report.exitCode === 0 ? ['PASS', '#1a7f37'] : report.exitCode === 3 ? ['ADAPTER FAULT', '#9a6700'] : ['FAIL', '#cf222e'];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>fairwire report — ${htmlEscape(report.adapter.name)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1f2328;padding:0 1rem}
table{border-collapse:collapse;width:100%}td:nth-child(n+3){white-space:nowrap}td,th{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
pre{background:#f6f8fa;padding:.75rem;overflow:auto;border-radius:6px;white-space:pre-wrap;word-break:break-all}
.verdict{font-size:1.4rem;font-weight:700}.meta{color:#6e7781}section{border-top:2px solid #d0d7de;margin-top:1.5rem}section.finding{border-top:1px dashed #d0d7de}
table.timeline td:nth-child(n+3),table.diff td{white-space:normal}table.timeline tr.hl{background:#fff8c5;font-weight:600}table.diff td{width:50%}
mark{background:#ffd8b5}.explain{font-weight:600}
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
<h2>Properties</h2>
<table><thead><tr><th>id</th><th>title</th><th>status</th><th>runs</th><th>time</th></tr></thead><tbody>
${rows}
</tbody></table>
${details ? `<h2>Failures, faults, runs that are not a pass, expected failures</h2>\n${details}` : ''}
</body></html>
`;
}
