/** What every implementation plugged into fairwire provides, whatever its component. */
export interface Adapter<Caps extends object = Record<string, boolean>> {
  /** Human-readable name, e.g. "reference", "mutant:nullable-not-decremented", "cmd:./vendor". */
  readonly name: string;
  /** Component this adapter implements: "fast", "fpga", "net", "matching", "loq", "sequencer", ... */
  readonly component: string;
  /** What the implementation supports; properties only generate inputs inside these. */
  readonly capabilities: Readonly<Caps>;
  /** Release resources (child processes, handles). Idempotent. */
  close?(): Promise<void>;
  /**
   * Start afresh: a new vendor process (new handshake, loaded state re-sent), a new instance in
   * process. The runner calls it before re-trying a failure (flaky detection) and after a fault,
   * so that every try of a case starts from the same state. Absent: the adapter is stateless
   * between cases.
   */
  restart?(): Promise<void>;
  /** A case starts: what `observe` reports is reset. */
  beginCase?(): void;
  /** What the implementation showed during the current case, for a failure or fault report. */
  observe?(): CaseObservation;
}

/** What an implementation showed while one case ran (bounded: tails, not whole logs). */
export interface CaseObservation {
  /** The last lines of its stderr (a vendor process), at most a few KiB. */
  readonly stderrTail?: string;
  /** Every request sent to it during the case, in order (protocol messages as JSON values). */
  readonly requests?: readonly unknown[];
}

/** Sync or async: in-process adapters answer at once, out-of-process ones over a pipe. */
export type MaybePromise<T> = T | Promise<T>;
