/**
 * The simulator's event queue: events come out by (time, insertion sequence), so events at the
 * same time come out in the order they were scheduled — the tie rule that makes a run
 * deterministic. Each event carries three int32 payload words (what the caller needs to find its
 * data: a kind, a node, a message...). Times are integer nanoseconds held in float64 (exact up to
 * 2^53 ns ≈ 104 days).
 *
 * Structure: a timing wheel in front of a heap. Simulated networks schedule almost everything a
 * few tens of µs ahead (a hop), so the near future is cut into NB buckets of 2^WB ns: an event
 * there is appended to its bucket's list in O(1), and a bucket is sorted by (time, seq) only when
 * time reaches it (a few dozen events; insertion sort). Events beyond the wheel's horizon wait in
 * a 4-ary min-heap and move into the wheel as it turns. An event scheduled into the bucket being
 * drained is inserted into its sorted remainder. All pending events sit in one pool of typed
 * arrays with a free list; everything doubles when full, so memory follows what is in flight.
 * Nothing is allocated per event in steady state.
 *
 * `stage` + `commit` schedule a batch (a node's answer) once the caller has accepted all of it.
 */
import { SimulationInputError } from './errors.ts';

/** 2^26 pending events (~2 GiB of arrays) is far past any run we intend: a bug, not a workload. */
export const MAX_QUEUE_CAPACITY = 1 << 26;
/** Bucket width 2^WB ns (256 ns: ~8 events a bucket at N = 1000, H = 2, 10k msgs/s) and count: a 524 µs horizon. */
const WB = 8;
const BUCKET_NS = 1 << WB;
const NB = 2048;
const MASK = NB - 1;
const NIL = -1;

export class EventQueue {
  // The pool of pending events (index = entry), linked through eNext in wheel buckets.
  private eTime: Float64Array;
  private eSeq: Float64Array;
  private eA: Int32Array;
  private eB: Int32Array;
  private eC: Int32Array;
  private eNext: Int32Array;
  private freeHead = NIL;
  private poolTop = 0;

  // The wheel: bucket `cur` is being drained from buf; buckets cur+1 .. cur+NB−1 are lists.
  private readonly head = new Int32Array(NB).fill(NIL);
  private readonly tail = new Int32Array(NB).fill(NIL);
  private wheelCount = 0;
  private cur = 0;
  private buf: Int32Array;
  private bufPos = 0;
  private bufLen = 0;

  // Beyond the horizon: a 4-ary min-heap of entries.
  private heap: Int32Array;
  private hn = 0;

  private pending = 0;
  private nextSeq = 0;
  private stagedE: Int32Array = new Int32Array(64);
  private staged = 0;

  /** The popped event's fields (valid after pop() returned true). */
  t = 0;
  a = 0;
  b = 0;
  c = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity | 0);
    this.eTime = new Float64Array(cap);
    this.eSeq = new Float64Array(cap);
    this.eA = new Int32Array(cap);
    this.eB = new Int32Array(cap);
    this.eC = new Int32Array(cap);
    this.eNext = new Int32Array(cap);
    this.buf = new Int32Array(256);
    this.heap = new Int32Array(256);
  }

  get size(): number {
    return this.pending;
  }

  /** Events scheduled so far (the next insertion sequence number). */
  get scheduled(): number {
    return this.nextSeq;
  }

  /** Earliest pending time, or Infinity when empty. */
  peekTime(): number {
    if (this.bufPos === this.bufLen && !this.advance()) return Infinity;
    return this.eTime[this.buf[this.bufPos]!]!;
  }

  /** Schedules one event at integer time `t` with payload (a, b, c), int32 each. */
  push(t: number, a: number, b: number, c: number): void {
    const e = this.alloc();
    this.eTime[e] = t;
    this.eSeq[e] = this.nextSeq++;
    this.eA[e] = a;
    this.eB[e] = b;
    this.eC[e] = c;
    this.pending++;
    this.place(e, t);
  }

  /**
   * Adds an event to the batch `commit` will schedule (a node's answer: the harness checks every
   * action first). Its sequence number is taken now, so the order is as if pushed now.
   */
  stage(t: number, a: number, b: number, c: number): void {
    const e = this.alloc();
    this.eTime[e] = t;
    this.eSeq[e] = this.nextSeq++;
    this.eA[e] = a;
    this.eB[e] = b;
    this.eC[e] = c;
    if (this.staged === this.stagedE.length) this.stagedE = grownI(this.stagedE, this.staged * 2);
    this.stagedE[this.staged++] = e;
  }

  /** Schedules the staged batch. */
  commit(): void {
    const n = this.staged;
    this.staged = 0;
    for (let i = 0; i < n; i++) {
      const e = this.stagedE[i]!;
      this.pending++;
      this.place(e, this.eTime[e]!);
    }
  }

  /** Removes the earliest event into (t, a, b, c); false when empty. */
  pop(): boolean {
    if (this.bufPos === this.bufLen && !this.advance()) return false;
    const e = this.buf[this.bufPos++]!;
    this.t = this.eTime[e]!;
    this.a = this.eA[e]!;
    this.b = this.eB[e]!;
    this.c = this.eC[e]!;
    this.eNext[e] = this.freeHead;
    this.freeHead = e;
    this.pending--;
    return true;
  }

  /** Drops every pending event (the sequence counter keeps counting). */
  clear(): void {
    this.head.fill(NIL);
    this.tail.fill(NIL);
    this.wheelCount = 0;
    this.bufPos = this.bufLen = 0;
    this.hn = 0;
    this.freeHead = NIL;
    this.poolTop = 0;
    this.pending = 0;
    this.staged = 0;
  }

  /** Puts entry e (time t) where it waits: the drained bucket, a wheel bucket, or the heap. */
  private place(e: number, t: number): void {
    const bk = Math.floor(t / BUCKET_NS);
    const d = bk - this.cur;
    if (d <= 0 && this.bufLen !== 0) {
      this.insertIntoBuf(e, t);
    } else if (d < NB && d > 0) {
      const s = bk & MASK;
      this.eNext[e] = NIL;
      if (this.head[s] === NIL) this.head[s] = e;
      else this.eNext[this.tail[s]!] = e;
      this.tail[s] = e;
      this.wheelCount++;
    } else if (d <= 0) {
      // Nothing is being drained (empty, or between buckets): bucket cur's list is next anyway.
      const s = this.cur & MASK;
      this.eNext[e] = NIL;
      if (this.head[s] === NIL) this.head[s] = e;
      else this.eNext[this.tail[s]!] = e;
      this.tail[s] = e;
      this.wheelCount++;
    } else {
      this.heapPush(e);
    }
  }

  /** Inserts e into the sorted remainder of the drained bucket, by (time, seq). */
  private insertIntoBuf(e: number, t: number): void {
    if (this.bufLen === this.buf.length) {
      if (this.bufPos > 0) {
        this.buf.copyWithin(0, this.bufPos, this.bufLen);
        this.bufLen -= this.bufPos;
        this.bufPos = 0;
      }
      if (this.bufLen === this.buf.length) this.buf = grownI(this.buf, this.buf.length * 2);
    }
    const buf = this.buf;
    const eTime = this.eTime;
    const eSeq = this.eSeq;
    const q = eSeq[e]!; // a staged event committed late is older than what it may pass
    let j = this.bufLen++;
    while (j > this.bufPos) {
      const f = buf[j - 1]!;
      const ft = eTime[f]!;
      if (ft < t || (ft === t && eSeq[f]! < q)) break;
      buf[j] = f;
      j--;
    }
    buf[j] = e;
  }

  /** Turns the wheel to the next non-empty bucket and sorts it into buf; false when empty. */
  private advance(): boolean {
    this.bufPos = this.bufLen = 0;
    for (;;) {
      if (this.wheelCount === 0) {
        if (this.hn === 0) return false;
        const next = Math.floor(this.eTime[this.heap[0]!]! / BUCKET_NS);
        // Jump (or, for a bucket already reached, stay): the wheel is empty either way.
        if (next > this.cur) this.cur = next;
      } else if (this.head[this.cur & MASK] === NIL) {
        this.cur++;
      }
      // Entries the horizon now covers leave the heap.
      const horizon = this.cur + NB;
      while (this.hn !== 0 && Math.floor(this.eTime[this.heap[0]!]! / BUCKET_NS) < horizon) {
        const e = this.heapPop();
        const bk = Math.max(this.cur, Math.floor(this.eTime[e]! / BUCKET_NS));
        const s = bk & MASK;
        this.eNext[e] = NIL;
        if (this.head[s] === NIL) this.head[s] = e;
        else this.eNext[this.tail[s]!] = e;
        this.tail[s] = e;
        this.wheelCount++;
      }
      const s = this.cur & MASK;
      if (this.head[s] !== NIL) {
        this.load(s);
        return true;
      }
    }
  }

  /** Moves bucket s's list into buf and sorts it by (time, seq). */
  private load(s: number): void {
    let n = 0;
    for (let e = this.head[s]!; e !== NIL; e = this.eNext[e]!) {
      if (n === this.buf.length) this.buf = grownI(this.buf, n * 2);
      this.buf[n++] = e;
    }
    this.head[s] = NIL;
    this.tail[s] = NIL;
    this.wheelCount -= n;
    const buf = this.buf;
    const eTime = this.eTime;
    const eSeq = this.eSeq;
    if (n > 96 && !this.countingSort(n)) {
      const idx = Array.from(buf.subarray(0, n));
      idx.sort((x, y) => eTime[x]! - eTime[y]! || eSeq[x]! - eSeq[y]!);
      buf.set(idx);
    } else {
      // Insertion sort by (time, seq): the whole sort for a few dozen events; after the counting
      // sort, it only mends ties whose list order was not seq order (cheap: nearly sorted).
      for (let i = 1; i < n; i++) {
        const e = buf[i]!;
        const t = eTime[e]!;
        const q = eSeq[e]!;
        let j = i;
        while (j > 0) {
          const f = buf[j - 1]!;
          const ft = eTime[f]!;
          if (ft < t || (ft === t && eSeq[f]! < q)) break;
          buf[j] = f;
          j--;
        }
        buf[j] = e;
      }
    }
    this.bufPos = 0;
    this.bufLen = n;
  }

  /**
   * A crowded bucket: stable counting sort on the time's offset in the bucket (ties keep list
   * order, which is seq order except for staged events committed after later pushes; the
   * insertion pass that follows mends those). False (unsorted) if some event lies outside the
   * bucket (scheduled in the past).
   */
  private countingSort(n: number): boolean {
    const buf = this.buf;
    const eTime = this.eTime;
    const start = this.cur * BUCKET_NS;
    const counts = this.counts.fill(0);
    for (let i = 0; i < n; i++) {
      const off = eTime[buf[i]!]! - start;
      if (off < 0 || off >= BUCKET_NS) return false;
      counts[off + 1]!++;
    }
    for (let k = 1; k <= BUCKET_NS; k++) counts[k]! += counts[k - 1]!;
    if (this.tmp.length < n) this.tmp = new Int32Array(Math.max(n, this.tmp.length * 2));
    const tmp = this.tmp;
    for (let i = 0; i < n; i++) {
      const e = buf[i]!;
      tmp[counts[eTime[e]! - start]!++] = e;
    }
    buf.set(tmp.subarray(0, n));
    return true;
  }

  private readonly counts = new Int32Array(BUCKET_NS + 1);
  private tmp: Int32Array = new Int32Array(256);

  private less(x: number, y: number): boolean {
    const tx = this.eTime[x]!;
    const ty = this.eTime[y]!;
    return tx < ty || (tx === ty && this.eSeq[x]! < this.eSeq[y]!);
  }

  private heapPush(e: number): void {
    if (this.hn === this.heap.length) this.heap = grownI(this.heap, this.hn * 2);
    const h = this.heap;
    let i = this.hn++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      if (!this.less(e, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
  }

  private heapPop(): number {
    const h = this.heap;
    const top = h[0]!;
    const last = h[--this.hn]!;
    const n = this.hn;
    let i = 0;
    for (;;) {
      const first = (i << 2) + 1;
      if (first >= n) break;
      let best = first;
      const end = first + 4 < n ? first + 4 : n;
      for (let ch = first + 1; ch < end; ch++) if (this.less(h[ch]!, h[best]!)) best = ch;
      if (!this.less(h[best]!, last)) break;
      h[i] = h[best]!;
      i = best;
    }
    if (n > 0) h[i] = last;
    return top;
  }

  private alloc(): number {
    if (this.freeHead !== NIL) {
      const e = this.freeHead;
      this.freeHead = this.eNext[e]!;
      return e;
    }
    if (this.poolTop === this.eTime.length) this.grow();
    return this.poolTop++;
  }

  private grow(): void {
    const n = this.eTime.length * 2;
    if (n > MAX_QUEUE_CAPACITY) {
      throw new SimulationInputError(`event queue over ${MAX_QUEUE_CAPACITY} pending events: the run schedules faster than it drains`);
    }
    const f = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.eTime = f(this.eTime);
    this.eSeq = f(this.eSeq);
    this.eA = grownI(this.eA, n);
    this.eB = grownI(this.eB, n);
    this.eC = grownI(this.eC, n);
    this.eNext = grownI(this.eNext, n);
  }
}

function grownI(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
