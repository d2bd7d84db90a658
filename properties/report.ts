import { toCanonicalJson } from '../spec/canonical-json.ts';
import { formatSchemaErrors, schemaValidator } from '../spec/schemas.ts';
import type { GatingOutcome } from './expectations.ts';
import type { PropertyResult, Shard } from './runner.ts';

/*
 * The run report: its shape (this module) and its forms, one module each — counts and short texts
 * (report-summary.ts), failure text (report-text.ts), JUnit (report-junit.ts), HTML
 * (report-html.ts, its diff and plots beside it), writing the files (report-write.ts), and what
 * `report diff` / `report merge` compute (report-diff.ts, report-merge.ts). Re-exported here so
 * that importers keep one entry point.
 */
export { summarize, summaryLine, runsText, statusText } from './report-summary.ts';
export { failureDetailLines, requestLines, stderrTailLines, REQUESTS_SHOWN, STDERR_TAIL_LINES } from './report-text.ts';
export { toJUnitXml } from './report-junit.ts';
export { anchorOf, toHtml } from './report-html.ts';
export { mismatchSides } from './report-html-diff.ts';
export { writeAtomic } from './report-atomic.ts';
export { writeReports } from './report-write.ts';

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

/** Validates against spec/report.schema.json; a report that does not validate is a fairwire bug. */
export function validateReport(report: RunReport): void {
  const validate = schemaValidator('report.schema.json');
  const plain = JSON.parse(toCanonicalJson(report)) as unknown;
  if (!validate(plain)) throw new Error(`report does not match spec/report.schema.json: ${formatSchemaErrors(validate.errors)}`);
}
