import { LoqError } from './errors.ts';

/**
 * Binary min-heap keyed by the tuple (class, timestamp, participant, arrival): `class` packs the
 * LOQ's (epoch, critical?) as epoch * 2 + (critical ? 0 : 1), exact while epoch < 2^51; arrival
 * makes equal keys FIFO and the order total. Keys live in parallel typed arrays in heap order
 * (no per-push allocation once grown).
 */
export class TupleHeap<T> {
  private cls: Float64Array;
  private ts: Float64Array;
  private pid: Int32Array;
  private arr: Float64Array;
  private items: (T | undefined)[];
  private n = 0;
  private arrivals = 0;
  /** Key of the last popped entry. */
  poppedClass = 0;

  constructor(
    initialCapacity = 64,
    private readonly maxSize = 1 << 24,
  ) {
    this.cls = new Float64Array(initialCapacity);
    this.ts = new Float64Array(initialCapacity);
    this.pid = new Int32Array(initialCapacity);
    this.arr = new Float64Array(initialCapacity);
    this.items = new Array<T | undefined>(initialCapacity).fill(undefined);
  }

  get size(): number {
    return this.n;
  }

  push(cls: number, ts: number, pid: number, item: T): void {
    if (this.n === this.cls.length) this.grow();
    const a = this.arrivals++;
    const C = this.cls;
    const Ts = this.ts;
    const P = this.pid;
    const A = this.arr;
    const I = this.items;
    let i = this.n++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      const uc = C[up]!;
      if (uc < cls) break;
      if (uc === cls) {
        const ut = Ts[up]!;
        if (ut < ts) break;
        if (ut === ts) {
          const upid = P[up]!;
          if (upid < pid || (upid === pid && A[up]! < a)) break;
        }
      }
      C[i] = uc;
      Ts[i] = Ts[up]!;
      P[i] = P[up]!;
      A[i] = A[up]!;
      I[i] = I[up];
      i = up;
    }
    C[i] = cls;
    Ts[i] = ts;
    P[i] = pid;
    A[i] = a;
    I[i] = item;
  }

  /** Removes and returns the smallest entry; its class is left in `poppedClass`. */
  pop(): T | undefined {
    if (this.n === 0) return undefined;
    const top = this.items[0];
    this.poppedClass = this.cls[0]!;
    const last = --this.n;
    const C = this.cls;
    const Ts = this.ts;
    const P = this.pid;
    const A = this.arr;
    const I = this.items;
    if (last > 0) {
      const cls = C[last]!;
      const ts = Ts[last]!;
      const pid = P[last]!;
      const a = A[last]!;
      const item = I[last];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= last) break;
        const r = c + 1;
        if (r < last && this.less(r, c)) c = r;
        const cc = C[c]!;
        if (cls < cc) break;
        if (cls === cc) {
          const ct = Ts[c]!;
          if (ts < ct) break;
          if (ts === ct) {
            const cp = P[c]!;
            if (pid < cp || (pid === cp && a < A[c]!)) break;
          }
        }
        C[i] = cc;
        Ts[i] = Ts[c]!;
        P[i] = P[c]!;
        A[i] = A[c]!;
        I[i] = I[c];
        i = c;
      }
      C[i] = cls;
      Ts[i] = ts;
      P[i] = pid;
      A[i] = a;
      I[i] = item;
    }
    I[last] = undefined;
    return top;
  }

  private less(i: number, j: number): boolean {
    const ci = this.cls[i]!;
    const cj = this.cls[j]!;
    if (ci !== cj) return ci < cj;
    const ti = this.ts[i]!;
    const tj = this.ts[j]!;
    if (ti !== tj) return ti < tj;
    const pi = this.pid[i]!;
    const pj = this.pid[j]!;
    if (pi !== pj) return pi < pj;
    return this.arr[i]! < this.arr[j]!;
  }

  private grow(): void {
    const cap = this.cls.length * 2;
    if (this.n >= this.maxSize) throw new LoqError('overflow', `more than ${this.maxSize} orders queued`);
    const cls = new Float64Array(cap);
    cls.set(this.cls);
    const ts = new Float64Array(cap);
    ts.set(this.ts);
    const pid = new Int32Array(cap);
    pid.set(this.pid);
    const arr = new Float64Array(cap);
    arr.set(this.arr);
    this.cls = cls;
    this.ts = ts;
    this.pid = pid;
    this.arr = arr;
    this.items.length = cap;
    this.items.fill(undefined, this.n);
  }
}
