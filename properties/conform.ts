import type { Adapter } from '../adapters/adapter.ts';
import { option, shellWord } from './command-line.ts';
import { allComponents, componentEntry } from './catalogs.ts';
import { loadCorpus, saveCounterexample } from './corpus.ts';
import { fixExpectations, gate, gatingFailed, loadExpectations, saveExpectations } from './expectations.ts';
import { summarize, TOOL_VERSION, validateReport, writeReports, type RunReport } from './report.ts';
import { allSkipped, closeIds, DEFAULT_FLAKY_TRIES, exitCodeOf, hasFault, matchesIds, runCatalog, unmatchedFilters, type Finding, type PropertyResult, type RunEvent, type Shard } from './runner.ts';
import { AdapterFault } from '../adapters/fault.ts';
import { signatureOf } from './failure-signature.ts';
import { loadSubject } from './subject.ts';
import { variantsInForce } from '../adapters/fast.ts';

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
  /** Tries of every reported failure, each on a fresh subject (default 3; 1: no re-tries). */
  readonly flakyTries?: number;
  /** Per-request deadline for out-of-process vendors, ms (default: the manifest's, else 10 s). */
  readonly vendorTimeoutMs?: number;
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
    ...(o.vendorTimeoutMs ? [option('vendor-timeout', o.vendorTimeoutMs)] : []),
  ].join(' ');

  // The time budget is shared by every selected property of every component: each component gets
  // the share of what remains that its selected properties are of those still to run.
  const weights = entries.map((e) => e.catalog.filter((p) => matchesIds(p.id, o.propertyIds)).length);
  const results: PropertyResult[] = [];
  let adapterName = o.adapter;
  // Declared readings of documented ambiguities (spec/fast/variants.md), per component that has them.
  const variants: string[] = [];
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
        subject = await loadSubject(o.adapter, entry, o.vendorTimeoutMs ? { timeoutMs: o.vendorTimeoutMs } : {});
      } catch (err) {
        loadFault = (err as Error).name === 'AdapterFault';
        throw err;
      }
      adapterName = subject.name;
      variants.push(...variantsInForce(subject).map((v) => `${entry.component}.${v}`));
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
        ...(o.flakyTries !== undefined ? { flakyTries: o.flakyTries } : {}),
        examples: (id) => [...(o.extraExamples?.get(id) ?? []), ...(corpus.get(id) ?? [])],
        onEvent: (e) => o.onEvent?.(component, e),
        onPlan: (n) => o.onPlan?.(component, n),
        ...(o.signal ? { signal: o.signal } : {}),
      });
      results.push(...rs);
    } catch (err) {
      if (loadFault && err instanceof AdapterFault) {
        // The vendor died or hung before `ready`: a fault of the subject, counted as one, with
        // its stderr; the other components still get their own try.
        results.push(startFault(entry.component, err, o.seed));
        log(`fault: ${entry.component}: the adapter did not start: ${err.message.split('\n')[0]}`);
        loadFault = false;
        continue;
      }
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

  if (o.signal?.aborted && !error) error = 'interrupted: the properties marked not-run did not run (or not all their runs)';
  const interrupted = o.signal?.aborted === true;
  let exitCode: 0 | 1 | 2 | 3 = error && !interrupted ? (loadFault ? 3 : 2) : exitCodeOf(results);
  if (interrupted && exitCode === 0) exitCode = 1; // an interrupted run is never a pass
  if ((!error || interrupted) && gating) {
    const faults = results.some(hasFault);
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

  // Saved: every failed, flaky or faulting case (each finding too), replayed first next run. A
  // case found in a saved example has no seed replay line: its corpus file is the replay.
  const savedCounterexamples: string[] = [];
  const withReplays = new Map<PropertyResult, PropertyResult>();
  if (o.corpusDir) {
    const corpusDir = o.corpusDir;
    const save = <F extends PropertyResult | Finding>(r: PropertyResult, f: F): F => {
      if (!SAVED.has(f.status) || f.counterexampleData === undefined) return f;
      const file = saveCounterexample(corpusDir, o.adapter, { ...r, ...f, status: r.status });
      if (!file) return f;
      savedCounterexamples.push(file);
      const tries = f.status === 'flaky' ? ` ${option('flaky-tries', o.flakyTries ?? DEFAULT_FLAKY_TRIES)}` : '';
      return f.replay ? f : { ...f, replay: `npx fairwire replay ${shellWord(file)}${tries}` };
    };
    for (const r of results) {
      const top = save(r, r);
      withReplays.set(r, r.findings ? { ...top, findings: r.findings.map((f) => save(r, f)) } : top);
    }
  }
  const marked = results.map((r) => withReplays.get(r) ?? r).map((r) => (known.has(r.id) ? { ...r, known: true } : r));

  const report: RunReport = {
    schemaVersion: 1,
    tool: { name: 'fairwire', version: TOOL_VERSION },
    ...(o.command ? { command: o.command } : {}),
    seed: o.seed,
    runs: o.runs ?? null,
    shard: o.shard ?? null,
    adapter: { spec: o.adapter, name: adapterName },
    ...(variants.length > 0 ? { variants } : {}),
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
  const reportFiles = o.reportDir ? await writeReports(o.reportDir, report) : [];
  return { report, reportFiles, savedCounterexamples, expectationChanges };
}

/** Statuses whose counterexample is saved to the corpus. */
const SAVED = new Set<string>(['failed', 'flaky', 'fault']);

/** A vendor that died or hung before `ready`: one fault entry for the component, with its stderr. */
function startFault(component: string, err: AdapterFault, seed: number): PropertyResult {
  return {
    id: `${component}.adapter.start`,
    component,
    title: 'the adapter starts and completes the handshake',
    status: 'fault',
    runs: 0,
    runsAsked: 0,
    seed,
    message: `adapter fault${err.kind ? ` (${err.kind})` : ''}: ${err.message}`,
    signature: signatureOf(err),
    ...(err.stderrTail ? { stderrTail: err.stderrTail } : {}),
    ...(err.sent !== undefined ? { requests: [err.sent] } : {}),
    durationMs: 0,
  };
}
