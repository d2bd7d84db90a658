import type { Adapter } from '../adapters/adapter.ts';
import { makePredicate } from './case-predicate.ts';
import type { CaseContext } from './case-tries.ts';
import type { Explanation } from './explanation.ts';
import { describeError } from './failure-signature.ts';
import { FigureAccumulator, type Figures } from './figures.ts';
import { DEFAULT_FLAKY_TRIES, dedupeFound, toFinding } from './finding.ts';
import { guardOracle } from './oracle-guard.ts';
import type { Catalog, Property } from './property.ts';
import { replayCase } from './replay-case.ts';
import { runUnit as runUnitSearch, type Found, type UnitState } from './runner-unit.ts';

export { signatureOf } from './failure-signature.ts';
export { DEFAULT_FLAKY_TRIES } from './finding.ts';

/**
 * The one runner behind vitest, the CLI and cucumber.
 *
 * Work is cut into units so that sharding is exact: each property's runs are split into at most
 * UNITS_PER_PROPERTY units, each an independent fast-check run with its own seed derived from
 * (run seed, property id, unit index). Units are ordered round-robin — unit 0 of every property,
 * then unit 1, ... — and a shard K/N takes every N-th unit of that list, so the union of the N
 * shards is exactly the unsharded run, whatever N is.
 *
 * A time budget is shared by all selected properties: units run in that round-robin order and
 * each gets an equal share of the time that remains, so a slow property cannot starve the
 * others. A property that ran no case is `not-run`, never `passed`.
 *
 * A failure does not end its property: the search goes on through the property's remaining
 * units for failures with other signatures (runner-unit.ts), up to `maxFindings`; each failure
 * is re-tried on a fresh subject (`flakyTries`) and reported failed, fault or flaky. Each unit
 * searches on its own (it does not know what earlier units found), so a unit's findings are the
 * same in a shard as in the whole run; the result keeps the first finding of each signature in
 * unit order (the first is the result, `findings` the others). An expected failure stops at its
 * first.
 *
 * Figures (Property.measure) are aggregated over the passing cases of every unit that ran into
 * the result's `figures` — except where the whole run would stop early and a shard cannot know
 * it (an expected failure's first counterexample, the findings cap): there, no figures.
 */
export const DEFAULT_RUNS = 100;
/** Distinct failures reported per property, at most. */
export const DEFAULT_MAX_FINDINGS = 8;
const UNITS_PER_PROPERTY = 4;
/** Hard cap on one unit (generation + shrinking), whatever the budget. */
const UNIT_TIME_LIMIT_MS = 300_000;

export type PropertyStatus =
  | 'passed'
  | 'failed'
  | 'skipped'
  | 'fault'
  | 'expected-failure'
  | 'unexpected-pass'
  | 'not-run'
  | 'vacuous'
  /** Failed on some tries of the same case (on a fresh subject each) but not all: see `tries`. */
  | 'flaky';

/** Statuses that are not a pass and make a run fail (fault: exit 3, the others: exit 1). */
export const FAILING_STATUSES: ReadonlySet<PropertyStatus> = new Set(['failed', 'fault', 'unexpected-pass', 'not-run', 'vacuous', 'flaky']);

export interface PropertyResult {
  readonly id: string;
  readonly component: string;
  readonly title: string;
  readonly status: PropertyStatus;
  /** Cases executed (over the units this shard ran); discarded cases not included. */
  readonly runs: number;
  /** Cases this shard was asked to run. */
  readonly runsAsked: number;
  /** Cases discarded (fc.pre, or a vendor answering `skipped`). */
  readonly skips?: number;
  /** Seed of the failing unit (or of unit 0), as fast-check takes it. */
  readonly seed: number;
  /** fast-check shrink path of the counterexample. */
  readonly path?: string;
  /** The shrunk counterexample, readable (canonical JSON value). */
  readonly counterexample?: unknown;
  /** The same input in tagged JSON, exact, for the corpus and replay. */
  readonly counterexampleData?: string;
  readonly message?: string;
  /** What the failure is, stable across seeds (Mismatch.signature()); set on failures. */
  readonly signature?: string;
  /** A command that reruns exactly this counterexample. */
  readonly replay?: string;
  readonly reason?: string;
  readonly durationMs: number;
  /** True when the time budget or an interrupt stopped the property before all its runs. */
  readonly interrupted?: boolean;
  /**
   * How many of the tries of the reported case failed (each on a fresh subject): flaky when
   * failed < of (0 too: it failed in the run but never alone). A fault stays `fault` whatever its tries.
   */
  readonly tries?: { readonly failed: number; readonly of: number };
  /** A person's reading of the counterexample (Property.explain). */
  readonly explanation?: Explanation;
  /** The tail of the subject's stderr while the reported case ran (vendor processes). */
  readonly stderrTail?: string;
  /** Every request sent to the subject during the reported case (faults: the whole case, not only the last request). */
  readonly requests?: readonly unknown[];
  /**
   * Further failures of this property with other signatures, found after the first within the
   * budget, each shrunk on its own (the first one is this result itself).
   */
  readonly findings?: readonly Finding[];
  /** What the property measured on its passing cases (Property.measure), aggregated exactly. */
  readonly figures?: Figures;
}

/** One distinct failure of a property: its own signature, shrunk counterexample and replay line. */
export interface Finding {
  readonly status: 'failed' | 'fault' | 'flaky';
  readonly signature: string;
  readonly message: string;
  readonly seed: number;
  readonly path?: string;
  readonly counterexample?: unknown;
  readonly counterexampleData?: string;
  readonly replay?: string;
  readonly tries?: { readonly failed: number; readonly of: number };
  readonly explanation?: Explanation;
  readonly stderrTail?: string;
  readonly requests?: readonly unknown[];
}

export type RunEvent =
  | { readonly type: 'property-start'; readonly id: string; readonly units: number }
  | { readonly type: 'unit-done'; readonly id: string; readonly unit: number; readonly runs: number; readonly failed: boolean }
  | { readonly type: 'property-done'; readonly result: PropertyResult };

export interface Shard {
  /** 1-based, as written on the command line (`--shard 2/4`). */
  readonly index: number;
  readonly count: number;
}

export interface RunOptions<A extends Adapter<object>> {
  readonly catalog: Catalog<A>;
  readonly subject: A;
  readonly oracle: A;
  readonly seed: number;
  /** Runs per property (default: the property's defaultRuns, else 100). */
  readonly runs?: number;
  /** Only these property ids (exact ids or prefixes ending in '.' or '*'). */
  readonly propertyIds?: readonly string[];
  /** Wall-clock budget for the whole catalog; properties share what remains. */
  readonly timeBudgetMs?: number;
  readonly shard?: Shard;
  /** Saved counterexamples (tagged JSON) per property id, replayed first. */
  readonly examples?: (propertyId: string) => readonly unknown[];
  /** Replays exactly one counterexample: fast-check seed and path of a failing unit (evaluated as is, never shrunk). */
  readonly replay?: { readonly seed: number; readonly path: string };
  /** Tries of every reported failure, each on a fresh subject (default 3; 1: no re-tries). */
  readonly flakyTries?: number;
  /** Distinct failures to report per property (default 8; 1: stop at the first). */
  readonly maxFindings?: number;
  /** How to rerun this catalog from the command line, e.g. "npx fairwire conform --component fast --adapter reference". */
  readonly replayCommand?: string;
  readonly onEvent?: (e: RunEvent) => void;
  /** Called once the runner knows how many work units this shard will execute. */
  readonly onPlan?: (units: number) => void;
  /**
   * Stops the run early (Ctrl-C): no new unit starts, the case in flight finishes, cases after
   * the abort are not run and not counted; what ran keeps its verdict, the rest is `not-run`.
   */
  readonly signal?: AbortSignal;
}

/** 32-bit FNV-1a of a string, mixed with a seed: stable across runs and machines. */
export function deriveSeed(seed: number, ...parts: (string | number)[]): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (const part of parts) {
    const s = `${String(part)}\u0000`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  // Final avalanche so nearby inputs give unrelated seeds.
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  return h | 0;
}

export function matchesIds(id: string, filters: readonly string[] | undefined): boolean {
  if (!filters || filters.length === 0) return true;
  return filters.some((f) => matchesFilter(id, f));
}

function matchesFilter(id: string, f: string): boolean {
  return f.endsWith('*') ? id.startsWith(f.slice(0, -1)) : f.endsWith('.') ? id.startsWith(f) : id === f;
}

/** The filters that select none of `ids` (a misspelled `--property` is a usage error, not an empty run). */
export function unmatchedFilters(ids: readonly string[], filters: readonly string[] | undefined): string[] {
  return (filters ?? []).filter((f) => !ids.some((id) => matchesFilter(id, f)));
}

/** Up to `max` ids closest to `wanted` (edit distance, then shared prefix), for "did you mean". */
export function closeIds(wanted: string, ids: readonly string[], max = 3): string[] {
  const w = wanted.replace(/[.*]+$/, '');
  const prefix = (id: string) => {
    let i = 0;
    while (i < id.length && i < w.length && id[i] === w[i]) i++;
    return i;
  };
  return [...ids]
    .map((id) => ({ id, d: editDistance(w, id), p: prefix(id) }))
    .sort((a, b) => a.d - b.d || b.p - a.p || a.id.localeCompare(b.id))
    .slice(0, max)
    .map((x) => x.id);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

interface Unit {
  readonly index: number;
  readonly runs: number;
}

function unitsOf(totalRuns: number): Unit[] {
  const n = Math.max(1, Math.min(UNITS_PER_PROPERTY, totalRuns));
  const base = Math.floor(totalRuns / n);
  const extra = totalRuns % n;
  return Array.from({ length: n }, (_, i) => ({ index: i, runs: base + (i < extra ? 1 : 0) }));
}

/**
 * The round-robin unit list (unit 0 of every property in catalog order, then unit 1, ...), and
 * the shard's share of it: every N-th entry. Exported for the shard tests.
 */
export function planUnits(unitCounts: readonly number[], shard?: Shard): { property: number; unit: number }[] {
  const order: { property: number; unit: number }[] = [];
  const rounds = Math.max(0, ...unitCounts);
  for (let u = 0; u < rounds; u++) for (let p = 0; p < unitCounts.length; p++) if (u < unitCounts[p]!) order.push({ property: p, unit: u });
  return shard ? order.filter((_, g) => g % shard.count === shard.index - 1) : order;
}

function missingCapabilities(p: Property<any, any>, caps: object): string[] {
  const c = caps as Record<string, unknown>;
  return p.requires.filter((r) => c[r] !== true);
}

/** One property's state while its units run. */
interface Running<A extends Adapter<object>> extends UnitState<A> {
  readonly p: Property<A, any>;
  readonly units: Unit[];
  readonly runsAsked: number;
  started?: number;
  elapsed: number;
  unitsDone: number;
  done?: PropertyResult;
  readonly figures: FigureAccumulator | undefined;
}

/** Runs a catalog against a subject with the oracle beside it; never throws for a subject's fault. */
export async function runCatalog<A extends Adapter<object>>(opts: RunOptions<A>): Promise<PropertyResult[]> {
  const selected = opts.catalog.filter((p) => matchesIds(p.id, opts.propertyIds));
  const allUnits = selected.map((p) => unitsOf(opts.replay ? 1 : (opts.runs ?? p.defaultRuns ?? DEFAULT_RUNS)));
  const order = planUnits(
    allUnits.map((u) => u.length),
    opts.shard,
  );
  const mine = selected.map((p, i) => ({ p, units: order.filter((o) => o.property === i).map((o) => allUnits[i]![o.unit]!) }));
  const tries = Math.max(1, Math.floor(opts.flakyTries ?? DEFAULT_FLAKY_TRIES));
  const maxFindings = Math.max(1, Math.floor(opts.maxFindings ?? DEFAULT_MAX_FINDINGS));
  // The oracle's own faults are fairwire bugs: never the subject's (oracle-guard.ts).
  const oracle = guardOracle(opts.oracle);

  const results = new Map<number, PropertyResult>();
  const running = new Map<number, Running<A>>();
  const finish = (i: number, r: PropertyResult) => {
    results.set(i, r);
    opts.onEvent?.({ type: 'property-done', result: r });
  };
  mine.forEach(({ p, units }, i) => {
    if (units.length === 0) return;
    const runsAsked = units.reduce((n, u) => n + u.runs, 0);
    const base = { id: p.id, component: p.component, title: p.title, runsAsked };
    const missing = missingCapabilities(p, opts.subject.capabilities);
    if (missing.length > 0) {
      finish(i, { ...base, status: 'skipped', runs: 0, seed: opts.seed, reason: `subject lacks capabilities: ${missing.join(', ')}`, durationMs: 0 });
      return;
    }
    const measuring = { on: false };
    const figures = p.measure ? new FigureAccumulator(p.figures ?? {}) : undefined;
    const ctx: CaseContext<A> = { p: measured(p, measuring, figures, () => pred?.lastThrown !== undefined), subject: opts.subject, oracle, ...(opts.signal ? { signal: opts.signal } : {}) };
    let pred: ReturnType<typeof makePredicate> | undefined;
    try {
      pred = makePredicate(ctx);
    } catch (err) {
      finish(i, { ...base, status: 'failed', runs: 0, seed: opts.seed, message: `could not build the generator: ${describeError(err)}`, signature: 'generator-error', durationMs: 0 });
      return;
    }
    running.set(i, { p, units, runsAsked, ctx, pred, measuring, figures, found: [], elapsed: 0, runs: 0, skips: 0, unitsDone: 0, interrupted: false, gaveUp: false });
  });
  const queue = order.filter((o) => running.has(o.property));
  opts.onPlan?.(queue.length);

  const stoppedBy = () => (opts.signal?.aborted ? 'the run was interrupted' : 'the time budget ran out');
  const deadline = opts.timeBudgetMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + opts.timeBudgetMs;
  for (let q = 0; q < queue.length; q++) {
    const { property: i, unit: u } = queue[q]!;
    const r = running.get(i)!;
    if (r.done) continue;
    const unit = allUnits[i]![u]!;
    // An equal share of what remains for every unit still to run (finished properties free theirs).
    let pending = 0;
    for (let k = q; k < queue.length; k++) if (!running.get(queue[k]!.property)!.done) pending++;
    const remaining = deadline - Date.now();
    if (remaining <= 0 || opts.signal?.aborted) {
      r.interrupted = true;
      continue;
    }
    if (r.started === undefined) {
      r.started = Date.now();
      opts.onEvent?.({ type: 'property-start', id: r.p.id, units: r.units.length });
    }
    const unitStarted = Date.now();
    const runsBefore = r.runs;
    let failed: boolean;
    if (opts.replay) {
      await replayCase(r, opts.replay, tries);
      failed = r.found.length > 0;
    } else {
      failed = await runUnitSearch(r, {
        seed: deriveSeed(opts.seed, r.p.id, unit.index),
        runs: unit.runs,
        examples: unit.index === 0 ? (opts.examples?.(r.p.id) ?? []) : [],
        timeLimitMs: Math.min(remaining / pending, UNIT_TIME_LIMIT_MS),
        tries,
        maxFindings,
        stopAtFirst: r.p.expectedFailure !== undefined,
      });
    }
    r.elapsed += Date.now() - unitStarted;
    r.unitsDone++;
    opts.onEvent?.({ type: 'unit-done', id: r.p.id, unit: unit.index, runs: r.runs - runsBefore, failed });
    // Decided: an expected failure was seen, the findings cap is reached, or no unit is left.
    const decided = (r.found.length > 0 && (r.p.expectedFailure !== undefined || distinctSignatures(r) >= maxFindings)) || r.unitsDone === r.units.length;
    if (decided) r.done = r.found.length > 0 ? failureResult(r, opts, tries, maxFindings) : verdictWithoutFailure(r, opts.seed, stoppedBy());
    if (r.done) finish(i, r.done);
  }
  // Properties the budget stopped before their last unit.
  for (const [i, r] of running) {
    if (r.done) continue;
    r.interrupted = true;
    r.done = r.found.length > 0 ? failureResult(r, opts, tries, maxFindings) : verdictWithoutFailure(r, opts.seed, stoppedBy());
    finish(i, r.done);
  }
  return [...results.keys()].sort((a, b) => a - b).map((i) => results.get(i)!);
}

function distinctSignatures(r: { readonly found: readonly Found[] }): number {
  return new Set(r.found.map((f) => f.signature)).size;
}

/**
 * The property as the runner runs it: when it measures, its check hands each passing case's
 * observation to the accumulator — while the unit's search runs (measuring.on) and its
 * fast-check run has not failed yet (`shrinking()`: after a failure, every call is a shrink step).
 */
function measured<A extends Adapter<object>>(p: Property<A, any, any>, measuring: { on: boolean }, figures: FigureAccumulator | undefined, shrinking: () => boolean): Property<A, any, any> {
  if (!figures || !p.measure) return p;
  const measure = p.measure;
  return {
    ...p,
    check: async (subject, oracle, input) => {
      const observed: unknown = await p.check(subject, oracle, input);
      if (measuring.on && !shrinking()) figures.record(() => measure(input, observed));
      return observed;
    },
  };
}

/** The figures a result carries: none where the whole run stops early in a way a shard cannot know. */
function figuresOf<A extends Adapter<object>>(r: Running<A>, maxFindings: number): { figures?: Figures } {
  if (r.p.expectedFailure !== undefined && r.found.length > 0) return {};
  if (distinctSignatures(r) >= maxFindings) return {};
  const f = r.figures?.result();
  return f ? { figures: f } : {};
}

/** A property that failed: its first finding is the result, the others are `findings`. */
function failureResult<A extends Adapter<object>>(r: Running<A>, opts: RunOptions<A>, tries: number, maxFindings: number): PropertyResult {
  const { p } = r;
  const [first, ...rest] = dedupeFound(r.found, maxFindings).map((f) => toFinding(p, f, opts.replayCommand, tries));
  const { status, ...fields } = first!;
  return {
    id: p.id,
    component: p.component,
    title: p.title,
    runs: r.runs,
    runsAsked: r.runsAsked,
    ...(r.skips > 0 ? { skips: r.skips } : {}),
    ...fields,
    durationMs: r.elapsed,
    ...(r.interrupted ? { interrupted: true } : {}),
    ...(p.expectedFailure ? { status: 'expected-failure', reason: p.expectedFailure.reason } : { status }),
    ...(rest.length > 0 ? { findings: rest } : {}),
    ...figuresOf(r, maxFindings),
  };
}

/** The verdict of a property none of whose units failed: passed, not-run, vacuous or unexpected-pass. */
function verdictWithoutFailure<A extends Adapter<object>>(r: Running<A>, runSeed: number, stoppedBy: string): PropertyResult {
  const { p } = r;
  const seed = deriveSeed(runSeed, p.id, r.units[0]!.index);
  const base = {
    id: p.id,
    component: p.component,
    title: p.title,
    runs: r.runs,
    runsAsked: r.runsAsked,
    ...(r.skips > 0 ? { skips: r.skips } : {}),
    seed,
    durationMs: r.elapsed,
    ...(r.interrupted ? { interrupted: true } : {}),
    ...figuresOf(r, Number.POSITIVE_INFINITY),
  };
  // Most generated cases discarded: the property said nothing about the subject.
  if (r.gaveUp || (r.skips > 0 && r.skips > r.runs)) {
    return {
      ...base,
      status: 'vacuous',
      reason: `${r.skips} of ${r.runs + r.skips} generated cases were discarded (fc.pre or the subject answered 'skipped'); ${r.runs} of ${r.runsAsked} asked ran`,
    };
  }
  if (r.runs === 0) {
    return {
      ...base,
      status: 'not-run',
      reason: r.interrupted ? `${stoppedBy} before any of its ${r.runsAsked} cases ran` : 'no case ran',
    };
  }
  if (p.expectedFailure) {
    if (r.runs < r.runsAsked) {
      return {
        ...base,
        status: 'not-run',
        reason: `expected to fail (${p.expectedFailure.reason}); ${stoppedBy} after ${r.runs}/${r.runsAsked} runs, before a counterexample`,
      };
    }
    return {
      ...base,
      status: 'unexpected-pass',
      reason: `expected to fail (${p.expectedFailure.reason}) but no counterexample was found in ${r.runs} runs`,
    };
  }
  return { ...base, status: 'passed' };
}

/** Exit code for a set of results: 3 on any adapter fault; 1 on a failure, an unexpected pass, a
 * property that did not run or was vacuous, or when every property was skipped; else 0. */
export function exitCodeOf(results: readonly PropertyResult[]): 0 | 1 | 3 {
  if (results.some(hasFault)) return 3;
  if (results.some((r) => FAILING_STATUSES.has(r.status))) return 1;
  if (allSkipped(results)) return 1;
  return 0;
}

/** The result, or one of its further findings, is an adapter fault (exit 3). */
export function hasFault(r: PropertyResult): boolean {
  return r.status === 'fault' || (r.findings ?? []).some((f) => f.status === 'fault');
}

/** True when there were properties and every one was skipped: nothing was checked. */
export function allSkipped(results: readonly PropertyResult[]): boolean {
  return results.length > 0 && results.every((r) => r.status === 'skipped');
}
