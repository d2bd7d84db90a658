import fc from 'fast-check';
import type { Adapter } from '../adapters/adapter.ts';
import type { Mutant } from '../adapters/mutants/registry.ts';
import type { ComponentEntry } from './components.ts';
import type { Property } from './property.ts';
import { DEFAULT_RUNS, runCatalog, type PropertyResult } from './runner.ts';

/**
 * The suite's self-test as a real matrix: every mutant (one known bug each) against every
 * property of its component, plus the reference itself as row zero. Nothing stops at the first
 * kill, so the matrix answers "which properties catch which bugs", not only "is each bug caught".
 *
 * A cell is `killed` (failed, fault, or an expected failure that unexpectedly passed: all three
 * make `conform` exit non-zero), `survived` (passed / failed exactly as expected), `n/a` (skipped:
 * the subject lacks a capability the property requires) or `error`: the property did not run all
 * it was asked to (not-run, vacuous, interrupted, short of runs), or its kill was flaky (our
 * mutants are deterministic, so a failure that does not reproduce on every try is a defect, not a
 * kill). An error is never read as "survived": it makes the matrix fail.
 */
export type CellVerdict = 'killed' | 'survived' | 'n/a' | 'error';

export interface KillCell {
  readonly property: string;
  /** The runner's status, as it reported it. */
  readonly status: string;
  readonly verdict: CellVerdict;
  readonly runs: number;
  readonly runsAsked: number;
  readonly durationMs: number;
  /** First line of the failure / fault message, or why the cell is n/a or an error. */
  readonly message?: string;
}

export interface MatrixRow {
  readonly component: string;
  /** The mutant's name, or "reference" for row zero. */
  readonly subject: string;
  readonly bug?: string;
  readonly killedBy: readonly string[];
  readonly cells: readonly KillCell[];
}

export interface MatrixComponent {
  readonly component: string;
  readonly properties: readonly { readonly id: string; readonly expectedFailure: boolean }[];
  readonly reference: MatrixRow;
  readonly mutants: readonly MatrixRow[];
}

export interface KillMatrix {
  readonly seed: number;
  /** How runs per cell were chosen, in words (printed with the matrix). */
  readonly runsPolicy: string;
  readonly components: readonly MatrixComponent[];
}

/** Runs for one cell; `mutant` is undefined for the reference row. Undefined: the property's default. */
export type RunsFor = (property: Property<any, any>, mutant: Mutant | undefined) => number | undefined;

export interface MatrixOptions {
  readonly seed: number;
  readonly runsFor?: RunsFor;
  readonly runsPolicy?: string;
  /** Only mutants whose name passes this filter (the reference row always runs). */
  readonly mutantFilter?: (m: Mutant) => boolean;
  readonly onCell?: (row: { component: string; subject: string }, cell: KillCell) => void;
  /** Shrink counterexamples (default false: a kill needs one failing case, not the smallest). */
  readonly shrink?: boolean;
}

/** Equivalence properties compare the subject with the reference on everything it outputs. */
export function isEquivalenceProperty(id: string): boolean {
  return id.endsWith('.equivalence');
}

function firstLine(s: string | undefined): string | undefined {
  return s === undefined ? undefined : s.split('\n')[0];
}

/** Maps one runner result to a cell; anything the matrix does not know is an error, never a survival. */
export function cellOf(r: PropertyResult, runsAsked: number): KillCell {
  const status: string = r.status;
  const base = { property: r.id, status, runs: r.runs, runsAsked, durationMs: r.durationMs };
  switch (status) {
    case 'failed':
    case 'fault':
    case 'unexpected-pass':
      return { ...base, verdict: 'killed', ...(r.message || r.reason ? { message: firstLine(r.message ?? r.reason)! } : {}) };
    case 'skipped':
      return { ...base, verdict: 'n/a', message: r.reason ?? 'skipped' };
    case 'flaky':
      // Our mutants are deterministic: a kill that does not reproduce on every try is a defect of
      // the mutant or of the suite, never a kill.
      return {
        ...base,
        verdict: 'error',
        message: `flaky (${r.tries ? `${r.tries.failed}/${r.tries.of}` : '?'}): the mutant's failure did not reproduce on every try; mutants must be deterministic${r.message ? ` — ${firstLine(r.message)}` : ''}`,
      };
    case 'passed':
    case 'expected-failure':
      // A pass counts only if every asked run ran; an expected failure has found its counterexample.
      if (status === 'passed' && (r.interrupted || r.runs < runsAsked)) {
        return { ...base, verdict: 'error', message: `passed after only ${r.runs} of ${runsAsked} runs${r.interrupted ? ' (interrupted)' : ''}` };
      }
      return { ...base, verdict: 'survived' };
    default:
      return { ...base, verdict: 'error', message: `property did not run (${status})${r.reason ? `: ${r.reason}` : ''}` };
  }
}

async function runCell(
  entry: ComponentEntry,
  create: () => Adapter<object> | Promise<Adapter<object>>,
  property: Property<any, any>,
  seed: number,
  runs: number | undefined,
): Promise<KillCell> {
  const runsAsked = runs ?? property.defaultRuns ?? DEFAULT_RUNS;
  const started = Date.now();
  // A fresh subject per cell: a cell's verdict does not depend on the cells run before it.
  let subject: Adapter<object> | undefined;
  let oracle: Adapter<object> | undefined;
  try {
    subject = await create();
    oracle = await entry.reference();
    // One finding is a kill; the default tries tell a deterministic kill from a flaky one.
    const [r] = await runCatalog({ catalog: [property], subject, oracle, seed, runs: runsAsked, maxFindings: 1 });
    if (!r) return { property: property.id, status: 'missing', verdict: 'error', runs: 0, runsAsked, durationMs: Date.now() - started, message: 'the runner returned no result' };
    return cellOf(r, runsAsked);
  } catch (err) {
    // Creating the subject or the oracle failed: the matrix cannot say anything about this cell.
    return { property: property.id, status: 'crashed', verdict: 'error', runs: 0, runsAsked, durationMs: Date.now() - started, message: `could not run the cell: ${(err as Error).message ?? String(err)}` };
  } finally {
    await subject?.close?.().catch(() => {});
    await oracle?.close?.().catch(() => {});
  }
}

export async function killMatrix(entries: readonly ComponentEntry[], opts: MatrixOptions): Promise<KillMatrix> {
  // Shrinking was most of the matrix's time and tells it nothing: stop at the first failing case.
  const before = fc.readConfigureGlobal();
  if (!opts.shrink) fc.configureGlobal({ ...before, endOnFailure: true });
  try {
    return await fillMatrix(entries, opts);
  } finally {
    fc.configureGlobal(before);
  }
}

async function fillMatrix(entries: readonly ComponentEntry[], opts: MatrixOptions): Promise<KillMatrix> {
  const components: MatrixComponent[] = [];
  for (const entry of entries) {
    const runRow = async (subject: string, create: () => Adapter<object> | Promise<Adapter<object>>, mutant?: Mutant): Promise<MatrixRow> => {
      const cells: KillCell[] = [];
      for (const p of entry.catalog) {
        const cell = await runCell(entry, create, p, opts.seed, opts.runsFor?.(p, mutant));
        cells.push(cell);
        opts.onCell?.({ component: entry.component, subject }, cell);
      }
      return { component: entry.component, subject, killedBy: mutant?.killedBy ?? [], cells, ...(mutant ? { bug: mutant.bug } : {}) };
    };
    const reference = await runRow('reference', entry.reference);
    const mutants: MatrixRow[] = [];
    for (const m of entry.mutants) {
      if (opts.mutantFilter && !opts.mutantFilter(m)) continue;
      mutants.push(await runRow(m.name, m.create, m));
    }
    components.push({
      component: entry.component,
      properties: entry.catalog.map((p) => ({ id: p.id, expectedFailure: p.expectedFailure !== undefined })),
      reference,
      mutants,
    });
  }
  return { seed: opts.seed, runsPolicy: opts.runsPolicy ?? 'each property’s default runs', components };
}

/**
 * The test's budget: a stated killer (a property in the mutant's `killedBy`) and the reference
 * row get the property's full default runs, since those are the cells the checks assert on;
 * every other cell runs `otherRuns` cases — enough to fill the matrix, cheap enough for `npm test`.
 * Process mutants (a Python child per cell) get at most `processRuns` outside their stated killers.
 */
export function boundedRuns(otherRuns: number, processRuns: number): RunsFor {
  return (p, m) => {
    if (!m || m.killedBy?.includes(p.id)) return undefined;
    const full = p.defaultRuns ?? DEFAULT_RUNS;
    return Math.min(full, m.name.startsWith('process-') ? processRuns : otherRuns);
  };
}

export type ProblemKind =
  | 'cell-error'
  | 'reference-skips'
  | 'reference-fails'
  | 'mutant-survives'
  | 'unknown-killer'
  | 'stated-killer-misses'
  | 'property-kills-nothing';

export interface MatrixProblem {
  readonly kind: ProblemKind;
  readonly component: string;
  readonly subject?: string;
  readonly property?: string;
  readonly detail: string;
}

/** Every violated check of the matrix; empty when the matrix is green. */
export function matrixProblems(m: KillMatrix): MatrixProblem[] {
  const problems: MatrixProblem[] = [];
  for (const c of m.components) {
    const ids = new Set(c.properties.map((p) => p.id));
    for (const row of [c.reference, ...c.mutants]) {
      for (const cell of row.cells) {
        if (cell.verdict === 'error') problems.push({ kind: 'cell-error', component: c.component, subject: row.subject, property: cell.property, detail: cell.message ?? cell.status });
      }
    }
    for (const cell of c.reference.cells) {
      const expected = c.properties.find((p) => p.id === cell.property)?.expectedFailure ?? false;
      if (cell.verdict === 'n/a') {
        problems.push({ kind: 'reference-skips', component: c.component, subject: 'reference', property: cell.property, detail: `the reference skips it (${cell.message ?? ''}): a misspelled or undeclared capability in \`requires\`` });
      } else if (cell.verdict !== 'error' && (expected ? cell.status !== 'expected-failure' : cell.status !== 'passed')) {
        problems.push({ kind: 'reference-fails', component: c.component, subject: 'reference', property: cell.property, detail: `${cell.status}${cell.message ? `: ${cell.message}` : ''}` });
      }
    }
    for (const row of c.mutants) {
      if (!row.cells.some((x) => x.verdict === 'killed')) {
        problems.push({ kind: 'mutant-survives', component: c.component, subject: row.subject, detail: `no property kills it (${row.cells.map((x) => `${x.property}: ${x.verdict}`).join(', ')})` });
      }
      for (const k of row.killedBy) {
        const cell = row.cells.find((x) => x.property === k);
        if (!ids.has(k) || !cell) problems.push({ kind: 'unknown-killer', component: c.component, subject: row.subject, property: k, detail: `killedBy names ${k}, which is not in the ${c.component} catalog` });
        else if (cell.verdict !== 'killed') problems.push({ kind: 'stated-killer-misses', component: c.component, subject: row.subject, property: k, detail: `stated killer ${cell.verdict} (${cell.status}, ${cell.runs}/${cell.runsAsked} runs)` });
      }
    }
    for (const p of c.properties) {
      // Expected failures fail against everyone (the reference too): they are exempt by kind.
      if (p.expectedFailure) continue;
      if (!c.mutants.some((row) => row.cells.some((x) => x.property === p.id && x.verdict === 'killed'))) {
        problems.push({ kind: 'property-kills-nothing', component: c.component, property: p.id, detail: 'no mutant is killed by it: it has no proof it can fail' });
      }
    }
  }
  return problems;
}

export interface PropertyKills {
  readonly component: string;
  readonly property: string;
  readonly equivalence: boolean;
  readonly expectedFailure: boolean;
  /** Mutants it kills. */
  readonly kills: readonly string[];
  /** Mutants it kills that no equivalence property of the component kills. */
  readonly unique: readonly string[];
}

/** Per property: what it kills, and what it kills that no equivalence property does. */
export function propertyKills(m: KillMatrix): PropertyKills[] {
  const out: PropertyKills[] = [];
  for (const c of m.components) {
    const killedBy = (row: MatrixRow, id: string) => row.cells.some((x) => x.property === id && x.verdict === 'killed');
    const byEquivalence = new Set(c.mutants.filter((row) => c.properties.some((p) => isEquivalenceProperty(p.id) && killedBy(row, p.id))).map((r) => r.subject));
    for (const p of c.properties) {
      const kills = c.mutants.filter((row) => killedBy(row, p.id)).map((r) => r.subject);
      const equivalence = isEquivalenceProperty(p.id);
      out.push({ component: c.component, property: p.id, equivalence, expectedFailure: p.expectedFailure, kills, unique: equivalence ? [] : kills.filter((k) => !byEquivalence.has(k)) });
    }
  }
  return out;
}

const MARK: Record<CellVerdict, string> = { killed: 'K', survived: '.', 'n/a': '-', error: '!' };

/** Compact text: one block per component, properties numbered, K killed · . survived · - n/a · ! error. */
export function matrixText(m: KillMatrix): string {
  const lines = [`kill matrix, seed ${m.seed}, runs per cell: ${m.runsPolicy}`, 'K killed, . survived, - n/a (capability not declared), ! error (did not run all its runs); * stated killer', ''];
  const stats = propertyKills(m);
  for (const c of m.components) {
    const width = Math.max(9, ...c.mutants.map((r) => r.subject.length));
    const head = c.properties.map((_, i) => String(i + 1).padStart(3)).join('');
    lines.push(`${c.component}`, `${''.padEnd(width)} ${head}`);
    for (const row of [c.reference, ...c.mutants]) {
      const marks = row.cells.map((x) => `${MARK[x.verdict]}${row.killedBy.includes(x.property) ? '*' : ' '}`.padStart(3)).join('');
      lines.push(`${row.subject.padEnd(width)} ${marks}`);
    }
    c.properties.forEach((p, i) => {
      const s = stats.find((x) => x.property === p.id)!;
      const note = p.expectedFailure ? 'expected failure' : `kills ${s.kills.length}${s.equivalence ? ' (equivalence)' : `, unique ${s.unique.length}`}`;
      lines.push(`${String(i + 1).padStart(3)} ${p.id}  ${note}`);
    });
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

const md = (s: string) => s.replace(/\|/g, '\\|');

/** The README's tables: one per component, mutants × properties, then each property's unique kills. */
export function matrixMarkdown(m: KillMatrix): string {
  const out: string[] = [];
  const stats = propertyKills(m);
  for (const c of m.components) {
    const short = c.properties.map((p) => `\`${p.id.slice(c.component.length + 1)}\``);
    out.push(`**${c.component}**`, '', `| mutant | the bug | ${short.join(' | ')} |`, `|---|---|${c.properties.map(() => ':-:|').join('')}`);
    for (const row of [c.reference, ...c.mutants]) {
      const cells = row.cells.map((x) => (row.killedBy.includes(x.property) ? `**${MARK[x.verdict]}**` : MARK[x.verdict] === '.' ? '·' : MARK[x.verdict]));
      out.push(`| ${row.subject === 'reference' ? '*reference*' : `\`${row.subject}\``} | ${md(row.bug ?? 'passes every property')} | ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  out.push('Unique kills — the mutants a property kills that no equivalence property (`*.equivalence`) of its component kills:', '');
  for (const c of m.components) {
    const mine = stats.filter((s) => s.component === c.component && !s.expectedFailure);
    const eq = mine.filter((s) => s.equivalence).map((s) => `\`${s.property}\``);
    const unique = mine.filter((s) => s.unique.length > 0);
    const list = unique.map((s) => `\`${s.property.slice(c.component.length + 1)}\` (${s.unique.map((u) => `\`${u}\``).join(', ')})`).join('; ');
    if (eq.length === 0) out.push(`- ${c.component}: no equivalence property, so every kill is unique: ${list || 'none'}`);
    else if (unique.length === 0) out.push(`- ${c.component}: none — ${eq.join(', ')} kills every mutant any other property kills`);
    else out.push(`- ${c.component}: ${unique.length} of ${mine.length - eq.length} other properties: ${list}`);
  }
  const none = stats.filter((s) => !s.expectedFailure && s.kills.length === 0);
  if (none.length > 0) out.push('', `Properties that kill no mutant: ${none.map((s) => `\`${s.property}\``).join(', ')}`);
  return `${out.join('\n')}\n`;
}

/** Machine-readable: the matrix, the per-property kills and the problems. */
export function matrixJson(m: KillMatrix): string {
  return `${JSON.stringify({ ...m, properties: propertyKills(m), problems: matrixProblems(m) }, null, 2)}\n`;
}
