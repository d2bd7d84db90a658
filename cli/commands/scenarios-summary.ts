import { EXIT } from '../command.ts';
import { VENDOR_STDERR_LOG } from '../../features/support/run-control.ts';
import type { ScenarioResult } from './scenarios-results.ts';

/** How many lines of a failure's message the terminal summary shows (the reports have all of it). */
const MESSAGE_LINES = 12;

function where(r: ScenarioResult): string {
  return `${r.uri}:${r.line}`;
}

function indent(text: string, by: string): string {
  return text.split('\n').map((l) => `${by}${l}`.trimEnd()).join('\n');
}

function clip(message: string): string {
  const lines = message.replace(/\s+$/, '').split('\n');
  return lines.length <= MESSAGE_LINES ? lines.join('\n') : [...lines.slice(0, MESSAGE_LINES), `… (${lines.length - MESSAGE_LINES} more lines in the reports)`].join('\n');
}

/** A skip's reason: what the scenario logged ("skipped: ..."), else the step that skipped. */
function skipReason(r: ScenarioResult): string {
  const logged = r.logs.find((l) => /^skipped\b/i.test(l));
  if (logged) return logged.replace(/^skipped:?\s*/i, '');
  return `the adapter does not declare a capability this scenario needs (at: ${r.step ?? 'a step'})`;
}

export interface RunCounts {
  readonly passed: number;
  readonly failed: number;
  readonly fault: number;
  readonly skipped: number;
  readonly notRun: number;
}

export function countResults(results: readonly ScenarioResult[]): RunCounts {
  const n = (s: ScenarioResult['status']) => results.filter((r) => r.status === s).length;
  return { passed: n('passed'), failed: n('failed'), fault: n('fault'), skipped: n('skipped'), notRun: n('not-run') };
}

/**
 * The exit code, as conform's: 3 when any scenario met an adapter fault; 1 when any failed, when
 * fewer finished than were planned (interrupted aside: the caller maps that to 130/143), or when
 * every scenario was skipped (nothing was checked); else 0. `cucumberSuccess` false with none of
 * those is still 1: never a green run cucumber itself calls failed.
 */
export function exitCodeOf(results: readonly ScenarioResult[], planned: number, cucumberSuccess: boolean): number {
  const c = countResults(results);
  if (c.fault > 0) return EXIT.adapterFault;
  if (c.failed > 0 || c.notRun > 0 || results.length < planned) return EXIT.failure;
  if (results.length > 0 && c.skipped === results.length) return EXIT.failure;
  if (results.length === 0 || !cucumberSuccess) return EXIT.failure;
  return EXIT.ok;
}

/**
 * The terminal summary: the counts, then each failure (feature:line, scenario, the failing step
 * and its message), each skipped scenario with its reason, and the scenarios an interrupt left.
 */
export function formatScenariosSummary(results: readonly ScenarioResult[], planned: number, adapters: string): string {
  const c = countResults(results);
  const out: string[] = [];
  const parts = [`${c.passed} passed`, `${c.failed} failed`];
  if (c.fault > 0) parts.push(`${c.fault} adapter fault${c.fault === 1 ? '' : 's'}`);
  parts.push(`${c.skipped} skipped`);
  const missing = planned - results.length + c.notRun;
  if (missing > 0) parts.push(`${missing} not run`);
  out.push(`${planned} scenario${planned === 1 ? '' : 's'}: ${parts.join(', ')}  (adapter: ${adapters})`);
  const bad = results.filter((r) => r.status === 'failed' || r.status === 'fault');
  if (bad.length > 0) {
    out.push('', 'Failed:');
    for (const r of bad) {
      out.push(`  ${where(r)}  ${r.name}${r.status === 'fault' ? '  [adapter fault]' : ''}`);
      if (r.step) out.push(`    step: ${r.step}`);
      if (r.message) out.push(indent(clip(r.message), '    | '));
      for (const l of r.logs.filter((x) => x.startsWith(VENDOR_STDERR_LOG))) out.push(indent(clip(l), '    '));
    }
  }
  const skipped = results.filter((r) => r.status === 'skipped');
  if (skipped.length > 0) {
    out.push('', 'Skipped (not a failure: a capability the adapter does not declare):');
    for (const r of skipped) out.push(`  ${where(r)}  ${r.name}`, `    ${skipReason(r)}`);
  }
  if (missing > 0) out.push('', `Not run: ${missing} scenario${missing === 1 ? '' : 's'} (the run was interrupted or stopped early; never counted as passed)`);
  if (results.length > 0 && c.skipped === results.length) out.push('', 'Every scenario was skipped: nothing was checked (exit 1).');
  return `${out.join('\n')}\n`;
}
