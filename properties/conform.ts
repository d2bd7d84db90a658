import type { Adapter } from '../adapters/adapter.ts';
import { option, shellWord } from './command-line.ts';
import { allComponents, componentEntry } from './catalogs.ts';
import { loadCorpus, saveCounterexample } from './corpus.ts';
import { fixExpectations, gate, gatingFailed, loadExpectations, saveExpectations } from './expectations.ts';
import { summarize, TOOL_VERSION, validateReport, writeReports, type RunReport } from './report.ts';
import { allSkipped, closeIds, exitCodeOf, matchesIds, runCatalog, unmatchedFilters, type PropertyResult, type RunEvent, type Shard } from './runner.ts';
import { loadSubject } from './subject.ts';

/** Everything `fairwire conform` does, as a function the CLI, tests and cucumber share. */
export interface ConformOptions {
  readonly components: readonly string[];
  readonly adapter: string;
  readonly seed: number;
  readonly runs?: number;
  readonly propertyIds?: readonly string[];
  readonly timeBudgetMs?: number;
  readonly shard?: Shard;
  readonly replay?: { readonly seed: number; readonly path: string };
  readonly expectFile?: string;
  readonly fix?: boolean;
  readonly reportDir?: string;
  /** Corpus folder, or null to neither replay nor save counterexamples. */
  readonly corpusDir?: string | null;
  /** Extra inputs to replay first (e.g. `fairwire replay FILE`), by property id. */
  readonly extraExamples?: ReadonlyMap<string, readonly unknown[]>;
  readonly command?: string;
  readonly onEvent?: (component: string, e: RunEvent) => void;
  readonly onPlan?: (component: string, units: number) => void;
  readonly log?: (line: string) => void;
  /** Ctrl-C: stop early, keep what ran, write the reports (see RunOptions.signal). */
  readonly signal?: AbortSignal;
}

export interface ConformOutcome {
  readonly report: RunReport;
  readonly reportFiles: string[];
  readonly savedCounterexamples: string[];
  readonly expectationChanges: string[];
}

export class ConformUsageError extends Error {
  override readonly name = 'ConformUsageError';
}

export async function conform(o: ConformOptions): Promise<ConformOutcome> {
  const started = Date.now();
  const log = o.log ?? (() => {});
  const entries = o.components.map((c) => {
    const e = componentEntry(c);
    if (!e) throw new ConformUsageError(`unknown component '${c}' (known: ${allComponents().map((x) => x.component).join(', ')})`);
    return e;
  });
  // A filter that selects nothing is a typo, not an empty (green) run.
  const selectable = entries.flatMap((e) => e.catalog.map((p) => p.id));
  const unmatched = unmatchedFilters(selectable, o.propertyIds);
  if (unmatched.length > 0) {
    throw new ConformUsageError(
      unmatched
        .map((f) => `--property ${f} matches no property of ${o.components.join(', ')}; close ids: ${closeIds(f, selectable).join(', ') || 'none'}`)
        .join('\n'),
    );
  }
  const corpus = o.corpusDir ? loadCorpus(o.corpusDir, o.adapter, log) : new Map<string, unknown[]>();
  const replayCommand = [
    'npx fairwire conform',
    `--component ${o.components.length === 1 ? shellWord(o.components[0]!) : '<component>'}`,
    option('adapter', o.adapter),
    option('seed', o.seed),
  ].join(' ');

  // The time budget is shared by every selected property of every component: each component gets
  // the share of what remains that its selected properties are of those still to run.
  const weights = entries.map((e) => e.catalog.filter((p) => matchesIds(p.id, o.propertyIds)).length);
  const results: PropertyResult[] = [];
  let adapterName = o.adapter;
  let error: string | undefined;
  let loadFault = false;
  for (const [k, entry] of entries.entries()) {
    if (o.signal?.aborted) {
      error = `interrupted: ${entries.slice(k).map((e) => e.component).join(', ')} not run`;
      break;
    }
    const left = o.timeBudgetMs === undefined ? undefined : Math.max(0, o.timeBudgetMs - (Date.now() - started));
    const weightLeft = weights.slice(k).reduce((a, b) => a + b, 0);
    const budget = left === undefined ? undefined : weightLeft === 0 ? 0 : (left * weights[k]!) / weightLeft;
    let subject: Adapter<object> | undefined;
    let oracle: Adapter<object> | undefined;
    try {
      try {
        subject = await loadSubject(o.adapter, entry);
      } catch (err) {
        loadFault = (err as Error).name === 'AdapterFault';
        throw err;
      }
      adapterName = subject.name;
      oracle = await entry.reference();
      const component = entry.component;
      const rs = await runCatalog({
        catalog: entry.catalog,
        subject,
        oracle,
        seed: o.seed,
        replayCommand: replayCommand.replace('<component>', component),
        ...(o.runs !== undefined ? { runs: o.runs } : {}),
        ...(o.propertyIds ? { propertyIds: o.propertyIds } : {}),
        ...(budget !== undefined ? { timeBudgetMs: budget } : {}),
        ...(o.shard ? { shard: o.shard } : {}),
        ...(o.replay ? { replay: o.replay } : {}),
        examples: (id) => [...(o.extraExamples?.get(id) ?? []), ...(corpus.get(id) ?? [])],
        onEvent: (e) => o.onEvent?.(component, e),
        onPlan: (n) => o.onPlan?.(component, n),
        ...(o.signal ? { signal: o.signal } : {}),
      });
      results.push(...rs);
    } catch (err) {
      // Keep what was computed: the report is still written, with the error.
      error = `${entry.component}: ${(err as Error).message}`;
      log(`error: ${error}`);
      break;
    } finally {
      await subject?.close?.().catch(() => {});
      if (oracle !== subject) await oracle?.close?.().catch(() => {});
    }
  }

  const knownIds = new Set(allComponents().flatMap((e) => e.catalog.map((p) => p.id)));
  let gating = null as RunReport['gating'];
  let expectationChanges: string[] = [];
  if (o.expectFile) {
    const expectations = loadExpectations(o.expectFile, o.adapter);
    gating = gate(o.expectFile, expectations, results, knownIds);
    if (o.fix) {
      const { next, changes } = fixExpectations(expectations, gating, results, knownIds);
      expectationChanges = changes;
      if (changes.length > 0) saveExpectations(o.expectFile, next);
    }
  }
  const known = new Set(gating?.knownFailures ?? []);
  const marked = results.map((r) => (known.has(r.id) ? { ...r, known: true } : r));

  if (o.signal?.aborted && !error) error = 'interrupted: the properties marked not-run did not run (or not all their runs)';
  const interrupted = o.signal?.aborted === true;
  let exitCode: 0 | 1 | 2 | 3 = error && !interrupted ? (loadFault ? 3 : 2) : exitCodeOf(results);
  if (interrupted && exitCode === 0) exitCode = 1; // an interrupted run is never a pass
  if ((!error || interrupted) && gating) {
    const faults = results.some((r) => r.status === 'fault');
    // Not a pass whatever the list says: nothing ran, most cases discarded, an unexpected pass
    // of a documented expected failure, or every property skipped.
    const other = results.some((r) => r.status === 'unexpected-pass' || r.status === 'not-run' || r.status === 'vacuous') || allSkipped(results);
    // With --fix the list now says what is true, so list problems no longer fail the run.
    exitCode = faults ? 3 : (gatingFailed(gating) && !o.fix) || other ? 1 : 0;
  }
  const note =
    !error && allSkipped(results)
      ? `not a pass: every selected property was skipped, so nothing was checked (${[...new Set(results.map((r) => r.reason ?? 'skipped'))].join('; ')})`
      : undefined;

  const savedCounterexamples: string[] = [];
  if (o.corpusDir) {
    for (const r of results) {
      if (r.status === 'failed' && r.counterexampleData !== undefined) {
        const f = saveCounterexample(o.corpusDir, o.adapter, r);
        if (f) savedCounterexamples.push(f);
      }
    }
  }

  const report: RunReport = {
    schemaVersion: 1,
    tool: { name: 'fairwire', version: TOOL_VERSION },
    ...(o.command ? { command: o.command } : {}),
    seed: o.seed,
    runs: o.runs ?? null,
    shard: o.shard ?? null,
    adapter: { spec: o.adapter, name: adapterName },
    components: entries.map((e) => e.component),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    results: marked,
    gating,
    summary: summarize(results),
    exitCode,
    ...(error ? { error } : {}),
    ...(note ? { note } : {}),
  };
  validateReport(report);
  const reportFiles = o.reportDir ? writeReports(o.reportDir, report) : [];
  return { report, reportFiles, savedCounterexamples, expectationChanges };
}
