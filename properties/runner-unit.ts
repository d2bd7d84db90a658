import fc from 'fast-check';
import type { Adapter, CaseObservation } from '../adapters/adapter.ts';
import { AdapterFault } from '../adapters/fault.ts';
import { tryCase, type CaseContext, type Tries } from './case-tries.ts';
import { searchMode, type Predicate } from './case-predicate.ts';
import { OracleFault, signatureOf } from './failure-signature.ts';

/**
 * One work unit of a property: a fast-check run over its share of the cases, that does not stop
 * at the first failure. Each failure is confirmed (re-tried on a fresh subject) and becomes a
 * finding; the search then goes on from the case after it, with that finding's signature
 * counting as a pass, until the unit's runs, its time or the findings cap run out. Each unit
 * starts with no known signature of its own, whatever earlier units found: a unit's findings
 * depend on its seed alone, so a shard (which holds some units of a property) finds what the
 * unsharded run finds in those units, and the runner dedupes by signature in unit order.
 * Later units of the property search the same way, so every distinct bug within the budget is
 * reported, each shrunk on its own.
 *
 * Figures (Property.measure): `measuring.on` is set only around the search's own fast-check
 * runs, and a case is measured only while that run has not failed yet (pred.lastThrown unset):
 * the passing cases of the generated run, never shrink steps, strict re-searches or tries.
 *
 * Flaky rule: the shrunk counterexample is re-run `tries` times, each on a fresh subject. When
 * every try fails it is a deterministic failure (or fault). When some tries pass, the subject is
 * not deterministic: the unit is searched again, from the same start, in strict mode (a case
 * fails only if it fails on every try, case-predicate.ts), and the case that search shrinks to
 * is re-tried again; without one, the first counterexample is reported `flaky` with its count.
 * A fault (crash, hang, protocol) stays `fault` whatever its tries: a vendor that crashed is
 * never downgraded; its tries and a note say how it reproduces.
 * Deterministic subjects (every in-process reference and mutant) thus pay `tries` runs of the
 * final counterexample only, never per shrink step.
 */
export interface Found {
  readonly status: 'failed' | 'fault' | 'flaky';
  readonly signature: string;
  readonly error: unknown;
  readonly input: unknown;
  readonly seed: number;
  readonly path?: string;
  /** Found while replaying a saved example: no seed and path reproduce it (the corpus file does). */
  readonly fromExample: boolean;
  readonly tries?: { readonly failed: number; readonly of: number };
  readonly observation?: CaseObservation;
  /** Lines for the message beyond the error (why flaky, a restart that failed). */
  readonly notes: readonly string[];
}

export interface UnitState<A extends Adapter<object>> {
  readonly ctx: CaseContext<A>;
  readonly pred: Predicate;
  readonly found: Found[];
  /** Whether a passing case is measured now (runner.ts wraps check to read it). */
  readonly measuring: { on: boolean };
  runs: number;
  skips: number;
  interrupted: boolean;
  gaveUp: boolean;
}

export interface UnitPlan {
  readonly seed: number;
  readonly runs: number;
  /** Saved counterexamples to run first (unit 0 only), in their own check: seed paths stay exact. */
  readonly examples: readonly unknown[];
  readonly timeLimitMs: number;
  readonly tries: number;
  readonly maxFindings: number;
  /** An expected failure needs only its first finding: stop there. */
  readonly stopAtFirst: boolean;
}

interface Segment {
  readonly examples: readonly unknown[];
  readonly runs: number;
}

/** Runs one unit; returns whether it found a failure. */
export async function runUnit<A extends Adapter<object>>(s: UnitState<A>, plan: UnitPlan): Promise<boolean> {
  const deadline = Date.now() + plan.timeLimitMs;
  const segments: Segment[] = [];
  if (plan.examples.length > 0) segments.push({ examples: plan.examples, runs: plan.examples.length });
  segments.push({ examples: [], runs: Math.max(0, plan.runs - plan.examples.length) });
  const before = s.found.length;
  // Signatures this unit found: they count as passes for the rest of the unit only.
  const known = new UnitKnown(new Set(s.found.map((f) => f.signature)));
  const foundHere = () => s.found.length - before;
  for (const seg of segments) {
    let pos = 0;
    let runsLeft = seg.runs;
    while (runsLeft > 0 && foundHere() < plan.maxFindings && !s.ctx.signal?.aborted) {
      const left = deadline - Date.now();
      if (left <= 0) {
        s.interrupted = true;
        break;
      }
      const params: fc.Parameters<[unknown]> = {
        seed: plan.seed,
        numRuns: runsLeft,
        ...(pos > 0 ? { path: String(pos) } : {}),
        ...(seg.examples.length > 0 ? { examples: seg.examples.map((e) => [e] as [unknown]) } : {}),
        markInterruptAsFailure: false,
      };
      const check = (mode = searchMode(known)) => {
        s.pred.mode = mode;
        // lastThrown is per fast-check run: unset, the run has not failed yet (not shrinking).
        delete s.pred.lastThrown;
        // Bounded even without a budget: a generator that shrinks badly must not stall the run.
        return fc.check(s.pred.property, { ...params, interruptAfterTimeLimit: Math.max(1, Math.floor(deadline - Date.now())) });
      };
      const abandonedBefore = s.pred.abandoned;
      s.measuring.on = true;
      let details: fc.RunDetails<[unknown]>;
      try {
        details = await check();
      } finally {
        s.measuring.on = false;
      }
      const abandoned = s.pred.abandoned - abandonedBefore;
      s.runs += Math.max(0, details.numRuns - abandoned);
      s.skips += details.numSkips;
      if (details.interrupted || abandoned > 0) s.interrupted = true;
      if (!details.failed) break;
      if (details.counterexample === null) {
        // No counterexample: either the time share ran out before any case succeeded (fast-check
        // counts that as failed), or fast-check gave up on too many discarded cases. Neither is
        // a failure of the subject; the second is not a pass either.
        if (!details.interrupted) s.gaveUp = true;
        break;
      }
      // A signature an earlier unit of this run found: the result keeps that one (dedupe in unit
      // order), so this one is not tried; the search goes on as usual.
      const found = known.earlier.has(signatureOf(details.errorInstance))
        ? judged(fromDetails(details, plan.seed, seg.examples.length > 0, s.pred), { failed: 0, of: 0 })
        : await confirm(s, plan, details, seg.examples.length > 0, check, known);
      s.found.push(found);
      known.add(signatureOf(details.errorInstance));
      known.add(found.signature);
      if (plan.stopAtFirst) return true;
      runsLeft -= details.numRuns;
      pos = firstIndex(details.counterexamplePath) + 1;
    }
  }
  return s.found.length > before;
}

/**
 * The signatures a unit found (passes for the rest of the unit), and those earlier units of this
 * run found (`earlier`): a failure with such a signature is shrunk as any other (its path, and so
 * where the search goes on, must not depend on what other units found, or a shard would search
 * differently from the whole run) but not re-tried, since the runner keeps the earlier unit's
 * finding. Shrinking is not cut short by making the remaining shrink steps pass: fast-check then
 * walks the whole shrink tree looking for a failing step, which on a large case never ends.
 */
class UnitKnown extends Set<string> {
  constructor(readonly earlier: ReadonlySet<string>) {
    super();
  }
}

/** Index, in the run's stream of generated values, of the case a path starts from. */
function firstIndex(path: string | null): number {
  return Number((path ?? '0').split(':')[0]);
}

type Check = (mode?: ReturnType<typeof searchMode>) => Promise<fc.RunDetails<[unknown]>>;

/** The finding a failed fast-check run stands for, after its tries (and a strict search if flaky). */
async function confirm<A extends Adapter<object>>(
  s: UnitState<A>,
  plan: UnitPlan,
  details: fc.RunDetails<[unknown]>,
  fromExample: boolean,
  check: Check,
  known: ReadonlySet<string>,
): Promise<Found> {
  const first = fromDetails(details, plan.seed, fromExample, s.pred);
  const untried: Tries = { failed: 0, of: 0 };
  if (plan.stopAtFirst) return judged(first, untried);
  // The reference's own fault is a fairwire bug: nothing of the subject to re-try or restart.
  if (first.error instanceof OracleFault) return judged(first, untried);
  const tries = await tryCase(s.ctx, first.input, plan.tries, first.signature);
  // Strict search only for a case that fails on some tries: one failing on none does not
  // reproduce alone at all (it depends on earlier cases), and a strict search cannot shrink it.
  if (deterministic(tries) || plan.tries < 2 || tries.failed === 0) return judged(first, tries);
  // A try passed: search again in strict mode, so that shrinking keeps only steps failing on every try.
  const strict = await check(searchMode(known, plan.tries, first.signature));
  s.pred.mode = searchMode(known);
  if (strict.failed && strict.counterexample !== null) {
    const second = fromDetails(strict, plan.seed, fromExample, s.pred);
    const again = await tryCase(s.ctx, second.input, plan.tries, second.signature);
    if (deterministic(again) || again.failed > 0) return judged(second, again);
  }
  return judged(first, tries);
}

function fromDetails(d: fc.RunDetails<[unknown]>, seed: number, fromExample: boolean, pred?: Predicate) {
  // What the subject showed when the run's own evaluation failed (faults): the tries may not fail.
  const seen = pred?.lastThrown && pred.lastThrown.error === d.errorInstance ? pred.lastThrown.observation : undefined;
  return {
    signature: signatureOf(d.errorInstance),
    error: d.errorInstance,
    input: d.counterexample![0],
    seed,
    ...(d.counterexamplePath ? { path: d.counterexamplePath } : {}),
    fromExample,
    ...(seen ? { seen } : {}),
  };
}

function deterministic(t: Tries): boolean {
  return t.restartError === undefined && t.of > 0 && t.failed === t.of;
}

/** The verdict of a counterexample from its tries: fault or failed when every try failed, else flaky. */
export function judged(f: Omit<ReturnType<typeof fromDetails>, 'seen'> & { readonly seen?: CaseObservation }, t: Tries): Found {
  const notes: string[] = [];
  const error = t.error ?? f.error;
  let status: Found['status'] = error instanceof AdapterFault ? 'fault' : 'failed';
  if (t.restartError !== undefined) {
    status = 'fault';
    notes.push(`could not restart the subject to re-try the case: ${(t.restartError as Error).message ?? String(t.restartError)}`);
  } else if (t.of > 0 && t.failed < t.of) {
    // A crash or hang stays a fault (exit 3) however it reproduces: the tries say how often.
    if (status !== 'fault') status = 'flaky';
    notes.push(
      `${status === 'fault' ? 'the fault reproduced' : 'flaky: failed'} on ${t.failed} of ${t.of} tries, each on a fresh subject${t.failed === 0 ? ' (it failed during the run, not alone on a fresh subject: it depends on earlier cases — state, a request count — or is nondeterministic)' : ''}`,
    );
  }
  // Shown: a failing try's observation; when no try failed, the run's own failing evaluation's.
  const observation = t.failed > 0 ? t.observation : (f.seen ?? t.observation);
  const { seen: _seen, ...rest } = f;
  return {
    ...rest,
    status,
    error,
    ...(t.of > 0 ? { tries: { failed: t.failed, of: t.of } } : {}),
    ...(observation ? { observation } : {}),
    notes,
  };
}
