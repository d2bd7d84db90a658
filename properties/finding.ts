import { AdapterFault } from '../adapters/fault.ts';
import { toCanonicalJson } from '../spec/canonical-json.ts';
import { toTaggedJson } from '../spec/tagged-json.ts';
import { option } from './command-line.ts';
import type { Explanation } from './explanation.ts';
import { describeError } from './failure-signature.ts';
import type { Property } from './property.ts';
import type { Finding } from './runner.ts';
import type { Found } from './runner-unit.ts';

/**
 * The failures a property reports: the first of each signature, in the order found (unit order:
 * each unit searches on its own, so a later unit may find a signature again), at most `max`.
 */
export function dedupeFound(found: readonly Found[], max: number): Found[] {
  const seen = new Set<string>();
  return found.filter((f) => !seen.has(f.signature) && seen.add(f.signature)).slice(0, max);
}

/** Tries per reported failure when the run does not say (`--flaky-tries`). */
export const DEFAULT_FLAKY_TRIES = 3;

/**
 * A found failure as reported: the shrunk counterexample (the property's describe(), e.g. FAST
 * with its template XML), the exact input in tagged JSON, the message, the explanation, what the
 * subject showed (stderr tail, every request of the case) and a replay line that re-runs exactly
 * this case (`--replay SEED:PATH` evaluates the case at the path, it never shrinks further; a
 * flaky case is re-run as many times as it was tried). A failure found in a saved example has no
 * seed replay line: conform gives it `fairwire replay <corpus file>`.
 */
export function toFinding(p: Property<any, any>, f: Found, replayCommand: string | undefined, tries: number): Finding {
  const shown = p.describe ? p.describe(f.input) : f.input;
  const notes = [...f.notes];
  let explanation: Explanation | undefined;
  if (p.explain) {
    try {
      explanation = p.explain(f.input, f.error);
    } catch (err) {
      // An explainer bug must never change a verdict: say so and go on.
      notes.push(`(no explanation: the explainer threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)})`);
    }
  }
  const requests = f.observation?.requests ?? (f.error instanceof AdapterFault && f.error.sent !== undefined ? [f.error.sent] : undefined);
  const stderrTail = f.observation?.stderrTail ?? (f.error instanceof AdapterFault ? f.error.stderrTail || undefined : undefined);
  const flag = f.status === 'flaky' || tries !== DEFAULT_FLAKY_TRIES ? ` ${option('flaky-tries', tries)}` : '';
  const replay =
    replayCommand && !f.fromExample && f.path !== undefined
      ? `${replayCommand} ${option('property', p.id)} ${option('replay', `${f.seed}:${f.path}`)}${flag}`
      : undefined;
  return {
    status: f.status,
    signature: f.signature,
    message: [describeError(f.error), ...notes].join('\n'),
    seed: f.seed,
    ...(f.path !== undefined ? { path: f.path } : {}),
    counterexample: JSON.parse(toCanonicalJson(shown)) as unknown,
    counterexampleData: toTaggedJson(f.input),
    ...(replay ? { replay } : {}),
    ...(f.tries ? { tries: f.tries } : {}),
    ...(explanation ? { explanation } : {}),
    ...(stderrTail ? { stderrTail } : {}),
    ...(requests ? { requests: JSON.parse(toCanonicalJson(requests)) as unknown[] } : {}),
  };
}
