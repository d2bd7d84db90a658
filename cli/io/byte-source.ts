import { open, type FileHandle } from 'node:fs/promises';
import { UsageError, type CommandIo } from '../command.ts';

/**
 * The input of a streaming command (a file of any size, or stdin) read in chunks: the caller asks
 * for `fill(n)` bytes, reads `available()`, then `consume(k)`. Bytes once read are never
 * overwritten: views handed out stay valid (a new buffer holds the unread remainder and the next
 * chunk), so a frame's bytes can be kept while the next ones are read. Memory is one chunk plus
 * the largest unit asked for.
 */
export const CHUNK_BYTES = 1 << 20;

/** The input could not be read (opened, or a read failed half way): exit 2, after what was done. */
export class InputError extends UsageError {}

export class ByteSource {
  private buf: Uint8Array = new Uint8Array(0);
  private start = 0;
  private done = false;
  /** Input offset of available()[0]. */
  offset = 0;

  constructor(
    private readonly chunks: AsyncIterator<Uint8Array>,
    /** The input's size when known (a regular file): for progress and ETA. */
    readonly size: number | undefined,
    readonly name: string,
  ) {}

  /** The bytes read and not consumed yet. */
  available(): Uint8Array {
    return this.buf.subarray(this.start);
  }

  get eof(): boolean {
    return this.done && this.start >= this.buf.length;
  }

  /** At least `n` bytes available; false when the input ended first (what there is stays available). */
  async fill(n: number): Promise<boolean> {
    while (this.buf.length - this.start < n) if (!(await this.more())) return false;
    return true;
  }

  /** Reads one more chunk; false at the end of the input. */
  async more(): Promise<boolean> {
    if (this.done) return false;
    let r: IteratorResult<Uint8Array>;
    try {
      r = await this.chunks.next();
    } catch (err) {
      this.done = true;
      throw new InputError(`cannot read ${this.name}: ${(err as Error).message}`);
    }
    if (r.done) {
      this.done = true;
      return false;
    }
    const c = r.value;
    const rest = this.buf.length - this.start;
    if (rest === 0) this.buf = c;
    else {
      const next = new Uint8Array(rest + c.length);
      next.set(this.buf.subarray(this.start));
      next.set(c, rest);
      this.buf = next;
    }
    this.start = 0;
    return true;
  }

  consume(n: number): void {
    this.start += n;
    this.offset += n;
  }
}

/** A ByteSource over FILE, or stdin for '-' / no FILE. A missing or unreadable file is an InputError. */
export async function openInput(positionals: readonly string[], io: CommandIo): Promise<ByteSource> {
  if (positionals.length > 1) throw new UsageError(`one input file at most, got ${positionals.length}`);
  const file = positionals[0];
  if (file === undefined || file === '-') return new ByteSource(stdinChunks(io.stdin), undefined, 'stdin');
  let fh: FileHandle;
  let size: number | undefined;
  try {
    fh = await open(file, 'r');
    const st = await fh.stat();
    if (st.isDirectory()) {
      await fh.close();
      throw new Error('is a directory');
    }
    size = st.isFile() ? st.size : undefined;
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as Error).message}`);
  }
  return new ByteSource(fileChunks(fh), size, file);
}

/** Fresh buffers (a ByteSource keeps views of them). */
async function* fileChunks(fh: FileHandle): AsyncGenerator<Uint8Array> {
  try {
    for (;;) {
      const b = new Uint8Array(CHUNK_BYTES);
      const { bytesRead } = await fh.read(b, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield bytesRead === CHUNK_BYTES ? b : b.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

async function* stdinChunks(stdin: NodeJS.ReadableStream): AsyncGenerator<Uint8Array> {
  for await (const c of stdin) yield typeof c === 'string' ? Buffer.from(c) : (c as Uint8Array);
}
