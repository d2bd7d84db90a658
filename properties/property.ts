import type * as fc from 'fast-check';
import type { Adapter } from '../adapters/adapter.ts';
import type { Explanation } from './explanation.ts';
import type { CaseFigures, FigureSpecs } from './figures.ts';

/**
 * A property of a component: for every input the arbitrary generates (inside the subject's
 * declared capabilities), `check` must return normally. `check` throws a `Mismatch` (see
 * mismatch.ts) when the subject disagrees with the oracle or breaks an invariant; any other
 * throw from the subject is a failure too, and an `AdapterFault` is reported as a fault.
 *
 * Ids are hierarchical, stable and never reused: `<component>.<area>.<name>`.
 */
export interface Property<Subject extends Adapter<object> = Adapter<object>, Input = unknown, Observed = any> {
  readonly id: string;
  readonly component: string;
  readonly title: string;
  /**
   * Capability flags the subject must declare for this property to run at all (else: skipped).
   * Typed as the subject's capability keys, so a misspelled capability does not compile (it
   * would silently skip the property for every subject).
   */
  readonly requires: readonly CapabilityKey<Subject>[];
  /** Inputs, generated within the subject's capabilities. Must shrink well. */
  readonly arbitrary: (capabilities: Subject['capabilities']) => fc.Arbitrary<Input>;
  /**
   * Judges one case. What it returns (the harness's observation of the subject, e.g. the
   * recorded run) is handed to `measure` when the case passed.
   */
  readonly check: (subject: Subject, oracle: Subject, input: Input) => Observed | Promise<Observed>;
  /** Runs per property when the run does not set --runs (default: the runner's, 100). */
  readonly defaultRuns?: number;
  /**
   * Documented expected failure of the *reference* (e.g. the CloudEx baseline under a delay
   * above its timeout): the property exists to produce a counterexample. The runner reports
   * `expected-failure` when it fails and flags it when it unexpectedly passes.
   */
  readonly expectedFailure?: { readonly reason: string; readonly spec: string };
  /** Renders an input for the report (canonical JSON-able). Default: the input itself. */
  readonly describe?: (input: Input) => unknown;
  /**
   * Explains a shrunk counterexample to a person (properties/explanation.ts), from the input and
   * the error `check` threw (usually a Mismatch). Called once per reported failure, never while
   * shrinking; may re-run the reference on the input. Undefined: no explanation beyond the message.
   */
  readonly explain?: (input: Input, error: unknown) => Explanation | undefined;
  /** The figures `measure` gives, by name: title and unit (properties/figures.ts). */
  readonly figures?: FigureSpecs;
  /**
   * Integer figures of one passing case (e.g. release spread in ns), from the input and what
   * `check` returned — the harness's or reference's observation of the subject, never the
   * subject's own account. Called on the passing cases of the generated run only (not on shrink
   * steps, not on re-tries); the runner aggregates them into the result's `figures`. A measure
   * that throws changes no verdict (the figures count it as an error).
   */
  readonly measure?: (input: Input, observed: Observed) => CaseFigures;
}

/** The capability flags a subject of this type declares. */
export type CapabilityKey<Subject extends Adapter<object>> = keyof Subject['capabilities'] & string;

/** A catalog is an ordered list of properties of one component. */
export type Catalog<Subject extends Adapter<object> = Adapter<object>> = readonly Property<Subject, any, any>[];

/** Helper that keeps the input type flowing from arbitrary to check (and check's observation to measure). */
export function defineProperty<Subject extends Adapter<object>, Input, Observed = void>(
  p: Property<Subject, Input, Observed>,
): Property<Subject, Input, Observed> {
  return p;
}
