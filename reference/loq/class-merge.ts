import { LoqError } from './errors.ts';

/**
 * The merge that preserves Appendix I when LOQ outputs are combined (spec/exchange/loq.md).
 *
 * LOQ output is not timestamp-monotone (a critical order overtakes older non-critical ones), so
 * a Jasper sequencer keyed by (timestamp, participant) can swap two non-critical orders from
 * different gateways. But each gateway's output, split by class, IS monotone: within one class
 * the key (epoch, timestamp, participant) never decreases. So this merge keeps one FIFO per
 * (link, class) — the gateway tags each order with the (epoch, critical?) its LOQ gave it — and,
 * while every one of those 2·links queues holds something, releases the head with the smallest
 * (epoch, class, timestamp, participant), dropping dummies. Its output is sorted by that tuple:
 * epochs contiguous and increasing, each class in timestamp order — what Appendix I needs.
 *
 * A dummy promises one class of one link: nothing below (epoch, timestamp, participant) follows
 * in that class. `close` is the end-of-session dummy for both classes.
 * Heads are found by a linear scan: this is the reference, sized for property runs.
 */
export class ClassAwareMerge<T> {
  private readonly queues: { e: number; t: number; p: number; dummy: boolean; x: T | undefined }[][];
  /** Last key seen per queue: a lower bound on what that (link, class) sends next. */
  private readonly last: ({ e: number; t: number; p: number } | undefined)[];
  private nonEmpty = 0;

  constructor(
    readonly links: number,
    private readonly onRelease: (payload: T, epoch: number, critical: boolean, timestamp: number, participant: number) => void,
  ) {
    if (!Number.isInteger(links) || links < 1 || links > 1 << 16) throw new LoqError('bad-config', `links must be in 1..65536, got ${links}`);
    this.queues = Array.from({ length: 2 * links }, () => []);
    this.last = new Array<{ e: number; t: number; p: number } | undefined>(2 * links).fill(undefined);
  }

  /**
   * The smallest (epoch, timestamp, participant) this merge may still release in one class:
   * min over links of that class's queue head, or of the last key seen when the queue is empty;
   * undefined while some link has never spoken in that class. A proxy stamps its dummies with it.
   */
  lowWaterMark(critical: boolean): { epoch: number; timestamp: number; participant: number } | undefined {
    let best: { e: number; t: number; p: number } | undefined;
    for (let i = critical ? 0 : 1; i < this.queues.length; i += 2) {
      const k = this.queues[i]![0] ?? this.last[i];
      if (!k) return undefined;
      if (!best || k.e < best.e || (k.e === best.e && (k.t < best.t || (k.t === best.t && k.p < best.p)))) best = k;
    }
    return best && { epoch: best.e, timestamp: best.t, participant: best.p };
  }

  enqueue(link: number, epoch: number, critical: boolean, timestamp: number, participant: number, payload: T): void {
    this.put(link, critical, { e: epoch, t: timestamp, p: participant, dummy: false, x: payload });
  }

  heartbeat(link: number, epoch: number, critical: boolean, timestamp: number, participant: number): void {
    this.put(link, critical, { e: epoch, t: timestamp, p: participant, dummy: true, x: undefined });
  }

  /** The link will send nothing more, in either class. */
  close(link: number): void {
    this.heartbeat(link, Infinity, true, Infinity, 0);
    this.heartbeat(link, Infinity, false, Infinity, 0);
  }

  private put(link: number, critical: boolean, entry: { e: number; t: number; p: number; dummy: boolean; x: T | undefined }): void {
    if (!Number.isInteger(link) || link < 0 || link >= this.links) throw new LoqError('bad-order', `link ${link} outside 0..${this.links - 1}`);
    const i = 2 * link + (critical ? 0 : 1);
    const q = this.queues[i]!;
    q.push(entry);
    this.last[i] = entry;
    if (q.length === 1 && ++this.nonEmpty === this.queues.length) this.release();
  }

  private release(): void {
    while (this.nonEmpty === this.queues.length) {
      let best = 0;
      for (let i = 1; i < this.queues.length; i++) {
        const a = this.queues[i]![0]!;
        const b = this.queues[best]![0]!;
        const ca = i & 1;
        const cb = best & 1;
        if (a.e < b.e || (a.e === b.e && (ca < cb || (ca === cb && (a.t < b.t || (a.t === b.t && a.p < b.p)))))) best = i;
      }
      const q = this.queues[best]!;
      const head = q.shift()!;
      if (q.length === 0) this.nonEmpty--;
      if (head.e === Infinity) continue; // a closing dummy was the smallest: everything is out
      if (!head.dummy) this.onRelease(head.x as T, head.e, (best & 1) === 0, head.t, head.p);
    }
  }
}
