/**
 * What every long `fairwire simulate` run needs around its work: stdout that survives a closed
 * pipe (`| head`), progress on stderr that never touches stdout, and Ctrl-C that stops the run
 * between slices of work with what is done so far.
 */
import type { CommandIo } from '../command.ts';
import { interruptible, type Interrupt } from '../signals.ts';

const HEARTBEAT_MS = 5000;

/** A run stopped by Ctrl-C or a closed stdout, after `messagesSeen` messages. */
export class RunInterrupted extends Error {
  override readonly name = 'RunInterrupted';
  constructor(readonly messagesSeen: number) {
    super(`interrupted after ~${messagesSeen} messages`);
  }
}

export class SimulateSession {
  /** The reader of stdout went away (EPIPE): stop writing, stop working. */
  stdoutClosed = false;
  private interruptedFlag = false;
  private readonly tty: boolean;
  private lastHeartbeat = Date.now();
  private statusShown = false;
  private readonly onStdoutError = (err: NodeJS.ErrnoException): void => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') this.stdoutClosed = true;
    else throw err;
  };
  /** Ctrl-C / SIGTERM (cli/signals.ts): the first stops the run between slices, a second quits. */
  private readonly stop: Interrupt;

  constructor(
    private readonly io: CommandIo,
    private readonly label: string,
  ) {
    this.tty = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
    io.stdout.on('error', this.onStdoutError);
    this.stop = interruptible({ log: (line) => this.note(`${label}: ${line}`), finishing: 'stopping after the slice in flight and printing what is done' });
  }

  get interrupted(): boolean {
    return this.interruptedFlag || this.stop.received !== undefined;
  }

  /** The exit code of an interrupted run: 143 after SIGTERM, else 130 (Ctrl-C, or interrupt()). */
  get interruptCode(): number {
    return this.stop.exitCode(130);
  }

  /** Stop working: Ctrl-C, SIGTERM or nobody reading any more. */
  get stopped(): boolean {
    return this.interrupted || this.stdoutClosed;
  }

  /** Test hook and programmatic stop: behave as after Ctrl-C. */
  interrupt(): void {
    this.interruptedFlag = true;
  }

  write(text: string): void {
    if (this.stdoutClosed) return;
    this.clearStatus();
    this.io.stdout.write(text);
  }

  /** A line for people on stderr (seed, notes, warnings). */
  note(text: string): void {
    this.clearStatus();
    this.io.stderr.write(`${text}\n`);
  }

  /** Progress: a self-updating line on a terminal, else at most one line every few seconds. */
  progress(text: string): void {
    if (this.tty) {
      this.io.stderr.write(`\r\u001b[2K${this.label}: ${text.slice(0, 150)}`);
      this.statusShown = true;
    } else if (Date.now() - this.lastHeartbeat >= HEARTBEAT_MS) {
      this.lastHeartbeat = Date.now();
      this.io.stderr.write(`${this.label}: … ${text}\n`);
    }
  }

  /** Lets signals and pipe errors arrive between slices of synchronous work. */
  yield(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  close(): void {
    this.clearStatus();
    this.stop.dispose();
    // The stdout listener stays: an EPIPE may still be emitted after we return.
  }

  private clearStatus(): void {
    if (this.statusShown) {
      this.io.stderr.write('\r\u001b[2K');
      this.statusShown = false;
    }
  }
}
