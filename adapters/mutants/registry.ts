import type { Adapter } from '../adapter.ts';

/**
 * A deliberately wrong implementation with exactly one known bug. The suite's self-test:
 * every mutant is run against every property of its component (the kill matrix, properties/kill-matrix.ts).
 */
export interface Mutant<A extends Adapter<object> = Adapter<object>> {
  /** Unique, kebab-case, e.g. "fast-nullable-not-decremented". */
  readonly name: string;
  readonly component: string;
  /** The one bug, in a sentence. */
  readonly bug: string;
  /** Property ids that catch it: the kill matrix fails unless each of them kills it (at its default runs). */
  readonly killedBy?: readonly string[];
  readonly create: () => A | Promise<A>;
}
