import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { runsText, summaryLine, type RunReport } from '../../properties/report.ts';
import type { PropertyResult } from '../../properties/runner.ts';

const STATUS_MARK: Record<PropertyResult['status'], string> = {
  passed: 'passed',
  failed: 'FAILED',
  skipped: 'skipped',
  fault: 'FAULT',
  'expected-failure': 'xfail',
  'unexpected-pass': 'XPASS',
  'not-run': 'NOT RUN',
  vacuous: 'VACUOUS',
  flaky: 'FLAKY',
};

/** The end-of-run table and failure details, as printed on stdout. */
export function formatSummary(report: RunReport): string {
  const out: string[] = [];
  const idWidth = Math.max(8, ...report.results.map((r) => r.id.length));
  // Runs as got/asked when fewer ran than asked (a time budget): `passed 37/100`.
  out.push(`${'property'.padEnd(idWidth)}  ${'status'.padEnd(7)}  ${'runs'.padEnd(11)}  ${'time'.padStart(7)}`);
  for (const r of report.results) {
    const mark = r.known ? 'known' : STATUS_MARK[r.status];
    out.push(`${r.id.padEnd(idWidth)}  ${mark.padEnd(7)}  ${runsText(r).padEnd(11)}  ${(r.durationMs / 1000).toFixed(2).padStart(6)}s`);
  }
  for (const r of report.results) {
    if (r.status === 'passed' || r.status === 'skipped') continue;
    out.push('', `── ${r.id} (${r.status}${r.known ? ', known' : ''}) ── ${r.title}`);
    if (r.reason) out.push(`reason: ${r.reason}`);
    if (r.message) out.push(r.message);
    if (r.signature) out.push(`signature: ${r.signature}`);
    if (r.counterexample !== undefined) out.push(`counterexample: ${toCanonicalJson(r.counterexample)}`);
    if (r.replay) out.push(`replay: ${r.replay}`);
  }
  const s = report.summary;
  out.push(
    '',
    `${summaryLine(s)} (seed ${report.seed}, ${(report.durationMs / 1000).toFixed(1)} s)`,
  );
  if (s.notRun + s.vacuous > 0) {
    out.push(`not a pass: ${s.notRun} not run, ${s.vacuous} vacuous (a property that ran no case, or whose cases were mostly discarded, proves nothing)`);
  }
  if (report.note) out.push(report.note);
  const g = report.gating;
  if (g) {
    out.push(
      `gating (${g.file}): ${g.unexpectedFailures.length} unexpected failures${g.unexpectedFailures.length ? ` [${g.unexpectedFailures.join(', ')}]` : ''}, ` +
        `${g.unexpectedPasses.length} unexpected passes${g.unexpectedPasses.length ? ` [${g.unexpectedPasses.join(', ')}]` : ''}, ` +
        `${g.staleEntries.length} stale entries${g.staleEntries.length ? ` [${g.staleEntries.join(', ')}]` : ''}, ${g.knownFailures.length} known failures`,
    );
    for (const n of g.notes) out.push(`  ${n}`);
  }
  if (report.error) out.push(`run stopped early: ${report.error}`);
  return `${out.join('\n')}\n`;
}
