/** Exit codes shared by every command (130/143: stopped by SIGINT/SIGTERM, see cli/signals.ts). */
export const EXIT = { ok: 0, failure: 1, usage: 2, adapterFault: 3, interrupted: 130, terminated: 143 } as const;

/** A `fairwire` subcommand. `run` returns the exit code; it never calls process.exit. */
export interface Command {
  /** Words after `fairwire`, e.g. ["decode"] or ["net", "synth"]. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Full --help text: usage, options with defaults, at least one example. */
  readonly help: string;
  run(argv: string[], io: CommandIo): Promise<number>;
}

/**
 * A row of the command table (cli/commands/index.ts): what `fairwire --help` lists, without
 * importing the command's module; `load` imports it only when the command is run or its --help
 * is asked, so that no command pays for another's imports.
 */
export interface CommandEntry {
  readonly path: readonly string[];
  readonly summary: string;
  load(): Promise<Command>;
}

export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
}

/** A bad option or argument: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A failure a command has already put into words: `output` goes to stderr as it is and the
 * command exits with `exitCode` (e.g. a template file with a static error: its canonical error
 * line, exit 2). Thrown from shared helpers so that every command reports it the same way.
 */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
  constructor(
    readonly output: string,
    readonly exitCode: number,
  ) {
    super(output);
  }
}
