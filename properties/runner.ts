import fc from 'fast-check';
import type { Adapter } from '../adapters/adapter.ts';
import { AdapterFault } from '../adapters/fault.ts';
import { VendorSkipped } from '../adapters/process/vendor-process.ts';
import { toCanonicalJson } from '../spec/canonical-json.ts';
import { toTaggedJson } from '../spec/tagged-json.ts';
import { Mismatch } from './mismatch.ts';
import type { Catalog, Property } from './property.ts';

/**
 * The one runner behind vitest, the CLI and cucumber.
 *
 * Work is cut into units so that sharding is exact: each property's runs are split into at most
 * UNITS_PER_PROPERTY units, each an independent fast-check run with its own seed derived from
 * (run seed, property id, unit index). A shard K/N takes every N-th unit of the global ordered
 * list, so the union of the N shards is exactly the unsharded run, whatever N is.
 */
export const DEFAULT_RUNS = 100;
const UNITS_PER_PROPERTY = 4;
/** Hard cap on one unit (generation + shrinking), whatever the budget. */
const UNIT_TIME_LIMIT_MS = 300_000;

export type PropertyStatus = 'passed' | 'failed' | 'skipped' | 'fault' | 'expected-failure' | 'unexpected-pass';

export interface PropertyResult {
  readonly id: string;
  readonly component: string;
  readonly title: string;
  readonly status: PropertyStatus;
  /** Runs executed (over the units this shard ran). */
  readonly runs: number;
  /** Seed of the failing unit (or of unit 0), as fast-check takes it. */
  readonly seed: number;
  /** fast-check shrink path of the counterexample. */
  readonly path?: string;
  /** The shrunk counterexample, readable (canonical JSON value). */
  readonly counterexample?: unknown;
  /** The same input in tagged JSON, exact, for the corpus and replay. */
  readonly counterexampleData?: string;
  readonly message?: string;
  /** A command that reruns exactly this counterexample. */
  readonly replay?: string;
  readonly reason?: string;
  readonly durationMs: number;
  /** True when the time budget stopped the property before all its runs. */
  readonly interrupted?: boolean;
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
  /** Replays exactly one counterexample: fast-check seed and path of a failing unit. */
  readonly replay?: { readonly seed: number; readonly path: string };
  /** How to rerun this catalog from the command line, e.g. "npx fairwire conform --component fast --adapter reference". */
  readonly replayCommand?: string;
  readonly onEvent?: (e: RunEvent) => void;
  /** Called once the runner knows how many work units this shard will execute. */
  readonly onPlan?: (units: number) => void;
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
  return filters.some((f) => (f.endsWith('*') ? id.startsWith(f.slice(0, -1)) : f.endsWith('.') ? id.startsWith(f) : id === f));
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

function missingCapabilities(p: Property<any, any>, caps: object): string[] {
  const c = caps as Record<string, unknown>;
  return p.requires.filter((r) => c[r] !== true);
}

function describeError(err: unknown): string {
  if (err instanceof Mismatch) return err.describe();
  if (err instanceof AdapterFault) return `adapter fault: ${err.message}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/** Runs a catalog against a subject with the oracle beside it; never throws for a subject's fault. */
export async function runCatalog<A extends Adapter<object>>(opts: RunOptions<A>): Promise<PropertyResult[]> {
  const selected = opts.catalog.filter((p) => matchesIds(p.id, opts.propertyIds));
  // Global unit list, in catalog order, then the shard's share of it.
  const plan = selected.map((p) => ({ p, units: unitsOf(opts.replay ? 1 : (opts.runs ?? p.defaultRuns ?? DEFAULT_RUNS)) }));
  let globalIndex = 0;
  const mine = plan.map(({ p, units }) => ({
    p,
    units: units.filter(() => {
      const g = globalIndex++;
      return !opts.shard || g % opts.shard.count === opts.shard.index - 1;
    }),
  }));
  opts.onPlan?.(mine.reduce((n, m) => n + m.units.length, 0));

  const deadline = opts.timeBudgetMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + opts.timeBudgetMs;
  const results: PropertyResult[] = [];
  for (const { p, units } of mine) {
    if (units.length === 0) continue;
    const result = await runProperty(p, units, opts, deadline);
    results.push(result);
    opts.onEvent?.({ type: 'property-done', result });
  }
  return results;
}

async function runProperty<A extends Adapter<object>>(
  p: Property<A, any>,
  units: Unit[],
  opts: RunOptions<A>,
  deadline: number,
): Promise<PropertyResult> {
  const started = Date.now();
  const base = { id: p.id, component: p.component, title: p.title };
  const missing = missingCapabilities(p, opts.subject.capabilities);
  if (missing.length > 0) {
    return { ...base, status: 'skipped', runs: 0, seed: opts.seed, reason: `subject lacks capabilities: ${missing.join(', ')}`, durationMs: 0 };
  }
  opts.onEvent?.({ type: 'property-start', id: p.id, units: units.length });

  let arbitrary: fc.Arbitrary<unknown>;
  try {
    arbitrary = p.arbitrary(opts.subject.capabilities);
  } catch (err) {
    return { ...base, status: 'failed', runs: 0, seed: opts.seed, message: `could not build the generator: ${describeError(err)}`, durationMs: Date.now() - started };
  }

  let fault: AdapterFault | undefined;
  const predicate = fc.asyncProperty(arbitrary, async (input) => {
    if (fault) return; // the subject is broken; finish the unit quickly, report the fault
    try {
      await p.check(opts.subject, opts.oracle, input);
    } catch (err) {
      if (err instanceof AdapterFault) {
        fault = err;
        return;
      }
      // A vendor may decline an input ("skipped"): discard it. A vendor that declines
      // everything makes fast-check give up, which is reported as a failure.
      if (err instanceof VendorSkipped) fc.pre(false);
      throw err;
    }
  });

  let runs = 0;
  let interrupted = false;
  const examples = (opts.examples?.(p.id) ?? []).map((e) => [e] as [unknown]);
  for (const unit of units) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      interrupted = true;
      break;
    }
    const seed = opts.replay ? opts.replay.seed : deriveSeed(opts.seed, p.id, unit.index);
    const details = await fc.check(predicate, {
      seed,
      numRuns: unit.runs,
      ...(opts.replay ? { path: opts.replay.path } : {}),
      ...(unit.index === 0 && examples.length > 0 ? { examples } : {}),
      // Bounded even without a budget: a generator that shrinks badly must not stall the run.
      interruptAfterTimeLimit: Math.min(remaining, UNIT_TIME_LIMIT_MS),
      markInterruptAsFailure: false,
    });
    runs += details.numRuns;
    if (details.interrupted) interrupted = true;
    opts.onEvent?.({ type: 'unit-done', id: p.id, unit: unit.index, runs: details.numRuns, failed: details.failed });
    if (fault) {
      return {
        ...base,
        status: 'fault',
        runs,
        seed,
        message: describeError(fault) + (fault.stderrTail ? `\nstderr tail:\n${fault.stderrTail}` : ''),
        ...(fault.sent !== undefined ? { counterexample: JSON.parse(toCanonicalJson(fault.sent)) as unknown } : {}),
        durationMs: Date.now() - started,
      };
    }
    if (details.failed) {
      const input = details.counterexample?.[0];
      const shown = p.describe ? p.describe(input) : input;
      const replay = opts.replayCommand
        ? `${opts.replayCommand} --property ${p.id} --replay ${seed}:${details.counterexamplePath ?? ''}`
        : undefined;
      const failure = {
        ...base,
        runs,
        seed,
        ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
        ...(details.counterexample ? { counterexample: JSON.parse(toCanonicalJson(shown)) as unknown, counterexampleData: toTaggedJson(input) } : {}),
        message: details.errorInstance !== undefined ? describeError(details.errorInstance) : 'property failed',
        ...(replay ? { replay } : {}),
        durationMs: Date.now() - started,
      };
      return p.expectedFailure
        ? { ...failure, status: 'expected-failure', reason: p.expectedFailure.reason }
        : { ...failure, status: 'failed' };
    }
  }
  const durationMs = Date.now() - started;
  const seed = deriveSeed(opts.seed, p.id, units[0]!.index);
  if (p.expectedFailure && !interrupted) {
    return {
      ...base,
      status: 'unexpected-pass',
      runs,
      seed,
      reason: `expected to fail (${p.expectedFailure.reason}) but no counterexample was found in ${runs} runs`,
      durationMs,
    };
  }
  return { ...base, status: 'passed', runs, seed, durationMs, ...(interrupted ? { interrupted: true } : {}) };
}

/** Exit code for a set of results: 3 on any adapter fault, 1 on a failure, else 0. */
export function exitCodeOf(results: readonly PropertyResult[]): 0 | 1 | 3 {
  if (results.some((r) => r.status === 'fault')) return 3;
  if (results.some((r) => r.status === 'failed' || r.status === 'unexpected-pass')) return 1;
  return 0;
}
