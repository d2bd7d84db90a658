import type { Adapter, CaseObservation } from '../adapters/adapter.ts';
import { AdapterFault } from '../adapters/fault.ts';
import { VendorSkipped } from '../adapters/process/vendor-process.ts';
import { signatureOf } from './failure-signature.ts';
import type { Property } from './property.ts';

/**
 * Running one case of a property on the subject, and re-trying it on a fresh subject.
 *
 * Every case starts with `subject.beginCase()`. After a fault of the subject the runner awaits
 * `subject.restart()` at once, so that the next case (a shrink step, a re-try) never runs on a
 * dying process. A re-try restarts the subject first (in-process adapters without `restart`
 * simply run again): tries of one case start from the same state.
 */
export interface CaseContext<A extends Adapter<object>> {
  readonly p: Property<A, any>;
  readonly subject: A;
  /** The guarded oracle (oracle-guard.ts): its faults are OracleFaults, never AdapterFaults. */
  readonly oracle: A;
  readonly signal?: AbortSignal;
}

export type CaseOutcome =
  | { readonly kind: 'pass' }
  /** The vendor declined the input (`skipped`): a discarded case. */
  | { readonly kind: 'skip' }
  /** The run was interrupted (Ctrl-C): whatever happened is not counted. */
  | { readonly kind: 'aborted' }
  | { readonly kind: 'fail'; readonly error: unknown; readonly signature: string; readonly observation?: CaseObservation };

/** Runs `input` once; `observe`: take the subject's observation when it fails (a fault: always). */
export async function runCase<A extends Adapter<object>>(ctx: CaseContext<A>, input: unknown, observe = false): Promise<CaseOutcome> {
  ctx.subject.beginCase?.();
  try {
    await ctx.p.check(ctx.subject, ctx.oracle, input);
    return { kind: 'pass' };
  } catch (err) {
    // A terminal's Ctrl-C reaches the vendor too: its death after the abort is not a fault.
    if (ctx.signal?.aborted) return { kind: 'aborted' };
    if (err instanceof VendorSkipped) return { kind: 'skip' };
    // A fault is always observed (before the restart): its case may not fault again alone.
    const observation = observe || err instanceof AdapterFault ? ctx.subject.observe?.() : undefined;
    if (err instanceof AdapterFault) await restartSubject(ctx.subject);
    return { kind: 'fail', error: err, signature: signatureOf(err), ...(observation ? { observation } : {}) };
  }
}

/**
 * Restarts the subject when it can be. A subject that cannot come back up is left as it is:
 * its next request restarts it again (process sessions do) or faults, and that fault is reported.
 */
export async function restartSubject(subject: Adapter<object>): Promise<unknown> {
  try {
    await subject.restart?.();
    return undefined;
  } catch (err) {
    return err;
  }
}

export interface Tries {
  /** Tries that failed with the signature (the first failing try's, when none was given). */
  readonly failed: number;
  /** Tries run (fewer than asked only when the run was interrupted). */
  readonly of: number;
  readonly signature?: string;
  /** The first failing try's error. */
  readonly error?: unknown;
  /** What the subject showed during the first failing try (else during the first try). */
  readonly observation?: CaseObservation;
  /** The subject could not be restarted before a try (its fault). */
  readonly restartError?: unknown;
}

/**
 * Runs `input` `k` times, each on a fresh subject (restart before every try), and counts the
 * tries that fail with `signature` (undefined: with the first failing try's signature).
 * A try that fails with another signature does not count: the case is not deterministic.
 */
export async function tryCase<A extends Adapter<object>>(ctx: CaseContext<A>, input: unknown, k: number, signature?: string): Promise<Tries> {
  let failed = 0;
  let of = 0;
  let sig = signature;
  let error: unknown;
  let observation: CaseObservation | undefined;
  let restartError: unknown;
  for (let i = 0; i < k; i++) {
    if (ctx.signal?.aborted) break;
    restartError = await restartSubject(ctx.subject);
    if (restartError !== undefined) break;
    const out = await runCase(ctx, input, true);
    if (out.kind === 'aborted') break;
    of++;
    if (out.kind === 'fail' && (sig === undefined || out.signature === sig)) {
      if (failed === 0) {
        sig = out.signature;
        error = out.error;
        observation = out.observation;
      }
      failed++;
    } else if (i === 0 && failed === 0) {
      observation = out.kind === 'fail' ? out.observation : ctx.subject.observe?.();
    }
  }
  return {
    failed,
    of,
    ...(sig !== undefined ? { signature: sig } : {}),
    ...(failed > 0 ? { error } : {}),
    ...(observation ? { observation } : {}),
    ...(restartError !== undefined ? { restartError } : {}),
  };
}
