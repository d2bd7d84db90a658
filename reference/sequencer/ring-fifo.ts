import { SequencerError } from './errors.ts';

/** A dummy's participant is stored offset by 2^33: int32 ids stay below 2^31, dummies above 2^32. */
const DUMMY = 2 ** 33;
const IS_DUMMY = 2 ** 32;

/**
 * A growable ring-buffer FIFO of sequencer entries: key (timestamp, participant), a dummy flag
 * and a payload. The key and flag of an entry sit side by side in one Float64Array (timestamp,
 * then participant with the dummy flag folded in), so an enqueue or a head read touches one
 * cache line of keys plus the payload slot; the hot path allocates nothing once the ring has
 * reached its working size. Participants are int32 (`| 0`, as an Int32Array would store them).
 */
export class RingFifo<T> {
  private keys: Float64Array;
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
    this.keys = new Float64Array(2 * cap);
    this.payload = new Array<T | undefined>(cap).fill(undefined);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  push(ts: number, pid: number, isDummy: boolean, payload: T | undefined): void {
    if (this.count === this.mask + 1) this.grow();
    const i = (this.head + this.count) & this.mask;
    this.keys[2 * i] = ts;
    this.keys[2 * i + 1] = isDummy ? (pid | 0) + DUMMY : pid | 0;
    this.payload[i] = payload;
    this.count++;
  }

  /** Key and flags of the head; callers check `size > 0` first. */
  headTs(): number {
    return this.keys[2 * this.head]!;
  }
  headPid(): number {
    const v = this.keys[2 * this.head + 1]!;
    return v >= IS_DUMMY ? v - DUMMY : v;
  }
  headIsDummy(): boolean {
    return this.keys[2 * this.head + 1]! >= IS_DUMMY;
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
    const keys = new Float64Array(2 * cap);
    const payload = new Array<T | undefined>(cap).fill(undefined);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & this.mask;
      keys[2 * k] = this.keys[2 * i]!;
      keys[2 * k + 1] = this.keys[2 * i + 1]!;
      payload[k] = this.payload[i];
    }
    this.keys = keys;
    this.payload = payload;
    this.head = 0;
    this.mask = cap - 1;
  }
}
