import type { RunReport, Summary } from './report.ts';
import { runsText, statusText, summaryLine } from './report-summary.ts';
import { FAILING_STATUSES, type PropertyResult } from './runner.ts';

/**
 * What changed between two runs of a vendor (`fairwire report diff OLD NEW`), as
 * spec/report-diff.schema.json defines it. A property is *failing* when its status is one that
 * fails a run (failed, flaky, fault, unexpected-pass, not-run, vacuous; a known failure too —
 * the expectations file lists it, it still fails). A failure is identified by its property and
 * signature (every finding's), or by the status alone for those that carry none (not-run,
 * vacuous, unexpected-pass): NEW *regresses* when it has a failure OLD did not have.
 */
export interface ReportDiff {
  readonly schemaVersion: 1;
  readonly old: RunHeader;
  readonly new: RunHeader;
  /** Why the two runs are not like for like (seed, adapter, components, shard, runs): changes may come from that. */
  readonly caveats: readonly string[];
  /** NEW has a failure OLD did not have: `report diff` exits 1. */
  readonly regression: boolean;
  /** Not failing in OLD (or absent from it), failing in NEW. */
  readonly newFailures: readonly Change[];
  /** Failing in OLD, present and not failing in NEW. */
  readonly fixed: readonly Change[];
  /** Other status changes of a property in both runs (failed → flaky, passed → skipped, ...). */
  readonly statusChanges: readonly Change[];
  /** Failing in both, with a different set of signatures. */
  readonly signatureChanges: readonly SignatureChange[];
  readonly added: readonly Side[];
  readonly removed: readonly Side[];
  /** Cases run or asked differ (a time budget, --runs, a changed default). */
  readonly runChanges: readonly RunChange[];
  /** Properties in both runs with nothing above to say. */
  readonly unchanged: number;
}

export interface RunHeader {
  readonly adapter: string;
  readonly seed: number;
  readonly startedAt: string;
  readonly exitCode: number;
  readonly summary: Summary;
  readonly shard: { readonly index: number; readonly count: number } | null;
}

/** One property's state in one run. */
export interface Side {
  readonly id: string;
  /** `failed`, `flaky (2/3)`, `failed (known)`, ... */
  readonly status: string;
  readonly signatures: readonly string[];
  /** The first line of the failure message, when failing. */
  readonly message?: string;
}

export interface Change {
  readonly id: string;
  readonly from: Side | null;
  readonly to: Side | null;
}

export interface SignatureChange {
  readonly id: string;
  readonly status: string;
  readonly appeared: readonly string[];
  readonly disappeared: readonly string[];
}

export interface RunChange {
  readonly id: string;
  readonly from: string;
  readonly to: string;
}

const failing = (r: PropertyResult) => FAILING_STATUSES.has(r.status);

/** The failure identities of a result: each finding's signature, or the status when it has none. */
function failureKeys(r: PropertyResult): string[] {
  if (!failing(r)) return [];
  const sigs = [r.signature, ...(r.findings ?? []).map((f) => f.signature)].filter((s): s is string => s !== undefined);
  return sigs.length > 0 ? [...new Set(sigs)] : [`(${r.status})`];
}

function side(r: PropertyResult & { readonly known?: boolean }): Side {
  const message = failing(r) ? (r.message ?? r.reason)?.split('\n')[0] : undefined;
  return { id: r.id, status: `${statusText(r)}${r.known ? ' (known)' : ''}`, signatures: failureKeys(r), ...(message ? { message } : {}) };
}

function header(r: RunReport): RunHeader {
  return { adapter: r.adapter.spec, seed: r.seed, startedAt: r.startedAt, exitCode: r.exitCode, summary: r.summary, shard: r.shard };
}

function caveatsOf(a: RunReport, b: RunReport): string[] {
  const out: string[] = [];
  if (a.seed !== b.seed) out.push(`different seeds (${a.seed} and ${b.seed}): the runs generated different cases`);
  if (a.adapter.spec !== b.adapter.spec) out.push(`different adapters (${a.adapter.spec} and ${b.adapter.spec})`);
  if (a.components.join(',') !== b.components.join(',')) out.push(`different components (${a.components.join(', ')} and ${b.components.join(', ')})`);
  const shard = (r: RunReport) => (r.shard ? `shard ${r.shard.index}/${r.shard.count}` : 'the whole run');
  if (shard(a) !== shard(b)) out.push(`different slices (${shard(a)} and ${shard(b)})`);
  if (a.runs !== b.runs) out.push(`different --runs (${a.runs ?? 'default'} and ${b.runs ?? 'default'})`);
  for (const [label, r] of [['OLD', a], ['NEW', b]] as const) if (r.error) out.push(`${label} stopped early: ${r.error}`);
  return out;
}

export function diffReports(oldReport: RunReport, newReport: RunReport): ReportDiff {
  const before = new Map(oldReport.results.map((r) => [r.id, r]));
  const after = new Map(newReport.results.map((r) => [r.id, r]));
  const newFailures: Change[] = [];
  const fixed: Change[] = [];
  const statusChanges: Change[] = [];
  const signatureChanges: SignatureChange[] = [];
  const added: Side[] = [];
  const runChanges: RunChange[] = [];
  let unchanged = 0;
  let regression = false;
  for (const n of newReport.results) {
    const o = before.get(n.id);
    if (!o) {
      added.push(side(n));
      if (failing(n)) {
        newFailures.push({ id: n.id, from: null, to: side(n) });
        regression = true;
      }
      continue;
    }
    const [from, to] = [side(o), side(n)];
    let changed = true;
    if (!failing(o) && failing(n)) newFailures.push({ id: n.id, from, to });
    else if (failing(o) && !failing(n)) fixed.push({ id: n.id, from, to });
    else if (from.status !== to.status) statusChanges.push({ id: n.id, from, to });
    else changed = false;
    const oldKeys = new Set(from.signatures);
    const newKeys = new Set(to.signatures);
    // Every failure identity of NEW that OLD lacks: a new bug, even in a property that was failing already.
    const appeared = to.signatures.filter((k) => !oldKeys.has(k));
    if (appeared.length > 0) regression = true;
    if (failing(o) && failing(n)) {
      const disappeared = from.signatures.filter((k) => !newKeys.has(k));
      if (appeared.length > 0 || disappeared.length > 0) {
        signatureChanges.push({ id: n.id, status: to.status, appeared, disappeared });
        changed = true;
      }
    }
    if (o.runs !== n.runs || o.runsAsked !== n.runsAsked) {
      runChanges.push({ id: n.id, from: runsText(o), to: runsText(n) });
      changed = true;
    }
    if (!changed) unchanged++;
  }
  const removed = oldReport.results.filter((r) => !after.has(r.id)).map(side);
  return {
    schemaVersion: 1,
    old: header(oldReport),
    new: header(newReport),
    caveats: caveatsOf(oldReport, newReport),
    regression,
    newFailures,
    fixed,
    statusChanges,
    signatureChanges,
    added,
    removed,
    runChanges,
    unchanged,
  };
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const sigs = (s: Side) => s.signatures.map(code).join(', ');

/**
 * Markdown for release notes and CI comments: a headline (regression or not), then one section
 * per kind of change, each line a property. Empty sections are left out.
 */
export function diffMarkdown(d: ReportDiff): string {
  const out: string[] = [];
  const run = (label: string, h: RunHeader) =>
    `- ${label}: ${code(h.adapter)}, seed ${h.seed}${h.shard ? `, shard ${h.shard.index}/${h.shard.count}` : ''}, started ${h.startedAt}, exit ${h.exitCode} — ${summaryLine(h.summary)}`;
  out.push('## fairwire report diff', '', run('OLD', d.old), run('NEW', d.new), '');
  const failingNew = d.newFailures.length + d.signatureChanges.filter((s) => s.appeared.length > 0).length;
  out.push(d.regression ? `**Regression**: NEW has failures OLD did not have (${failingNew} ${failingNew === 1 ? 'property' : 'properties'}).` : '**No regression**: every failure of NEW was already in OLD.');
  if (d.caveats.length > 0) out.push('', ...d.caveats.map((c) => `> note: ${c}`));
  const section = (title: string, lines: readonly string[]) => {
    if (lines.length > 0) out.push('', `### ${title} (${lines.length})`, '', ...lines);
  };
  const arrow = (c: Change) => `${c.from ? c.from.status : '(new property)'} → ${c.to ? c.to.status : '(removed)'}`;
  section(
    'New failures',
    d.newFailures.map((c) => `- ${code(c.id)} ${arrow(c)}: ${sigs(c.to!)}${c.to!.message ? ` — ${c.to!.message}` : ''}`),
  );
  section(
    'Fixed',
    d.fixed.map((c) => `- ${code(c.id)} ${arrow(c)} (was ${sigs(c.from!)})`),
  );
  section(
    'Status changes',
    d.statusChanges.map((c) => `- ${code(c.id)} ${arrow(c)}`),
  );
  section(
    'Signature changes of still-failing properties',
    d.signatureChanges.map(
      (s) => `- ${code(s.id)} (${s.status}):${s.appeared.length ? ` new ${s.appeared.map(code).join(', ')}` : ''}${s.appeared.length && s.disappeared.length ? ';' : ''}${s.disappeared.length ? ` gone ${s.disappeared.map(code).join(', ')}` : ''}`,
    ),
  );
  section(
    'Properties added',
    d.added.map((s) => `- ${code(s.id)} (${s.status})`),
  );
  section(
    'Properties removed',
    d.removed.map((s) => `- ${code(s.id)} (was ${s.status})`),
  );
  section(
    'Run counts',
    d.runChanges.map((r) => `- ${code(r.id)} ${r.from} → ${r.to}`),
  );
  out.push('', `Unchanged: ${d.unchanged} ${d.unchanged === 1 ? 'property' : 'properties'}.`, '');
  return out.join('\n');
}
