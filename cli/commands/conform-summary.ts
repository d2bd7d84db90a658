import { failureDetailLines, runsText, statusText, summaryLine, type RunReport } from '../../properties/report.ts';
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

/** The table's status cell: `flaky (2/3)` with the tries, `known`, else the mark. */
function mark(r: RunReport['results'][number]): string {
  if (r.known) return 'known';
  return r.status === 'flaky' && r.tries ? statusText(r) : STATUS_MARK[r.status];
}

/** The end-of-run table and failure details, as printed on stdout. */
export function formatSummary(report: RunReport): string {
  const out: string[] = [];
  const idWidth = Math.max(8, ...report.results.map((r) => r.id.length));
  const markWidth = Math.max(7, ...report.results.map((r) => mark(r).length));
  // Runs as got/asked when fewer ran than asked (a time budget): `passed 37/100`.
  out.push(`${'property'.padEnd(idWidth)}  ${'status'.padEnd(markWidth)}  ${'runs'.padEnd(11)}  ${'time'.padStart(7)}`);
  for (const r of report.results) {
    const more = r.findings && r.findings.length > 0 ? `  +${r.findings.length} more finding(s)` : '';
    out.push(`${r.id.padEnd(idWidth)}  ${mark(r).padEnd(markWidth)}  ${runsText(r).padEnd(11)}  ${(r.durationMs / 1000).toFixed(2).padStart(6)}s${more}`);
  }
  for (const r of report.results) {
    if (r.status === 'passed' || r.status === 'skipped') continue;
    const n = (r.findings?.length ?? 0) + 1;
    out.push('', `── ${r.id} (${statusText(r)}${r.known ? ', known' : ''}${n > 1 ? `, finding 1 of ${n}` : ''}) ── ${r.title}`);
    if (r.reason) out.push(`reason: ${r.reason}`);
    out.push(...failureDetailLines(r));
    // Each further finding is a bug of its own: its own block and replay line.
    (r.findings ?? []).forEach((f, i) => {
      out.push('', `── ${r.id} (finding ${i + 2} of ${n}: ${statusText(f)}) ──`, ...failureDetailLines(f));
    });
  }
  const s = report.summary;
  out.push('', `${summaryLine(s)} (seed ${report.seed}, ${(report.durationMs / 1000).toFixed(1)} s)`);
  if (report.variants && report.variants.length > 0) out.push(`variants in force: ${report.variants.join(', ')}`);
  if (s.flaky > 0) {
    out.push(`flaky: ${s.flaky} (failed on some tries of the same case only, each on a fresh subject): a failure, reported apart from the ${s.failed} deterministic one(s)`);
  }
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
