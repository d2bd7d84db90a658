/**
 * The stable lines of a conform run's output, compared between what a doc shows and what the
 * run prints: the table header, each property row's id and status (not its runs or time), and
 * the summary line's counts (not its seed or time). Other shown lines (counterexamples,
 * explanations, timings) depend on the machine or are trimmed in the doc (`…`), so they are not
 * compared.
 */
const STATUS = /^(passed(?: \d+\/\d+)?|failed|FAULT|fault|flaky(?: \(\d+\/\d+\))?|skipped|not run|NOT RUN|VACUOUS|vacuous|expected-failure|unexpected-pass|xfail|xpass|known)$/i;
const ROW = /^([a-z0-9-]+(?:\.[a-z0-9-]+)+)\s{2,}(\S+(?: \S+)?)\s{2,}/;
const SUMMARY = /^(\d+ properties: [^(]*)\(/;

export interface StableLine {
  readonly kind: 'header' | 'row' | 'summary';
  /** The compared text: the header's words, `id status`, or the summary's counts. */
  readonly text: string;
}

export function stableLines(output: string | readonly string[]): StableLine[] {
  const lines = typeof output === 'string' ? output.split('\n') : output;
  const out: StableLine[] = [];
  for (const raw of lines) {
    const l = raw.trimEnd();
    if (/^property\s+status\s+runs\s+time$/.test(l)) out.push({ kind: 'header', text: l.split(/\s+/).join(' ') });
    const row = ROW.exec(l);
    if (row && STATUS.test(row[2]!)) out.push({ kind: 'row', text: `${row[1]} ${row[2]}` });
    const sum = SUMMARY.exec(l);
    if (sum) out.push({ kind: 'summary', text: sum[1]!.trim() });
  }
  return out;
}

/** The shown stable lines the actual output lacks (empty: it matches). */
export function missingStableLines(shown: readonly string[], actual: string): string[] {
  const have = new Set(stableLines(actual).map((s) => s.text));
  return stableLines(shown)
    .filter((s) => !have.has(s.text))
    .map((s) => s.text);
}
