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
}

/** Sync or async: in-process adapters answer at once, out-of-process ones over a pipe. */
export type MaybePromise<T> = T | Promise<T>;
