import type { PropertyResult } from './runner.ts';
import type { Summary } from './report.ts';

/** The counts of a run, and the one-line and per-result texts every report form shares. */
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

/** `flaky (2/3)` for a flaky result with its tries, else the status. */
export function statusText(r: { readonly status: string; readonly tries?: { readonly failed: number; readonly of: number } }): string {
  return r.status === 'flaky' && r.tries ? `flaky (${r.tries.failed}/${r.tries.of})` : r.status;
}

/** Failures as a CI system counts them: everything that is not a pass, a skip or a fault. */
export function notPassing(s: Summary): number {
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
