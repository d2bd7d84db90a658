/**
 * Ctrl-C (SIGINT) and SIGTERM for every long command (conform, fuzz, simulate, kill-matrix,
 * scenarios, ...), so that an interrupted run keeps what it already computed.
 *
 * API (stable):
 *   const stop = interruptible({ log: (line) => progress.log(line) });
 *   try {
 *     ... long work that checks `stop.signal.aborted` (or passes `stop.signal` on) ...
 *     ... write the partial report and the summary ...
 *     return stop.exitCode(normalExitCode);   // 130 after SIGINT, 143 after SIGTERM
 *   } finally {
 *     stop.dispose();                          // always: removes the handlers
 *   }
 *
 * The first signal aborts `stop.signal` and logs one line; the command finishes the step in
 * flight, writes what it has and returns `stop.exitCode(...)`. A second signal (of either kind)
 * quits at once with the first signal's code. `received` says which signal came first.
 *
 * A synchronous loop never lets the event loop deliver a signal: call `await stop.yield()` in it
 * (cheap: it yields at most every 50 ms of wall time).
 *
 * Tests: `process.emit('SIGTERM')` from a timer reaches the handlers in process; `quit` replaces
 * process.exit for the second signal.
 */

/** The conventional exit code of a process ended by a signal: 128 + its number. */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

export type StopSignal = keyof typeof SIGNAL_EXIT;

export interface Interrupt {
  /** Aborted by the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  readonly received: StopSignal | undefined;
  /** `code` unless interrupted; then 130 (SIGINT) or 143 (SIGTERM). */
  exitCode(code: number): number;
  /** Lets the event loop deliver a pending signal; awaits at most one setImmediate per 50 ms. */
  yield(): Promise<void>;
  /** Removes the handlers (idempotent). */
  dispose(): void;
}

export interface InterruptOptions {
  /** Where the "interrupted: ..." line goes (default: stderr). */
  readonly log?: (line: string) => void;
  /** What the command does on the first signal, said in the log line. */
  readonly finishing?: string;
  /** Called on the second signal instead of process.exit (tests). */
  readonly quit?: (code: number) => void;
}

const TURN_MS = 50;

export function interruptible(options: InterruptOptions = {}): Interrupt {
  const abort = new AbortController();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const quit = options.quit ?? ((code: number) => process.exit(code));
  const finishing = options.finishing ?? 'finishing the step in flight and writing what ran';
  let received: StopSignal | undefined;
  let lastTurn = Date.now();
  const handler = (name: StopSignal) => () => {
    if (received) {
      quit(SIGNAL_EXIT[received]);
      return;
    }
    received = name;
    abort.abort(new Error(`interrupted by ${name}`));
    log(`interrupted (${name}): ${finishing} (${name === 'SIGINT' ? 'Ctrl-C' : 'a second signal'} again quits at once)`);
  };
  const onInt = handler('SIGINT');
  const onTerm = handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  let disposed = false;
  return {
    signal: abort.signal,
    get received() {
      return received;
    },
    exitCode: (code) => (received ? SIGNAL_EXIT[received] : code),
    async yield() {
      if (Date.now() - lastTurn < TURN_MS) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastTurn = Date.now();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
