import { LoqError } from './errors.ts';
import { CLS_SPAN, TS_SPAN, packKey, unpackClass, unpackTs } from './packed-key.ts';

/** Bases leave this much room below the smallest queued class / timestamp (late or re-tagged input). */
const CLS_SLACK = 32;
const TS_SLACK = 2 ** 36;

/**
 * 4-ary min-heap keyed by the tuple (class, timestamp, participant, arrival): `class` packs the
 * LOQ's (epoch, critical?) as epoch * 2 + (critical ? 0 : 1), exact while epoch < 2^51; arrival
 * makes equal keys FIFO and the order total. Callers pass integral class and timestamp.
 *
 * Layout: entry fields live in slots (parallel typed arrays, recycled through a free list);
 * the heap itself is two arrays in heap order, the slot number and, in packed mode, the packed
 * (class, timestamp) key (packed-key.ts), so a comparison is one double compare on adjacent
 * memory and participant/arrival are read only on a tie. In packed mode the key is the only
 * copy of (class, timestamp) (unpacked exactly when needed); the slots hold them in fallback
 * mode, written back from the keys when the heap leaves packed mode. When an entry does not fit the bit
 * budget the heap re-bases every key (O(n), allowed once per n pushes so it amortises to O(1))
 * or, if the queued spread is too wide, falls back to comparing the tuple through the slots,
 * re-trying the packing after every further n pushes. Pops go bottom-up (hole to a leaf, then
 * the last entry sifts up). Four children per node halve the levels a pop walks, and the four
 * keys it compares share one or two cache lines; the winner among them is picked without
 * branches (which child is smallest is a coin flip, so branches mispredicted on most levels).
 * Measured against the binary heap it replaced (same process, CPU time, bench/loq.bench.ts
 * workload): ~0.7× the cost per push+pop pair at depth 16384, ~0.75× at 1024, ~0.9× at 64. A
 * 4-ary heap with branches, and keys interleaved with slots, were no faster. Nothing is
 * allocated per push or pop once the arrays have grown to the working depth.
 *
 * JIT note: the tuple fallback lives in cold methods (pushSlow, popTuple) so that push and pop
 * stay small: V8 inlines at most ~920 bytes of bytecode into one optimised function, and a
 * caller that inlines push and pop should get their hot callees too.
 */
export class TupleHeap<T> {
  /** Class and timestamp per slot: kept in fallback mode only (see above). */
  private cls: Float64Array;
  private ts: Float64Array;
  private pid: Int32Array;
  private arr: Float64Array;
  private items: (T | undefined)[];
  /** Heap order: slot numbers and (packed mode) their keys. */
  private at: Int32Array;
  private key: Float64Array;
  private free: Int32Array;
  private nFree: number;
  private n = 0;
  private arrivals = 0;
  private isPacked = true;
  private clsBase = 0;
  private tsBase = 0;
  private pushesSinceRebase = 0;
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
    this.at = new Int32Array(cap);
    this.key = new Float64Array(cap);
    this.free = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.free[i] = cap - 1 - i;
    this.nFree = cap;
  }

  get size(): number {
    return this.n;
  }

  /** Whether comparisons currently use the packed key (false: tuple fallback). For tests. */
  get packed(): boolean {
    return this.isPacked;
  }

  push(cls: number, ts: number, pid: number, item: T): void {
    if (this.nFree === 0) this.grow();
    const s = this.free[--this.nFree]!;
    this.pid[s] = pid;
    this.arr[s] = this.arrivals++;
    this.items[s] = item;
    this.pushesSinceRebase++;
    const k = this.isPacked ? packKey(cls, ts, this.clsBase, this.tsBase) : -1;
    if (k < 0) return this.pushSlow(cls, ts, s);
    this.at[this.siftUpPacked(this.n++, k, s)] = s;
  }

  /** Removes and returns the smallest entry; its class is left in `poppedClass`. */
  pop(): T | undefined {
    const last = this.n - 1;
    if (last < 0) return undefined;
    if (!this.isPacked) return this.popTuple();
    const A = this.at;
    const K = this.key;
    const top = A[0]!;
    const item = this.items[top];
    this.items[top] = undefined; // let the order be collected
    this.poppedClass = unpackClass(K[0]!) + this.clsBase;
    this.free[this.nFree++] = top;
    this.n = last;
    if (last === 0) return item;
    // Bottom-up: move the smallest child into the hole down to a leaf, then sift the last
    // entry up from there (it usually belongs near the bottom).
    let i = 0;
    for (;;) {
      let c = 4 * i + 1;
      if (c >= last) break;
      let kc = K[c]!;
      if (c + 3 < last) {
        // All four children (the common case): a branch-free tournament. Which child wins is
        // a coin flip, so branches would mispredict; a compare used as 0/1 does not. Equal
        // keys (rare) need participant/arrival and take the general loop below instead.
        const k0 = kc;
        const k1 = K[c + 1]!;
        const k2 = K[c + 2]!;
        const k3 = K[c + 3]!;
        if (k0 !== k1 && k2 !== k3) {
          const a = c + +(k1 < k0);
          const b = c + 2 + +(k3 < k2);
          const ka = K[a]!;
          const kb = K[b]!;
          if (ka !== kb) {
            const w = +(kb < ka);
            c = a + (b - a) * w;
            kc = K[c]!;
            K[i] = kc;
            A[i] = A[c]!;
            i = c;
            continue;
          }
        }
      }
      const e = c + 4 < last ? c + 4 : last;
      let m = c;
      for (let j = c + 1; j < e; j++) {
        const kj = K[j]!;
        if (kj < kc || (kj === kc && this.tieLess(A[j]!, A[m]!))) {
          m = j;
          kc = kj;
        }
      }
      c = m;
      K[i] = kc;
      A[i] = A[c]!;
      i = c;
    }
    const s = A[last]!;
    A[this.siftUpPacked(i, K[last]!, s)] = s;
    return item;
  }

  /** push() off the packed path: re-base (amortised: once per n pushes) or compare tuples. */
  private pushSlow(cls: number, ts: number, s: number): void {
    // The new slot is not in the heap yet: rebase() sees the n queued entries plus (cls, ts).
    const k = this.pushesSinceRebase > this.n ? this.rebase(cls, ts) : -1;
    if (k < 0 && this.isPacked) this.unpackAll(); // the slots' class/timestamp become authoritative
    let i = this.n++;
    if (k >= 0) i = this.siftUpPacked(i, k, s);
    else {
      this.isPacked = false;
      this.cls[s] = cls;
      this.ts[s] = ts;
      i = this.siftUpTuple(i, s);
    }
    this.at[i] = s;
  }

  /** Leaving packed mode: writes every queued entry's class and timestamp back to its slot. */
  private unpackAll(): void {
    const A = this.at;
    const K = this.key;
    for (let i = 0; i < this.n; i++) {
      const s = A[i]!;
      this.cls[s] = unpackClass(K[i]!) + this.clsBase;
      this.ts[s] = unpackTs(K[i]!) + this.tsBase;
    }
  }

  /** pop() in fallback mode: the same bottom-up pop, comparing tuples through the slots. */
  private popTuple(): T | undefined {
    const A = this.at;
    const top = A[0]!;
    const item = this.items[top];
    this.items[top] = undefined;
    this.poppedClass = this.cls[top]!;
    this.free[this.nFree++] = top;
    const last = --this.n;
    if (last === 0) return item;
    const s = A[last]!;
    let i = 0;
    for (;;) {
      const c = 4 * i + 1;
      if (c >= last) break;
      let m = c;
      const e = Math.min(c + 4, last);
      for (let j = c + 1; j < e; j++) if (this.tupleLess(A[j]!, A[m]!)) m = j;
      A[i] = A[m]!;
      i = m;
    }
    A[this.siftUpTuple(i, s)] = s;
    return item;
  }

  /** Moves the hole at i up until slot s (packed key k) fits; writes k there, returns the hole. */
  private siftUpPacked(i: number, k: number, s: number): number {
    const K = this.key;
    const A = this.at;
    while (i > 0) {
      const up = (i - 1) >> 2;
      const ku = K[up]!;
      if (k > ku || (k === ku && !this.tieLess(s, A[up]!))) break;
      K[i] = ku;
      A[i] = A[up]!;
      i = up;
    }
    K[i] = k;
    return i;
  }

  /** The same by full tuple comparison (the fallback when keys do not pack). */
  private siftUpTuple(i: number, s: number): number {
    const A = this.at;
    while (i > 0) {
      const up = (i - 1) >> 2;
      const u = A[up]!;
      if (!this.tupleLess(s, u)) break;
      A[i] = u;
      i = up;
    }
    return i;
  }

  /** Slots a and b have equal (class, timestamp): participant, then arrival. */
  private tieLess(a: number, b: number): boolean {
    const P = this.pid;
    const pa = P[a]!;
    const pb = P[b]!;
    if (pa !== pb) return pa < pb;
    return this.arr[a]! < this.arr[b]!;
  }

  /** The full tuple comparison (fallback mode). */
  private tupleLess(a: number, b: number): boolean {
    const C = this.cls;
    const ca = C[a]!;
    const cb = C[b]!;
    if (ca !== cb) return ca < cb;
    const Ts = this.ts;
    const ta = Ts[a]!;
    const tb = Ts[b]!;
    if (ta !== tb) return ta < tb;
    return this.tieLess(a, b);
  }

  /**
   * New bases from the queued entries and the incoming (cls, ts), re-packing every queued key
   * (order-preserving, so the heap shape stays valid). Returns the incoming key, or -1 (and the
   * heap stays/goes in fallback mode) when the spread does not fit half the budget — the other
   * half is headroom, so re-bases are rare.
   */
  private rebase(cls: number, ts: number): number {
    this.pushesSinceRebase = 0;
    const A = this.at;
    const K = this.key;
    const n = this.n;
    // Queued (class, timestamp): from the keys in packed mode (the slots are not kept up to
    // date there), from the slots in fallback mode.
    const packed = this.isPacked;
    const ob = this.clsBase;
    const otb = this.tsBase;
    const clsOf = (i: number) => (packed ? unpackClass(K[i]!) + ob : this.cls[A[i]!]!);
    const tsOf = (i: number) => (packed ? unpackTs(K[i]!) + otb : this.ts[A[i]!]!);
    let c0 = cls;
    let c1 = cls;
    let t0 = ts;
    let t1 = ts;
    for (let i = 0; i < n; i++) {
      const c = clsOf(i);
      const t = tsOf(i);
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
      if (t < t0) t0 = t;
      if (t > t1) t1 = t;
    }
    // Bases stay safe integers: slack is taken only where there is room for it.
    const cb = Math.max(c0, Number.MIN_SAFE_INTEGER + CLS_SLACK) - CLS_SLACK;
    const tb = Math.max(t0, Number.MIN_SAFE_INTEGER + TS_SLACK) - TS_SLACK;
    if (!(c1 - cb < CLS_SPAN / 2 && t1 - tb < TS_SPAN / 2)) return -1;
    if (packKey(c0, t0, cb, tb) < 0 || packKey(c1, t1, cb, tb) < 0) return -1; // NaN, fractions
    for (let i = 0; i < n; i++) K[i] = packKey(clsOf(i), tsOf(i), cb, tb); // clsOf(i) reads K[i] first
    this.clsBase = cb;
    this.tsBase = tb;
    this.isPacked = true;
    return packKey(cls, ts, cb, tb);
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
    this.key = f64(this.key);
    this.pid = i32(this.pid);
    this.at = i32(this.at);
    this.items.length = cap;
    this.items.fill(undefined, old);
    // Every old slot is in use (the free list was empty): the new ones are free.
    this.free = new Int32Array(cap);
    for (let i = 0; i < cap - old; i++) this.free[i] = cap - 1 - i;
    this.nFree = cap - old;
  }
}
