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
 * counting as a pass, until the unit's runs, its time or the findings cap run out. Later units
 * of the property search the same way, so every distinct bug within the budget is reported,
 * each shrunk on its own.
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
  /** Signatures found so far in this property: they count as passes from now on. */
  readonly known: Set<string>;
  readonly found: Found[];
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
  for (const seg of segments) {
    let pos = 0;
    let runsLeft = seg.runs;
    while (runsLeft > 0 && s.found.length < plan.maxFindings && !s.ctx.signal?.aborted) {
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
      const check = (mode = searchMode(s.known)) => {
        s.pred.mode = mode;
        // Bounded even without a budget: a generator that shrinks badly must not stall the run.
        return fc.check(s.pred.property, { ...params, interruptAfterTimeLimit: Math.max(1, Math.floor(deadline - Date.now())) });
      };
      const abandonedBefore = s.pred.abandoned;
      const details = await check();
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
      const found = await confirm(s, plan, details, seg.examples.length > 0, check);
      s.found.push(found);
      s.known.add(signatureOf(details.errorInstance));
      s.known.add(found.signature);
      if (plan.stopAtFirst) return true;
      runsLeft -= details.numRuns;
      pos = firstIndex(details.counterexamplePath) + 1;
    }
  }
  return s.found.length > before;
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
  const strict = await check(searchMode(s.known, plan.tries, first.signature));
  s.pred.mode = searchMode(s.known);
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
