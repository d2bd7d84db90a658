import fc from 'fast-check';
import type { Adapter, CaseObservation } from '../adapters/adapter.ts';
import { AdapterFault } from '../adapters/fault.ts';
import { restartSubject, runCase, type CaseContext } from './case-tries.ts';

/**
 * The fast-check predicate of a property, and how it judges a case in the current search.
 *
 * - A failure whose signature is already `known` (an earlier finding of this property) counts as
 *   a pass, while searching and while shrinking: each finding shrinks to its own bug.
 * - `strict` > 1 (only after a counterexample turned out flaky-suspicious, see runner-unit.ts):
 *   a failing case is re-run `strict - 1` more times, each on a fresh subject, and counts as a
 *   failure only if every try fails with the same signature — shrinking only goes through steps
 *   that fail on every try. Deterministic subjects never pay this: strict stays 1 for them.
 * - A fault shrinks like any failure, but each faulting step may cost the vendor's timeout: after
 *   `faults.left` faulting evaluations every further candidate passes without running, so
 *   fast-check stops at the smallest case found so far.
 */
export interface SearchMode {
  readonly known: ReadonlySet<string>;
  readonly strict: number;
  /** Strict search of one flaky finding: only its signature counts as a failure. */
  readonly only?: string;
  readonly faults: { left: number };
}

/** Fault evaluations allowed per search (the first fault plus this many shrink steps). */
export const FAULT_SHRINK_STEPS = 50;

export function searchMode(known: ReadonlySet<string>, strict = 1, only?: string): SearchMode {
  return { known, strict, faults: { left: FAULT_SHRINK_STEPS + 1 }, ...(only !== undefined ? { only } : {}) };
}

export interface Predicate {
  readonly property: fc.IAsyncProperty<[unknown]>;
  /** What the property generates from: fc.sample(fc.tuple(arbitrary), {seed, path}) is the case at a path. */
  readonly arbitrary: fc.Arbitrary<unknown>;
  /** The mode fc.check runs under; the runner swaps it between checks. */
  mode: SearchMode;
  /** Cases fast-check counted that were not checked because the run was aborted. */
  abandoned: number;
  /** The last failure the predicate threw: fast-check's final counterexample, with what the subject showed. */
  lastThrown?: { readonly error: unknown; readonly observation?: CaseObservation };
}

/** How often (wall ms) a run that can be interrupted yields to the event loop. */
const TURN_MS = 50;

export function makePredicate<A extends Adapter<object>>(ctx: CaseContext<A>): Predicate {
  const arbitrary = ctx.p.arbitrary(ctx.subject.capabilities) as fc.Arbitrary<unknown>;
  let lastTurn = Date.now();
  const pred: Predicate = {
    arbitrary,
    mode: searchMode(new Set()),
    abandoned: 0,
    property: fc.asyncProperty(arbitrary, async (input) => {
      const mode = pred.mode;
      // An in-process subject answers in microtasks, so a whole fc.check would never let the
      // event loop deliver Ctrl-C: give it a turn every TURN_MS of wall time.
      if (ctx.signal && Date.now() - lastTurn >= TURN_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastTurn = Date.now();
      }
      // Aborted: fast-check counts this case, the runner does not.
      if (ctx.signal?.aborted) {
        pred.abandoned++;
        return;
      }
      if (mode.faults.left <= 0) return; // fault shrinking is capped: keep what was found
      const out = await runCase(ctx, input);
      if (out.kind === 'pass') return;
      if (out.kind === 'aborted') {
        pred.abandoned++;
        return;
      }
      // A vendor may decline an input ("skipped"): discard it. Mostly discarded is `vacuous`.
      if (out.kind === 'skip') fc.pre(false);
      if (out.kind !== 'fail' || mode.known.has(out.signature) || (mode.only !== undefined && out.signature !== mode.only)) return;
      if (out.error instanceof AdapterFault) mode.faults.left--;
      for (let t = 1; t < mode.strict; t++) {
        await restartSubject(ctx.subject);
        const again = await runCase(ctx, input);
        if (again.kind !== 'fail' || again.signature !== out.signature) return;
      }
      pred.lastThrown = { error: out.error, ...(out.observation ? { observation: out.observation } : {}) };
      throw out.error;
    }),
  };
  return pred;
}
