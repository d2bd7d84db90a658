import { BoundedFifo, type FifoStats } from './fifo.ts';

/**
 * Stage 1 of the pipeline: stop-bit bytes -> fields aligned to 64-bit words.
 *
 * A stop-bit field is the run of bytes up to and including the first byte with bit 7 set. The
 * decompressor strips the stop bits and hands the engine one entry per field:
 * - `int`: the 7-bit groups concatenated (what the hardware aligns into a 64-bit word; fields of
 *   10 bytes carry up to 70 bits, so the model keeps it as a bigint: the high word is `int >> 64n`);
 * - `chars`: the same bytes with bit 7 cleared, packed 8 to a word (`words()`), plus `length`:
 *   the view ascii strings and presence maps use.
 * Raw fields (the content of unicode strings and byteVectors, which are length-prefixed and carry
 * no stop bits) cannot be found by scanning: the engine asks for them with `raw(n)`, which
 * flushes the speculatively decompressed entries (a pipeline flush, counted) and rewinds.
 */
export interface DecompressedField {
  /** Byte offset of the field's first byte in the stream. */
  readonly offset: number;
  /** Length in bytes. */
  readonly length: number;
  /** Bytes with stop bits cleared (raw fields: the bytes as sent). */
  readonly chars: Uint8Array;
  /** Concatenated 7-bit groups (stop-bit fields only; 0n for raw fields). */
  readonly int: bigint;
  readonly raw: boolean;
}

/** The input ended inside a field (or a raw field runs past the end). */
export class TruncatedInput extends Error {
  override readonly name = 'TruncatedInput';
  constructor(readonly offset: number, what: string) {
    super(`stream ends inside ${what} starting at byte ${offset}`);
  }
}

/** Packs bytes into little-endian 64-bit words, as the FIFO carries them. */
export function packWords(bytes: Uint8Array): bigint[] {
  const words: bigint[] = [];
  for (let i = 0; i < bytes.length; i += 8) {
    let w = 0n;
    for (let k = Math.min(7, bytes.length - 1 - i); k >= 0; k--) w = (w << 8n) | BigInt(bytes[i + k]!);
    words.push(w);
  }
  return words;
}

/** Longest stop-bit field given an integer view (overlong encodings included). */
export const MAX_INT_FIELD = 32;

/** A stop-bit field; the integer view is built on first use (strings never need it). */
class StopBitField implements DecompressedField {
  readonly raw = false;
  private cached: bigint | undefined;
  constructor(
    readonly offset: number,
    readonly length: number,
    readonly chars: Uint8Array,
  ) {}

  get int(): bigint {
    if (this.cached === undefined) {
      const c = this.chars;
      // Integer view only for widths an (overlong) integer could have; long strings skip it.
      if (this.length > MAX_INT_FIELD) this.cached = -1n;
      else if (this.length <= 7) {
        let n = 0;
        for (let k = 0; k < this.length; k++) n = n * 128 + c[k]!;
        this.cached = BigInt(n);
      } else {
        let v = 0n;
        for (let k = 0; k < this.length; k++) v = (v << 7n) | BigInt(c[k]!);
        this.cached = v;
      }
    }
    return this.cached;
  }
}

export class Decompressor {
  private readonly fifo: BoundedFifo<DecompressedField>;
  /** Where the decompressor scans next (ahead of what the engine consumed). */
  private scan: number;
  /** Where the engine's consumption stands. */
  private consumed: number;
  /** A scan error met ahead of the engine: raised only if the engine gets that far. */
  private pendingError: TruncatedInput | undefined;

  constructor(private readonly bytes: Uint8Array, fifoCapacity = 8, start = 0) {
    this.fifo = new BoundedFifo(fifoCapacity);
    this.scan = start;
    this.consumed = start;
  }

  get stats(): FifoStats {
    return this.fifo.stats;
  }

  /** Byte offset of the next field the engine will receive. */
  get position(): number {
    return this.consumed;
  }

  get atEnd(): boolean {
    return this.consumed >= this.bytes.length;
  }

  /** The next stop-bit field; throws TruncatedInput if the stream ends inside it. */
  next(): DecompressedField {
    if (this.fifo.size === 0) this.fill();
    const f = this.fifo.shift();
    if (f === undefined) throw this.pendingError ?? new TruncatedInput(this.consumed, 'a field');
    this.consumed = f.offset + f.length;
    return f;
  }

  /** Moves the read point (the JIT's slow path hands the engine a field at a byte offset). */
  seek(pos: number): void {
    this.fifo.flush();
    this.pendingError = undefined;
    this.scan = this.consumed = pos;
  }

  /** The next `n` bytes as a raw field (flushes the speculative entries). */
  raw(n: number): DecompressedField {
    this.fifo.flush();
    this.pendingError = undefined;
    const offset = this.consumed;
    if (n > this.bytes.length - offset) throw new TruncatedInput(offset, `a ${n}-byte raw field`);
    const chars = this.bytes.subarray(offset, offset + n);
    this.consumed = this.scan = offset + n;
    return { offset, length: n, chars, int: 0n, raw: true };
  }

  /** Runs ahead until the FIFO is full or the input ends (counting the stall that stops it). */
  private fill(): void {
    while (this.pendingError === undefined && this.scan < this.bytes.length) {
      if (this.fifo.full) {
        this.fifo.push(undefined as never); // counted as a stall, refused
        return;
      }
      const start = this.scan;
      let i = start;
      while (i < this.bytes.length && (this.bytes[i]! & 0x80) === 0) i++;
      if (i === this.bytes.length) {
        this.pendingError = new TruncatedInput(start, 'a stop-bit field');
        return;
      }
      const length = i - start + 1;
      const chars = new Uint8Array(length);
      for (let k = 0; k < length; k++) chars[k] = this.bytes[start + k]! & 0x7f;
      this.fifo.push(new StopBitField(start, length, chars));
      this.scan = i + 1;
    }
  }
}
