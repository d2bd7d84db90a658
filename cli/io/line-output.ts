/**
 * Output written as it is produced, in batches, honouring backpressure: when the stream's buffer
 * is full, `flush` waits for 'drain' (so a slow reader, `| wc -l`, gets every line and the queue
 * of pending writes stays bounded). A reader that goes away (`| head`: EPIPE, or the stream
 * closed) sets `closed`: the command stops quietly, exit 0, no stack trace.
 */
import { CommandFailure, EXIT } from '../command.ts';

export const BATCH_CHARS = 1 << 16;

/** The output could not be written (no space left, an I/O error): said in one line, exit 2. */
export class OutputError extends CommandFailure {
  constructor(cause: Error) {
    super(`fairwire: cannot write the output: ${cause.message}`, EXIT.usage);
  }
}

export class LineOutput {
  private parts: string[] = [];
  private chars = 0;
  private gone = false;
  private readonly onError = (err: NodeJS.ErrnoException) => {
    if (isClosedPipe(err)) this.gone = true;
    else this.failure ??= new OutputError(err);
  };
  /** A write error other than a closed pipe (e.g. ENOSPC), raised by the next flush. */
  private failure: OutputError | undefined;

  constructor(private readonly out: NodeJS.WritableStream) {
    out.on('error', this.onError);
    out.on('close', this.onClose);
  }

  private readonly onClose = () => {
    this.gone = true;
  };

  /** The reader went away: nothing more will be read, stop. */
  get closed(): boolean {
    return this.gone;
  }

  /** Queues one line (without its newline). */
  line(s: string): void {
    this.parts.push(s, '\n');
    this.chars += s.length + 1;
  }

  /** Enough queued to be worth a write. */
  get full(): boolean {
    return this.chars >= BATCH_CHARS;
  }

  /** Writes what is queued; waits while the stream is over its high-water mark. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.chars === 0 || this.gone) {
      this.parts = [];
      this.chars = 0;
      return;
    }
    const text = this.parts.join('');
    this.parts = [];
    this.chars = 0;
    let ok: boolean;
    try {
      ok = this.out.write(text);
    } catch (err) {
      this.onError(err as NodeJS.ErrnoException);
      if (this.failure) throw this.failure;
      return;
    }
    if (!ok && !this.gone) await this.drained();
    if (this.failure) throw this.failure;
  }

  /** Flushes and detaches (keeps an error listener: a late EPIPE must not crash the process). */
  async end(): Promise<void> {
    await this.flush();
    this.out.off('error', this.onError);
    this.out.off('close', this.onClose);
    this.out.on('error', ignore);
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.out.off('drain', done);
        this.out.off('close', done);
        this.out.off('error', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('close', done);
      this.out.on('error', done);
    });
  }
}

function ignore(): void {}

function isClosedPipe(err: NodeJS.ErrnoException): boolean {
  return err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED' || err.code === 'ERR_STREAM_WRITE_AFTER_END';
}
