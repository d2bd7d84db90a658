import { SequencerError } from './errors.ts';

/**
 * A growable ring-buffer FIFO of sequencer entries, stored as parallel arrays so that the hot
 * path allocates nothing once the ring has reached its working size. Each entry is a key
 * (timestamp, participant), a dummy flag and a payload.
 */
export class RingFifo<T> {
  private ts: Float64Array;
  private pid: Int32Array;
  private dummy: Uint8Array;
  private payload: (T | undefined)[];
  private head = 0;
  private count = 0;
  private mask: number;

  constructor(
    initialCapacity = 16,
    /** Hard bound on buffered entries: beyond it, enqueue throws `overflow`. */
    private readonly maxEntries = 1 << 24,
  ) {
    let cap = 1;
    while (cap < initialCapacity) cap <<= 1;
    this.ts = new Float64Array(cap);
    this.pid = new Int32Array(cap);
    this.dummy = new Uint8Array(cap);
    this.payload = new Array<T | undefined>(cap).fill(undefined);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  push(ts: number, pid: number, isDummy: boolean, payload: T | undefined): void {
    if (this.count === this.mask + 1) this.grow();
    const i = (this.head + this.count) & this.mask;
    this.ts[i] = ts;
    this.pid[i] = pid;
    this.dummy[i] = isDummy ? 1 : 0;
    this.payload[i] = payload;
    this.count++;
  }

  /** Key and flags of the head; callers check `size > 0` first. */
  headTs(): number {
    return this.ts[this.head]!;
  }
  headPid(): number {
    return this.pid[this.head]!;
  }
  headIsDummy(): boolean {
    return this.dummy[this.head] === 1;
  }
  headPayload(): T | undefined {
    return this.payload[this.head];
  }

  /** Drops the head (its fields must have been read before). */
  shift(): void {
    this.payload[this.head] = undefined; // let the payload be collected
    this.head = (this.head + 1) & this.mask;
    this.count--;
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    if (cap > this.maxEntries * 2) {
      throw new SequencerError('overflow', `more than ${this.maxEntries} entries buffered for one link`);
    }
    const ts = new Float64Array(cap);
    const pid = new Int32Array(cap);
    const dummy = new Uint8Array(cap);
    const payload = new Array<T | undefined>(cap).fill(undefined);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & this.mask;
      ts[k] = this.ts[i]!;
      pid[k] = this.pid[i]!;
      dummy[k] = this.dummy[i]!;
      payload[k] = this.payload[i];
    }
    this.ts = ts;
    this.pid = pid;
    this.dummy = dummy;
    this.payload = payload;
    this.head = 0;
    this.mask = cap - 1;
  }
}
