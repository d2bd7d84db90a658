/**
 * Min-heap of link indices keyed by (timestamp, participant): the heads of the non-empty
 * per-link queues. Keys are copied into the heap arrays (heap order) so that sifting reads
 * contiguous memory. Capacity is fixed: a link is in the heap at most once.
 */
export class HeadHeap {
  private readonly link: Int32Array;
  private readonly ts: Float64Array;
  private readonly pid: Int32Array;
  private n = 0;

  constructor(capacity: number) {
    this.link = new Int32Array(capacity);
    this.ts = new Float64Array(capacity);
    this.pid = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  topLink(): number {
    return this.link[0]!;
  }

  push(link: number, ts: number, pid: number): void {
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = this.ts[parent]!;
      if (pt < ts || (pt === ts && this.pid[parent]! <= pid)) break;
      this.link[i] = this.link[parent]!;
      this.ts[i] = pt;
      this.pid[i] = this.pid[parent]!;
      i = parent;
    }
    this.link[i] = link;
    this.ts[i] = ts;
    this.pid[i] = pid;
  }

  /** Replaces the top's key (its link's new head) and restores heap order. */
  replaceTop(link: number, ts: number, pid: number): void {
    this.siftDown(0, link, ts, pid);
  }

  popTop(): void {
    const last = --this.n;
    if (last > 0) this.siftDown(0, this.link[last]!, this.ts[last]!, this.pid[last]!);
  }

  private siftDown(start: number, link: number, ts: number, pid: number): void {
    const n = this.n;
    let i = start;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = this.ts[c]!;
      let cp = this.pid[c]!;
      const r = c + 1;
      if (r < n) {
        const rt = this.ts[r]!;
        const rp = this.pid[r]!;
        if (rt < ct || (rt === ct && rp < cp)) {
          c = r;
          ct = rt;
          cp = rp;
        }
      }
      if (ts < ct || (ts === ct && pid <= cp)) break;
      this.link[i] = this.link[c]!;
      this.ts[i] = ct;
      this.pid[i] = cp;
      i = c;
    }
    this.link[i] = link;
    this.ts[i] = ts;
    this.pid[i] = pid;
  }
}
