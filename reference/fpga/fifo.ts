/**
 * A bounded FIFO between two pipeline stages (the paper decouples decompressor, microcode engine
 * and DMA engine this way). The producer stalls when it is full; we count stalls and the
 * high-water mark so that a vendor's buffer sizing can be compared with the model's.
 */
export interface FifoStats {
  readonly capacity: number;
  /** Pushes refused because the FIFO was full (the producer stalled a cycle). */
  stalls: number;
  /** Largest occupancy seen. */
  highWater: number;
  /** Entries discarded by a flush (speculative work thrown away). */
  flushed: number;
}

export class BoundedFifo<T> {
  private readonly buf: (T | undefined)[];
  private head = 0;
  private count = 0;
  readonly stats: FifoStats;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`FIFO capacity must be a positive integer, got ${capacity}`);
    this.buf = new Array<T | undefined>(capacity);
    this.stats = { capacity, stalls: 0, highWater: 0, flushed: 0 };
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** False (and a stall counted) when full. */
  push(v: T): boolean {
    if (this.count === this.capacity) {
      this.stats.stalls++;
      return false;
    }
    this.buf[(this.head + this.count) % this.capacity] = v;
    this.count++;
    if (this.count > this.stats.highWater) this.stats.highWater = this.count;
    return true;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const v = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return v;
  }

  /** Drops everything queued (a pipeline flush); returns how many entries were dropped. */
  flush(): number {
    const n = this.count;
    for (let i = 0; i < n; i++) this.buf[(this.head + i) % this.capacity] = undefined;
    this.count = 0;
    this.stats.flushed += n;
    return n;
  }
}
