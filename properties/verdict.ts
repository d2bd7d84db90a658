import type { PropertyResult } from './runner.ts';

/**
 * Why a catalog run is not "as expected", one line per problem (empty: as expected). As
 * expected means each property passed, was skipped for a capability the subject does not
 * declare, or failed as documented (expected-failure) — and at least one property was actually
 * checked: no property, or every property skipped, proves nothing. A property that did not run
 * or whose cases were mostly discarded is never as expected.
 */
const AS_EXPECTED = new Set<PropertyResult['status']>(['passed', 'skipped', 'expected-failure']);

export function catalogProblems(component: string, results: readonly PropertyResult[]): string[] {
  if (results.length === 0) return [`the ${component} catalog ran no property`];
  if (results.every((r) => r.status === 'skipped')) {
    return [`every property of the ${component} catalog was skipped, so nothing was checked: ${[...new Set(results.map((r) => r.reason ?? 'skipped'))].join('; ')}`];
  }
  return results
    .filter((r) => !AS_EXPECTED.has(r.status))
    .map(
      (r) =>
        `${r.id}: ${r.status}${r.runs < r.runsAsked ? ` (${r.runs}/${r.runsAsked} runs)` : ''}` +
        `${r.message ? ` — ${r.message.split('\n')[0]}` : r.reason ? ` — ${r.reason}` : ''}${r.replay ? ` (replay: ${r.replay})` : ''}`,
    );
}
