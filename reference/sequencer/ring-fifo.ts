import { SequencerError } from './errors.ts';

/**
 * A growable ring-buffer FIFO of sequencer entries: key (timestamp, participant) and a payload.
 * The two key fields of an entry sit side by side in one Float64Array, so an enqueue or a head
 * read touches one cache line of keys plus the payload slot; the hot path allocates nothing once
 * the ring has reached its working size. Participants are int32 (`| 0`, as an Int32Array would
 * store them). The methods are tiny on purpose: they inline into the sequencer's hot loops.
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

  push(ts: number, pid: number, payload: T | undefined): void {
    if (this.count > this.mask) this.grow();
    const i = (this.head + this.count) & this.mask;
    this.keys[2 * i] = ts;
    this.keys[2 * i + 1] = pid | 0;
    this.payload[i] = payload;
    this.count++;
  }

  /** Key of the head; callers check `size > 0` first. */
  headTs(): number {
    return this.keys[2 * this.head]!;
  }
  headPid(): number {
    return this.keys[2 * this.head + 1]!;
  }
  headPayload(): T | undefined {
    return this.payload[this.head];
  }

  /** Drops the head and returns its payload. */
  shift(): T | undefined {
    const h = this.head;
    const x = this.payload[h];
    this.payload[h] = undefined; // let the payload be collected
    this.head = (h + 1) & this.mask;
    this.count--;
    return x;
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
