import type { RunReport } from './report.ts';
import { xmlEscape } from './report-escape.ts';
import { notPassing, runsText, statusText, summarize } from './report-summary.ts';
import { failureDetailLines } from './report-text.ts';
import type { PropertyResult } from './runner.ts';

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
