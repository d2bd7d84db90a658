import { toCanonicalJson } from '../spec/canonical-json.ts';
import { explanationLines } from './explanation.ts';
import type { Finding } from './runner.ts';

/** A failure as plain text lines, for the terminal and JUnit (the HTML has its own form). */
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

/** What a result and a finding share: the parts of a failure a person acts on. */
export type FailureParts = Partial<Pick<Finding, 'message' | 'signature' | 'counterexample' | 'replay' | 'tries' | 'explanation' | 'stderrTail' | 'requests'>> & { readonly status: string };

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
