/**
 * `fairwire/vitest`: a property catalog inside the user's own vitest file, one `it` per property,
 * run by the same runner as `fairwire conform` (properties/runner.ts): the same per-property
 * seeds (so `--seed S` on the CLI finds the same counterexamples), shrinking, flaky re-tries,
 * findings, explanations and `replay:` lines.
 *
 *   import { describeConformance } from 'fairwire/vitest';
 *   describeConformance('matching', './my-engine.ts', { runs: 50 });
 *
 * Public names (H1's pack test and the README use them; keep them stable): describeConformance,
 * ConformanceOptions, ConformanceAdapter, ConformanceFailure, ConformanceStartError,
 * ConformanceUsageError, REPLAY_ENV, failureText.
 */
import { afterAll, beforeAll, describe, it, type TestContext } from 'vitest';
import type { Adapter } from '../adapters/adapter.ts';
import { option, shellWord } from '../properties/command-line.ts';
import { allComponents, componentEntry } from '../properties/catalogs.ts';
import type { ComponentEntry } from '../properties/components.ts';
import { gate, gatingFailed, loadExpectations, type Expectations } from '../properties/expectations.ts';
import { failureDetailLines, statusText } from '../properties/report.ts';
import { closeIds, FAILING_STATUSES, matchesIds, runCatalog, unmatchedFilters, type PropertyResult } from '../properties/runner.ts';
import { loadSubject } from '../properties/subject.ts';

/**
 * What to check: an adapter spec as `--adapter` takes it (`reference`, `mutant:<name>`,
 * `cmd:"<command line>"`, `vendor.json`, `./my-adapter.ts`), an adapter object, or a factory
 * `(component) => adapter` (called once per describe; what it returns is closed afterwards).
 */
export type ConformanceAdapter = string | Adapter<object> | ((component: string) => Adapter<object> | Promise<Adapter<object>>);

export interface ConformanceOptions {
  /** The run seed (default: $FAIRWIRE_SEED, else 1): the same seed as `conform --seed` gives the same cases. */
  readonly seed?: number;
  /** Runs per property (default: each property's own, usually 100). */
  readonly runs?: number;
  /** Only these property ids (exact, or prefixes ending in '.' or '*'); one that matches nothing is an error. */
  readonly properties?: readonly string[];
  /** Tries of every reported failure, each on a fresh subject (default 3; 1: no re-tries). */
  readonly flakyTries?: number;
  /** Per-request deadline of an out-of-process vendor, ms (`--vendor-timeout`). */
  readonly vendorTimeoutMs?: number;
  /** Known failures (`--expect FILE`): a listed property failing with its signature passes as known. */
  readonly expectations?: string;
  /**
   * How the CLI loads this adapter (e.g. `./my-adapter.ts`), for the `replay:` lines of an adapter
   * given as an object or factory. Without it those lines rerun the failure in vitest instead.
   */
  readonly adapterSpec?: string;
  /** Per-property test timeout, ms (default 10 minutes: a catalog is far slower than a unit test). */
  readonly timeoutMs?: number;
}

/**
 * `FAIRWIRE_REPLAY=<property id>@<seed>:<path>`: rerun exactly that counterexample (never shrunk
 * further, tried flakyTries times); the describe's other properties are skipped.
 */
export const REPLAY_ENV = 'FAIRWIRE_REPLAY';
const DEFAULT_SEED = 1;
const DEFAULT_TIMEOUT_MS = 600_000;
const START_TIMEOUT_MS = 120_000;

/** A property that did not hold: the message is what `fairwire conform` prints for it. */
export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';
  constructor(readonly result: PropertyResult, text: string) {
    super(text);
    // The runner's internals say nothing useful; the text is the report.
    this.stack = `${this.name}: ${text}`;
  }
}

/** The adapter could not be loaded or started (every property of the describe fails with it). */
export class ConformanceStartError extends Error {
  override readonly name = 'ConformanceStartError';
  constructor(message: string) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}

/** A bad call (unknown component, a property filter that matches nothing, a malformed FAIRWIRE_REPLAY). */
export class ConformanceUsageError extends Error {
  override readonly name = 'ConformanceUsageError';
}

/**
 * Declares `describe('<component> conformance: <adapter> (seed S)')` with one `it` per property of
 * the component's catalog. Statuses as in `fairwire conform`: passed and expected-failure pass,
 * skipped (a capability the adapter does not declare) is a skipped test with its reason, every
 * other status fails with the CLI's text; a describe whose every property was skipped fails in
 * afterAll (nothing was checked).
 */
export function describeConformance(component: string, adapter: ConformanceAdapter, options: ConformanceOptions = {}): void {
  const entry = componentEntry(component);
  if (!entry) throw new ConformanceUsageError(`unknown component '${component}' (known: ${allComponents().map((e) => e.component).join(', ')})`);
  const ids = entry.catalog.map((p) => p.id);
  const unmatched = unmatchedFilters(ids, options.properties);
  if (unmatched.length > 0) {
    throw new ConformanceUsageError(unmatched.map((f) => `properties: '${f}' matches no property of ${component}; close ids: ${closeIds(f, ids).join(', ')}`).join('\n'));
  }
  const seed = options.seed ?? seedFromEnv() ?? DEFAULT_SEED;
  const replay = replayFromEnv(ids);
  const spec = typeof adapter === 'string' ? adapter : options.adapterSpec;
  const label = typeof adapter === 'string' ? adapter : typeof adapter === 'function' ? (options.adapterSpec ?? 'adapter factory') : adapter.name;
  const expectations = options.expectations ? loadExpectations(options.expectations, spec ?? label) : undefined;
  const selected = entry.catalog.filter((p) => matchesIds(p.id, options.properties));

  describe.sequential(`${component} conformance: ${label} (seed ${seed})`, () => {
    let subject: Adapter<object> | undefined;
    let oracle: Adapter<object> | undefined;
    let ownSubject = false;
    let startError: unknown;
    let ended = false;
    const results: PropertyResult[] = [];

    beforeAll(async () => {
      try {
        if (typeof adapter === 'string') {
          subject = await loadSubject(adapter, entry, options.vendorTimeoutMs ? { timeoutMs: options.vendorTimeoutMs } : {});
          ownSubject = true;
        } else if (typeof adapter === 'function') {
          subject = await adapter(component);
          ownSubject = true;
        } else subject = adapter;
        if (subject.component !== component) throw new ConformanceUsageError(`the adapter implements '${subject.component}', not '${component}'`);
        oracle = await entry.reference();
        // Started after afterAll gave up waiting (a hook timeout): close it now, never leave it running.
        if (ended) await closeAll();
      } catch (err) {
        // Reported by every `it` (an adapter that did not start fails each property, never skips it).
        startError = err;
      }
    }, START_TIMEOUT_MS);

    const closeAll = async () => {
      if (ownSubject) await subject?.close?.().catch(() => {});
      if (oracle !== subject) await oracle?.close?.().catch(() => {});
    };

    afterAll(async () => {
      ended = true;
      await closeAll();
      // An entry naming no property at all is stale, as in `conform --expect` (entries of other components are theirs).
      const known = new Set(allComponents().flatMap((e) => e.catalog.map((p) => p.id)));
      const unknown = (expectations?.failures ?? []).filter((f) => !known.has(f.property)).map((f) => f.property);
      if (unknown.length > 0) throw new Error(`${options.expectations}: stale entries, no such property: ${unknown.join(', ')}`);
      if (results.length > 0 && results.every((r) => r.status === 'skipped')) {
        const why = [...new Set(results.map((r) => r.reason ?? 'skipped'))].join('; ');
        throw new Error(`not a pass: every property of the ${component} catalog that ran was skipped, so nothing was checked (${why})`);
      }
    });

    for (const p of selected) {
      it(`${p.id}: ${p.title}`, { timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS }, async (ctx: TestContext) => {
        if (replay && replay.property !== p.id) ctx.skip(`${REPLAY_ENV} replays ${replay.property} only`);
        if (startError !== undefined || !subject || !oracle) {
          throw new ConformanceStartError(`the ${component} adapter (${label}) did not start: ${startError instanceof Error ? `${startError.name}: ${startError.message}` : String(startError)}`);
        }
        const [r] = await runCatalog({
          catalog: entry.catalog,
          subject,
          oracle,
          seed,
          propertyIds: [p.id],
          ...(options.runs !== undefined ? { runs: options.runs } : {}),
          ...(options.flakyTries !== undefined ? { flakyTries: options.flakyTries } : {}),
          ...(replay ? { replay: { seed: replay.seed, path: replay.path } } : {}),
          ...(spec ? { replayCommand: cliReplayCommand(component, spec, seed, options.vendorTimeoutMs) } : {}),
          // A timeout or a cancelled run stops after the case in flight: the shared subject is never driven by two tests at once.
          signal: ctx.signal,
        });
        if (!r) throw new Error(`the runner returned no result for ${p.id}`);
        const result = spec ? r : withVitestReplay(r, ctx);
        results.push(result);
        await judge(result, ctx, expectations && { file: options.expectations!, list: expectations, entry });
      });
    }
  });
}

/** Passes, skips or throws for one property's result, as `fairwire conform` would count it. */
async function judge(r: PropertyResult, ctx: TestContext, expect: { file: string; list: Expectations; entry: ComponentEntry } | undefined): Promise<void> {
  // Gating first: an entry for a property that was skipped cannot be checked (stale), which fails.
  if (expect) {
    // Only this property's entry is judged here (the others belong to their own `it`s).
    const mine = { ...expect.list, failures: expect.list.failures.filter((f) => f.property === r.id) };
    const g = gate(expect.file, mine, [r], new Set(expect.entry.catalog.map((p) => p.id)));
    if (g.knownFailures.includes(r.id)) {
      await ctx.annotate?.(`known failure (${expect.file}): ${r.signature ?? ''}`);
      return;
    }
    if (gatingFailed(g)) throw new ConformanceFailure(r, [...g.notes, '', failureText(r)].join('\n'));
  }
  if (r.status === 'skipped') ctx.skip(r.reason ?? 'skipped');
  if (r.status === 'expected-failure') {
    await ctx.annotate?.(`expected failure observed: ${r.reason ?? ''}`);
    return;
  }
  if (FAILING_STATUSES.has(r.status)) throw new ConformanceFailure(r, failureText(r));
}

/** One property's block as `fairwire conform` prints it: header, reason, details, every finding. */
export function failureText(r: PropertyResult): string {
  const n = (r.findings?.length ?? 0) + 1;
  const out = [`── ${r.id} (${statusText(r)}${n > 1 ? `, finding 1 of ${n}` : ''}) ── ${r.title}`];
  if (r.runs < r.runsAsked) out.push(`runs: ${r.runs}/${r.runsAsked}`);
  if (r.reason) out.push(`reason: ${r.reason}`);
  out.push(...failureDetailLines(r));
  (r.findings ?? []).forEach((f, i) => out.push('', `── ${r.id} (finding ${i + 2} of ${n}: ${statusText(f)}) ──`, ...failureDetailLines(f)));
  return out.join('\n');
}

/** The start of a replay line, exactly as `fairwire conform` builds it (properties/conform.ts). */
function cliReplayCommand(component: string, spec: string, seed: number, vendorTimeoutMs: number | undefined): string {
  return [
    'npx fairwire conform',
    `--component ${shellWord(component)}`,
    option('adapter', spec),
    option('seed', seed),
    ...(vendorTimeoutMs ? [option('vendor-timeout', vendorTimeoutMs)] : []),
  ].join(' ');
}

/**
 * An adapter object the CLI cannot load: its failures replay in vitest, through REPLAY_ENV and
 * `-t` on this test file (with the describe's own options, flaky tries included).
 */
function withVitestReplay(r: PropertyResult, ctx: TestContext): PropertyResult {
  const file = relativeFile(ctx.task.file.filepath);
  const line = (f: { readonly seed: number; readonly path?: string }) =>
    f.path === undefined ? {} : { replay: `${REPLAY_ENV}=${shellWord(`${r.id}@${f.seed}:${f.path}`)} npx vitest run ${shellWord(file)} -t ${shellWord(escapeRegExp(r.id))}` };
  return { ...r, ...line(r), ...(r.findings ? { findings: r.findings.map((f) => ({ ...f, ...line(f) })) } : {}) };
}

function relativeFile(file: string): string {
  const cwd = process.cwd();
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function seedFromEnv(): number | undefined {
  const v = process.env.FAIRWIRE_SEED;
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v) || Number(v) < -(2 ** 31) || Number(v) > 2 ** 32 - 1) {
    throw new ConformanceUsageError(`FAIRWIRE_SEED must be an integer in [-2^31, 2^32), got '${v}'`);
  }
  return Number(v) | 0;
}

/** FAIRWIRE_REPLAY for this catalog, or undefined when unset or naming another catalog's property. */
function replayFromEnv(ids: readonly string[]): { property: string; seed: number; path: string } | undefined {
  const v = process.env[REPLAY_ENV];
  if (v === undefined || v === '') return undefined;
  const m = /^([^@\s]+)@(-?\d+):([\d:]*)$/.exec(v);
  if (!m) throw new ConformanceUsageError(`${REPLAY_ENV} wants <property id>@<seed>:<path> as printed with a failure, got '${v}'`);
  if (!ids.includes(m[1]!)) return undefined;
  return { property: m[1]!, seed: Number(m[2]) | 0, path: m[3]! };
}

