import { LoqError } from './errors.ts';

/**
 * Binary min-heap keyed by the tuple (class, timestamp, participant, arrival): `class` packs the
 * LOQ's (epoch, critical?) as epoch * 2 + (critical ? 0 : 1), exact while epoch < 2^51; arrival
 * makes equal keys FIFO and the order total.
 *
 * Entries live in slots (parallel typed arrays, recycled through a free list); the heap orders
 * slot numbers, so a sift moves one int per level instead of five fields. Nothing is allocated
 * per push once the arrays have grown to the working depth.
 */
export class TupleHeap<T> {
  private cls: Float64Array;
  private ts: Float64Array;
  private pid: Int32Array;
  private arr: Float64Array;
  private items: (T | undefined)[];
  private heap: Int32Array;
  private free: Int32Array;
  private nFree: number;
  private n = 0;
  private arrivals = 0;
  /** Class of the last popped entry. */
  poppedClass = 0;

  constructor(
    initialCapacity = 64,
    private readonly maxSize = 1 << 24,
  ) {
    const cap = Math.max(1, initialCapacity);
    this.cls = new Float64Array(cap);
    this.ts = new Float64Array(cap);
    this.pid = new Int32Array(cap);
    this.arr = new Float64Array(cap);
    this.items = new Array<T | undefined>(cap).fill(undefined);
    this.heap = new Int32Array(cap);
    this.free = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.free[i] = cap - 1 - i;
    this.nFree = cap;
  }

  get size(): number {
    return this.n;
  }

  push(cls: number, ts: number, pid: number, item: T): void {
    if (this.nFree === 0) this.grow();
    const s = this.free[--this.nFree]!;
    this.cls[s] = cls;
    this.ts[s] = ts;
    this.pid[s] = pid;
    this.arr[s] = this.arrivals++;
    this.items[s] = item;
    const H = this.heap;
    let i = this.n++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      const u = H[up]!;
      if (!this.less(s, u)) break;
      H[i] = u;
      i = up;
    }
    H[i] = s;
  }

  /** Removes and returns the smallest entry; its class is left in `poppedClass`. */
  pop(): T | undefined {
    if (this.n === 0) return undefined;
    const H = this.heap;
    const top = H[0]!;
    const item = this.items[top];
    this.items[top] = undefined; // let the order be collected
    this.poppedClass = this.cls[top]!;
    this.free[this.nFree++] = top;
    const last = --this.n;
    if (last > 0) {
      const s = H[last]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= last) break;
        const r = c + 1;
        if (r < last && this.less(H[r]!, H[c]!)) c = r;
        const hc = H[c]!;
        if (!this.less(hc, s)) break;
        H[i] = hc;
        i = c;
      }
      H[i] = s;
    }
    return item;
  }

  private less(a: number, b: number): boolean {
    const C = this.cls;
    const ca = C[a]!;
    const cb = C[b]!;
    if (ca !== cb) return ca < cb;
    const Ts = this.ts;
    const ta = Ts[a]!;
    const tb = Ts[b]!;
    if (ta !== tb) return ta < tb;
    const P = this.pid;
    const pa = P[a]!;
    const pb = P[b]!;
    if (pa !== pb) return pa < pb;
    return this.arr[a]! < this.arr[b]!;
  }

  private grow(): void {
    const old = this.cls.length;
    if (this.n >= this.maxSize) throw new LoqError('overflow', `more than ${this.maxSize} orders queued`);
    const cap = old * 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.cls = f64(this.cls);
    this.ts = f64(this.ts);
    this.arr = f64(this.arr);
    this.pid = i32(this.pid);
    this.heap = i32(this.heap);
    this.items.length = cap;
    this.items.fill(undefined, old);
    // Every old slot is in use (the free list was empty): the new ones are free.
    this.free = new Int32Array(cap);
    for (let i = 0; i < cap - old; i++) this.free[i] = cap - 1 - i;
    this.nFree = cap - old;
  }
}
