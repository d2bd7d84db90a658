import { allComponents, componentEntry } from './catalogs.ts';
import { mergeFigures, type Figures } from './figures.ts';
import { gate, gatingFailed, loadExpectations } from './expectations.ts';
import type { RunReport } from './report.ts';
import { summarize } from './report-summary.ts';
import { allSkipped, deriveSeed, DEFAULT_MAX_FINDINGS, exitCodeOf, hasFault, planUnits, type Finding, type PropertyResult } from './runner.ts';

/**
 * `fairwire report merge`: the report.json files of the N shards of one `conform --shard K/N` run
 * become the report of the whole run. The runner cuts each property's runs into units and deals
 * the round-robin unit list out to the shards (runner.ts), so a property's units may sit in
 * several shards; its parts are put back together here as the unsharded runner would have:
 * - runs, cases asked, discards and time add up; interrupted if any part was;
 * - the verdict: a failure if any part failed; else vacuous, not-run or passed from the totals;
 * - failures: every part's findings, ordered by the unit that found them (a finding's seed names
 *   its unit: deriveSeed(run seed, id, unit)), one per signature (the earliest unit's), at most 8.
 *   Each unit searches on its own (runner-unit.ts: it does not know what earlier units found),
 *   so a unit finds the same in a shard as in the whole run, and this is exactly the unsharded
 *   run's list, which is deduped the same way;
 * - figures (Property.measure): counts, sums and histograms add, min/max fold (figures.ts), so
 *   they are the unsharded run's — except where the whole run stops early: an expected failure
 *   that failed, and a property at the findings cap carry none, in both;
 * - gating (--expect): judged again over the merged results, from the same expectations file;
 * - summary and exit code recomputed as conform computes them.
 * An expected failure stops at its first counterexample in the whole run but not in the shards
 * that held its later units: their runs are not counted (the unit plan says which units each
 * shard held). A property that reaches 8 signatures stops early too; the shards do not know it
 * and the merged report then counts the runs they did, more than the whole run would have (its
 * findings are still the same: the first 8 signatures in unit order lie in the units the whole
 * run ran).
 */
export class MergeRefusal extends Error {
  override readonly name = 'MergeRefusal';
}

export interface ShardReport {
  /** Where it was read from, for messages. */
  readonly file: string;
  readonly report: RunReport;
}

/** The fields of a run every shard must agree on, with how to show them. */
const AGREE: readonly [string, (r: RunReport) => string][] = [
  ['seed', (r) => String(r.seed)],
  ['adapter', (r) => r.adapter.spec],
  ['shard count N', (r) => String(r.shard?.count)],
  ['components', (r) => r.components.join(', ')],
  ['--runs', (r) => String(r.runs ?? 'default')],
  ['fairwire version', (r) => r.tool.version],
  ['expectations file', (r) => r.gating?.file ?? '(none)'],
];

/** Refuses shards that are not the complete set of one run: every problem, one line each. */
export function checkShards(shards: readonly ShardReport[]): void {
  const problems: string[] = [];
  if (shards.length === 0) throw new MergeRefusal('no shard reports to merge');
  for (const s of shards) if (!s.report.shard) problems.push(`${s.file}: not a shard (its run had no --shard K/N)`);
  if (problems.length > 0) throw new MergeRefusal(problems.join('\n'));
  for (const [what, show] of AGREE) {
    const values = new Map<string, string[]>();
    for (const s of shards) values.set(show(s.report), [...(values.get(show(s.report)) ?? []), s.file]);
    if (values.size > 1) {
      const hint = what === 'seed' ? ' (give every shard the same --seed: without one each picks its own)' : '';
      problems.push(`the shards are not of one run: different ${what}: ${[...values].map(([v, fs]) => `${v} (${fs.join(', ')})`).join(' vs ')}${hint}`);
    }
  }
  if (problems.length > 0) throw new MergeRefusal(problems.join('\n'));
  const n = shards[0]!.report.shard!.count;
  const byIndex = new Map<number, string[]>();
  for (const s of shards) byIndex.set(s.report.shard!.index, [...(byIndex.get(s.report.shard!.index) ?? []), s.file]);
  for (const [k, fs] of byIndex) if (fs.length > 1) problems.push(`shard ${k}/${n} given ${fs.length} times: ${fs.join(', ')}`);
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length > 0) problems.push(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${n}`).join(', ')}: a merge of part of a run would pass what never ran`);
  if (problems.length > 0) throw new MergeRefusal(problems.join('\n'));
}

type Result = PropertyResult & { readonly known?: boolean };

/** The fields of a result that are its first finding (runner.ts failureResult spreads them in). */
const FINDING_KEYS = ['signature', 'message', 'seed', 'path', 'counterexample', 'counterexampleData', 'replay', 'tries', 'explanation', 'stderrTail', 'requests'] as const;

const FAILURE_STATUSES = new Set(['failed', 'fault', 'flaky']);

/** A failing result's first finding, as a Finding. */
function firstFinding(r: Result): Finding {
  const f: Record<string, unknown> = { status: r.status };
  for (const k of FINDING_KEYS) if (r[k] !== undefined) f[k] = r[k];
  return f as unknown as Finding;
}

/** runner.ts UNITS_PER_PROPERTY: a property's runs are cut into at most this many units. */
const UNITS_PER_PROPERTY = 4;

/** The runs of each unit of a property asked `total` runs (runner.ts unitsOf). */
function unitSizes(total: number): number[] {
  const n = Math.max(1, Math.min(UNITS_PER_PROPERTY, total));
  return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
}

/** The unit of a property a seed belongs to (runner.ts deriveSeed), or Infinity when none does. */
function unitOf(runSeed: number, id: string, seed: number): number {
  for (let u = 0; u < UNITS_PER_PROPERTY; u++) if (deriveSeed(runSeed, id, u) === seed) return u;
  return Number.POSITIVE_INFINITY;
}

/** One shard's result for a property, with the units of it that shard held. */
interface Part {
  readonly r: Result;
  readonly units: readonly number[];
}

/** One property's parts (one per shard that ran units of it, in shard order), put back together. */
function mergeProperty(runSeed: number, held: readonly Part[]): Result {
  const parts = held.map((p) => p.r);
  const first = parts[0]!;
  if (parts.length === 1) {
    const { known: _known, ...only } = first;
    return only;
  }
  const id = first.id;
  const sum = (f: (r: Result) => number) => parts.reduce((n, r) => n + f(r), 0);
  const runsAsked = sum((r) => r.runsAsked);
  const skips = sum((r) => r.skips ?? 0);
  const durationMs = sum((r) => r.durationMs);
  const interrupted = parts.some((r) => r.interrupted);
  const tail = { durationMs, ...(interrupted ? { interrupted: true as const } : {}) };
  const base = { id, component: first.component, title: first.title };
  const counted = (runs: number) => ({ runs, runsAsked, ...(skips > 0 ? { skips } : {}) });
  const runs = sum((r) => r.runs);
  const counts = counted(runs);

  if (parts.every((r) => r.status === 'skipped')) return { ...base, ...counts, status: 'skipped', seed: runSeed, ...(first.reason ? { reason: first.reason } : {}), durationMs: 0 };

  const failing = parts.filter((r) => FAILURE_STATUSES.has(r.status) || r.status === 'expected-failure');
  if (failing.length > 0) {
    // Every finding of every part with the unit that found it; the earliest unit's per signature.
    const all = failing.flatMap((r) => [firstFinding(r), ...(r.findings ?? [])].map((f, k) => ({ f, unit: unitOf(runSeed, id, f.seed), k, part: r })));
    all.sort((a, b) => a.unit - b.unit || parts.indexOf(a.part) - parts.indexOf(b.part) || a.k - b.k);
    const seen = new Set<string>();
    const distinct = all.filter((x) => !seen.has(x.f.signature) && seen.add(x.f.signature));
    const kept = distinct.slice(0, DEFAULT_MAX_FINDINGS);
    // At the findings cap the whole run stopped early: no figures, as the runner gives none there.
    const figures = distinct.length >= DEFAULT_MAX_FINDINGS ? {} : figuresOf(parts);
    const top = kept[0]!;
    const { status, ...fields } = top.f;
    const rest = kept.slice(1).map((x) => x.f);
    if (top.part.status === 'expected-failure') {
      const expected = { status: 'expected-failure' as const, ...(top.part.reason ? { reason: top.part.reason } : {}) };
      return { ...base, ...expectedFailureRuns(held, top.part, top.unit), ...fields, ...tail, ...expected } as Result;
    }
    return { ...base, ...counts, ...fields, ...tail, status, ...(rest.length > 0 ? { findings: rest } : {}), ...figures } as Result;
  }

  // No failure anywhere: the verdict from the totals, as runner.ts verdictWithoutFailure decides it.
  const seed = deriveSeed(runSeed, id, 0);
  const common = { ...base, ...counts, seed, ...tail, ...figuresOf(parts) };
  // A part that gave up on discards (vacuous with fewer discards than runs) makes the whole vacuous.
  const gaveUp = parts.some((r) => r.status === 'vacuous' && !((r.skips ?? 0) > r.runs));
  if (gaveUp || (skips > 0 && skips > runs)) {
    return { ...common, status: 'vacuous', reason: `${skips} of ${runs + skips} generated cases were discarded (fc.pre or the subject answered 'skipped'); ${runs} of ${runsAsked} asked ran` };
  }
  const stoppedBy = parts.some((r) => (r.reason ?? '').includes('the run was interrupted')) ? 'the run was interrupted' : 'the time budget ran out';
  if (runs === 0) return { ...common, status: 'not-run', reason: interrupted ? `${stoppedBy} before any of its ${runsAsked} cases ran` : 'no case ran' };
  const expectedReason = componentEntry(first.component)?.catalog.find((p) => p.id === id)?.expectedFailure?.reason;
  if (expectedReason !== undefined) {
    if (runs < runsAsked) return { ...common, status: 'not-run', reason: `expected to fail (${expectedReason}); ${stoppedBy} after ${runs}/${runsAsked} runs, before a counterexample` };
    return { ...common, status: 'unexpected-pass', reason: `expected to fail (${expectedReason}) but no counterexample was found in ${runs} runs` };
  }
  return { ...common, status: 'passed' };
}

/** The parts' figures added up exactly (figures.ts), when any part has some. */
function figuresOf(parts: readonly Result[]): { figures?: Figures } {
  const f = mergeFigures(parts.map((r) => r.figures));
  return f ? { figures: f } : {};
}

/**
 * The runs of an expected failure as the whole run counts them: it stops at its first
 * counterexample (found in unit `unit` by `found`), so the units after it never run; the other
 * shards' units before it ran in full. Counted so when no part was interrupted and none had
 * discards; otherwise the shards' own sum is all we know.
 */
function expectedFailureRuns(held: readonly Part[], found: Result, unit: number): { runs: number; runsAsked: number; skips?: number } {
  const runsAsked = held.reduce((n, p) => n + p.r.runsAsked, 0);
  const sizes = unitSizes(runsAsked);
  const skips = held.reduce((n, p) => n + (p.r.skips ?? 0), 0);
  const plain = (runs: number) => ({ runs, runsAsked, ...(skips > 0 ? { skips } : {}) });
  const summed = plain(held.reduce((n, p) => n + p.r.runs, 0));
  const others = held.filter((p) => p.r !== found);
  // Units before the first counterexample's ran in full in every shard (none of them failed).
  const exact = Number.isFinite(unit) && skips === 0 && held.every((p) => !p.r.interrupted);
  if (!exact) return summed;
  return plain(found.runs + others.reduce((n, p) => n + p.units.filter((u) => u < unit).reduce((m, u) => m + (sizes[u] ?? 0), 0), 0));
}

/** The catalog order of a component's ids (ids the catalog does not know keep their order, after). */
function catalogOrder(component: string, ids: readonly string[]): string[] {
  const catalog = componentEntry(component)?.catalog.map((p) => p.id) ?? [];
  const present = new Set(ids);
  return [...catalog.filter((id) => present.has(id)), ...ids.filter((id) => !catalog.includes(id))];
}

export interface MergeOptions {
  /** The merge's own command line, for the report's "Command:". */
  readonly command?: string;
}

/** Merges the shards of one run (checkShards first) into the report of the whole run. */
export function mergeShards(shards: readonly ShardReport[], o: MergeOptions = {}): RunReport {
  checkShards(shards);
  const ordered = [...shards].sort((a, b) => a.report.shard!.index - b.report.shard!.index).map((s) => s.report);
  const head = ordered[0]!;
  const results: Result[] = [];
  const n = head.shard!.count;
  for (const component of head.components) {
    const parts = new Map<string, { r: Result; shard: number }[]>();
    for (const r of ordered) for (const x of r.results) if (x.component === component) parts.set(x.id, [...(parts.get(x.id) ?? []), { r: x, shard: r.shard!.index }]);
    const ids = catalogOrder(component, [...parts.keys()]);
    // The runner's unit plan for this component (every selected property is in some shard): which units each shard held.
    const asked = ids.map((id) => parts.get(id)!.reduce((t, p) => t + p.r.runsAsked, 0));
    const held = new Map<string, number[]>();
    for (let k = 1; k <= n; k++) for (const u of planUnits(asked.map((a) => unitSizes(a).length), { index: k, count: n })) held.set(`${k} ${ids[u.property]}`, [...(held.get(`${k} ${ids[u.property]}`) ?? []), u.unit]);
    // Each shard must hold exactly the units the plan deals it: else the shards ran different selections (--property).
    if (!ordered.some((r) => r.error)) {
      for (let k = 1; k <= n; k++) {
        for (const [i, id] of ids.entries()) {
          if (id.endsWith('.adapter.start')) continue;
          const planned = (held.get(`${k} ${id}`) ?? []).reduce((t, u) => t + unitSizes(asked[i]!)[u]!, 0);
          const got = parts.get(id)!.find((p) => p.shard === k);
          if ((held.has(`${k} ${id}`) && !got) || (got && got.r.runsAsked !== planned)) {
            throw new MergeRefusal(
              `shard ${k}/${n} does not hold the part of ${id} that the plan of this run gives it (${got ? `${got.r.runsAsked} cases asked` : 'no result'}, the plan: ${planned}): were the shards run with different --property or --component selections?`,
            );
          }
        }
      }
    }
    for (const id of ids) {
      const ps = parts.get(id)!;
      // A vendor that did not start is one fault of its component in every shard: once, like the whole run.
      results.push(id.endsWith('.adapter.start') ? withoutKnown(ps[0]!.r) : mergeProperty(head.seed, ps.map((p) => ({ r: p.r, units: held.get(`${p.shard} ${id}`) ?? [] }))));
    }
  }

  // Gating, judged again over the whole run from the same expectations file.
  let gating: RunReport['gating'] = null;
  if (head.gating) {
    const knownIds = new Set(allComponents().flatMap((e) => e.catalog.map((p) => p.id)));
    try {
      gating = gate(head.gating.file, loadExpectations(head.gating.file, head.adapter.spec), results, knownIds);
    } catch (err) {
      throw new MergeRefusal(`the shards were gated by ${head.gating.file} (--expect), which cannot be read here to gate the whole run: ${(err as Error).message}`);
    }
  }
  const known = new Set(gating?.knownFailures ?? []);
  const marked: Result[] = results.map((r) => (known.has(r.id) ? { ...r, known: true } : r));

  // The same error in every shard (a vendor that cannot be loaded) is the whole run's, said once.
  const withError = ordered.filter((r) => r.error);
  const sameError = withError.length === ordered.length && new Set(withError.map((r) => r.error)).size === 1;
  const errors = sameError ? [withError[0]!.error!] : withError.map((r) => `shard ${r.shard!.index}/${r.shard!.count}: ${r.error}`);
  const interrupted = ordered.some((r) => r.error?.startsWith('interrupted'));
  const stopped = ordered.find((r) => r.error && !r.error.startsWith('interrupted'));
  let exitCode: 0 | 1 | 2 | 3 = stopped ? stopped.exitCode : exitCodeOf(results);
  if (interrupted && exitCode === 0) exitCode = 1;
  if ((!stopped || interrupted) && gating) {
    const other = results.some((r) => r.status === 'unexpected-pass' || r.status === 'not-run' || r.status === 'vacuous') || allSkipped(results);
    exitCode = results.some(hasFault) ? 3 : gatingFailed(gating) || other ? 1 : 0;
  }
  const note =
    errors.length === 0 && allSkipped(results)
      ? `not a pass: every selected property was skipped, so nothing was checked (${[...new Set(results.map((r) => r.reason ?? 'skipped'))].join('; ')})`
      : undefined;
  const variants = [...new Set(ordered.flatMap((r) => r.variants ?? []))];
  return {
    schemaVersion: 1,
    tool: head.tool,
    ...(o.command ? { command: o.command } : {}),
    seed: head.seed,
    runs: head.runs,
    shard: null,
    adapter: head.adapter,
    ...(variants.length > 0 ? { variants } : {}),
    components: head.components,
    startedAt: ordered.map((r) => r.startedAt).sort()[0]!,
    // The shards ran side by side: the whole run took as long as the longest.
    durationMs: Math.max(...ordered.map((r) => r.durationMs)),
    results: marked,
    gating,
    summary: summarize(results),
    exitCode,
    ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
    ...(note ? { note } : {}),
  };
}

function withoutKnown(r: Result): Result {
  const { known: _known, ...rest } = r;
  return rest;
}
