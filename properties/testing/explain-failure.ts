import type { Adapter } from '../../adapters/adapter.ts';
import { fromTaggedJson } from '../../spec/tagged-json.ts';
import type { Explanation } from '../explanation.ts';
import type { Catalog } from '../property.ts';
import { runCatalog, type PropertyResult } from '../runner.ts';

export interface ExplainedFailure {
  readonly result: PropertyResult;
  readonly error: unknown;
  readonly explanation: Explanation | undefined;
}

/**
 * Runs one property against a subject, then replays its shrunk counterexample through `check`
 * on a fresh subject and explains the error it throws — exactly what the runner does for a
 * reported failure, without depending on the runner's wiring. Throws when the property did not
 * fail or the replay passed (an explanation test must never pass on a case that did not fail).
 */
export async function explainedFailure<A extends Adapter<object>>(catalog: Catalog<A>, id: string, subject: () => A | Promise<A>, oracle: A, seed: number): Promise<ExplainedFailure> {
  const [result] = await runCatalog({ catalog, subject: await subject(), oracle, seed, propertyIds: [id] });
  if (!result || (result.status !== 'failed' && result.status !== 'expected-failure') || result.counterexampleData === undefined) {
    throw new Error(`${id} (seed ${seed}) did not fail: ${result?.status} ${result?.message ?? ''}`);
  }
  const p = catalog.find((x) => x.id === id)!;
  const input = fromTaggedJson(result.counterexampleData);
  try {
    await p.check(await subject(), oracle, input);
  } catch (error) {
    return { result, error, explanation: p.explain?.(input, error) };
  }
  throw new Error(`${id} (seed ${seed}): the shrunk counterexample passed on replay`);
}
