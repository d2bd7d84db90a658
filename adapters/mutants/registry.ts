import type { Adapter } from '../adapter.ts';

/**
 * A deliberately wrong implementation with exactly one known bug. The suite's self-test:
 * the component's catalog must kill every mutant (the kill matrix, see properties/kill-matrix.test.ts).
 */
export interface Mutant<A extends Adapter<object> = Adapter<object>> {
  /** Unique, kebab-case, e.g. "fast-nullable-not-decremented". */
  readonly name: string;
  readonly component: string;
  /** The one bug, in a sentence. */
  readonly bug: string;
  /** Property ids expected to catch it (documentation; the kill matrix checks at least one fails). */
  readonly killedBy?: readonly string[];
  readonly create: () => A | Promise<A>;
}
