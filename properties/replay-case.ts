import fc from 'fast-check';
import type { Adapter } from '../adapters/adapter.ts';
import { tryCase } from './case-tries.ts';
import { judged, type UnitState } from './runner-unit.ts';

/**
 * `--replay SEED:PATH`: the one case at PATH of SEED's run, evaluated as it is — never shrunk
 * further (shrinking could walk into another bug, and fast-check's path replay goes on to the
 * candidates after PATH when the case passes). The case runs `tries` times, each on a fresh
 * subject, so a flaky case replays as flaky.
 */
export class ReplayPathError extends Error {
  override readonly name = 'ReplayPathError';
}

export async function replayCase<A extends Adapter<object>>(s: UnitState<A>, replay: { readonly seed: number; readonly path: string }, tries: number): Promise<void> {
  let input: unknown;
  try {
    // Sampled as fc.check generates (asyncProperty(arb) generates and shrinks fc.tuple(arb)).
    const [value] = fc.sample(fc.tuple(s.pred.arbitrary), { seed: replay.seed, path: replay.path, numRuns: 1 });
    if (!value) throw new Error('no case at this path');
    input = value[0];
  } catch (err) {
    throw new ReplayPathError(`--replay ${replay.seed}:${replay.path} names no case of ${s.ctx.p.id}: ${(err as Error).message}`);
  }
  const t = await tryCase(s.ctx, input, tries);
  if (t.of === 0) {
    s.interrupted = true;
    return;
  }
  s.runs = 1;
  if (t.failed === 0) return; // holds now (a fixed bug, or a flaky case that passed every try)
  s.found.push(judged({ signature: t.signature!, error: t.error, input, seed: replay.seed, path: replay.path, fromExample: false }, t));
}
