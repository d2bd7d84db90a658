import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCanonicalJson } from '../spec/canonical-json.ts';
import { formatSchemaErrors, schemaValidator } from '../spec/schemas.ts';
import type { GatingOutcome } from './expectations.ts';
import type { PropertyResult, Shard } from './runner.ts';

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
}

export interface Summary {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
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

function failureText(r: PropertyResult): string {
  const lines = [r.message ?? ''];
  if (r.signature) lines.push(`signature: ${r.signature}`);
  if (r.counterexample !== undefined) lines.push(`counterexample: ${toCanonicalJson(r.counterexample)}`);
  if (r.replay) lines.push(`replay: ${r.replay}`);
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
          out.push(
            r.known
              ? `${open}><skipped message="${xmlEscape(`known failure${known}`)}"/><system-out>${xmlEscape(failureText(r))}</system-out></testcase>`
              : `${open}><failure message="${xmlEscape((r.message ?? '').split('\n')[0] ?? '')}" type="Mismatch">${xmlEscape(failureText(r))}</failure></testcase>`,
          );
          break;
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
  return s.failed + s.unexpectedPasses + s.notRun + s.vacuous;
}

/** `37/100` when fewer cases ran than were asked, else `100`. */
export function runsText(r: PropertyResult): string {
  return r.runs < r.runsAsked ? `${r.runs}/${r.runsAsked}` : String(r.runs);
}

/** One line of counts, e.g. "41 properties: 37 passed, 1 failed, 3 not run, ...". */
export function summaryLine(s: Summary): string {
  const parts = [
    `${s.passed} passed`,
    `${s.failed} failed`,
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

/** One self-contained HTML page: summary, the table of properties, every failure in full. */
export function toHtml(report: RunReport): string {
  const s = report.summary;
  const rows = report.results
    .map(
      (r) =>
        `<tr><td><code>${htmlEscape(r.id)}</code></td><td>${htmlEscape(r.title)}</td><td style="color:${STATUS_COLOR[r.status]};font-weight:600">${r.status}${r.known ? ' (known)' : ''}</td><td>${runsText(r)}</td><td>${(r.durationMs / 1000).toFixed(2)} s</td></tr>`,
    )
    .join('\n');
  const details = report.results
    .filter((r) => r.status !== 'passed' && r.status !== 'skipped')
    .map(
      (r) => `<section id="${htmlEscape(r.id)}"><h3 style="color:${STATUS_COLOR[r.status]}">${htmlEscape(r.id)} — ${r.status}</h3>
<p>${htmlEscape(r.title)}${r.reason ? `<br><em>${htmlEscape(r.reason)}</em>` : ''}</p>
${r.message ? `<h4>What went wrong</h4><pre>${htmlEscape(r.message)}</pre>` : ''}
${r.counterexample !== undefined ? counterexampleHtml(r.counterexample) : ''}
${r.replay ? `<h4>Replay</h4><pre>${htmlEscape(r.replay)}</pre>` : ''}
${r.signature ? `<p>Signature: <code>${htmlEscape(r.signature)}</code></p>` : ''}
<p class="meta">seed ${r.seed}${r.path ? ` · path ${htmlEscape(r.path)}` : ''} · ${runsText(r)} runs</p></section>`,
    )
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
.verdict{font-size:1.4rem;font-weight:700}.meta{color:#6e7781}section{border-top:2px solid #d0d7de;margin-top:1.5rem}
</style></head><body>
<h1>fairwire conformance report</h1>
<p class="verdict" style="color:${verdict[1]}">${verdict[0]} (exit ${report.exitCode})</p>
<p>Adapter <code>${htmlEscape(report.adapter.spec)}</code> (${htmlEscape(report.adapter.name)}) · components ${report.components.map(htmlEscape).join(', ')} ·
seed <code>${report.seed}</code>${report.shard ? ` · shard ${report.shard.index}/${report.shard.count}` : ''} · started ${htmlEscape(report.startedAt)} · ${(report.durationMs / 1000).toFixed(1)} s</p>
<p>${htmlEscape(summaryLine(s))}.</p>
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
