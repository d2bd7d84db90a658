import { LoqError } from './errors.ts';

interface Key {
  readonly e: number;
  readonly t: number;
  readonly p: number;
}
const less = (a: Key, b: Key) => a.e < b.e || (a.e === b.e && (a.t < b.t || (a.t === b.t && a.p < b.p)));

/**
 * The merge that preserves Appendix I when LOQ outputs are combined (spec/exchange/loq.md).
 *
 * LOQ output is not timestamp-monotone (a critical order overtakes older non-critical ones), so
 * a Jasper sequencer keyed by (timestamp, participant) can swap two non-critical orders from
 * different gateways. But each gateway's output, split by class, IS monotone: within one class
 * the key (epoch, timestamp, participant) never decreases. So this merge keeps one FIFO per
 * (link, class) — the gateway tags each order with the (epoch, critical?) its LOQ gave it.
 *
 * Appendix I needs at the engine only: epochs contiguous and increasing, and within an epoch each
 * class in (timestamp, participant) order; how the classes interleave inside an epoch does not
 * matter (loq.md, assumption 3). So the two classes are merged separately, tied only by epochs.
 *
 * BOUND of a queue: its head order, else the last key it received (order or dummy), else none.
 * Inputs per queue are non-decreasing, so every later entry of the queue is ≥ its bound, and a
 * bound never decreases. The rule: the smallest head order x of class c (epoch e) is released when
 *   (a) x ≤ the bound of every class-c queue (no queue undefined), and
 *   (b) every queue of the other class has a bound whose epoch is ≥ e.
 * When both classes may release, critical goes first (the LOQ's benefit: it reaches the engine
 * before the non-critical orders of its epoch whenever both are there). Dummies are never queued:
 * one behind orders only raises the bound once those have left, so it just becomes `last`,
 * which is what dropping it as it reaches the front would leave.
 *
 * Proof. Sorted per class: let y be a class-c release after x. If y sat in x's queue, it was
 * behind x (≥ x); if in another class-c queue j, y ≥ bound(j) at x's release ≥ x by (a) (y was
 * queued then, or arrived later and is ≥ last(j)). Epochs non-decreasing: a later release y of the
 * other class is ≥ its queue's bound at x's release, whose epoch is ≥ e by (b); a later one of
 * class c is ≥ x. So the output's epochs never decrease (hence are contiguous) and each class is
 * sorted by (epoch, timestamp, participant): what Appendix I needs.
 * Liveness: x waits only for class-c bounds below it (lifted by that class's dummies, which now
 * flow within an epoch) and other-class bounds of an older epoch (lifted by the next epoch's
 * dummies or orders of those links) — never for a later epoch. The old rule released the smallest
 * (epoch, class, timestamp, participant) head, so a non-critical order of epoch e waited until
 * every link's critical class had moved past e: until the next mid change everywhere.
 *
 * A dummy promises one class of one link: nothing below (epoch, timestamp, participant) follows
 * in that class. `close` is the end-of-session dummy for both classes.
 * Heads are found by a linear scan: this is the reference, sized for property runs.
 */
export class ClassAwareMerge<T> {
  /** Queue 2·link + (critical ? 0 : 1): the orders not yet released, in arrival order. */
  private readonly queues: { e: number; t: number; p: number; x: T }[][];
  /** Last key received per queue (order or dummy): the bound while the queue is empty. */
  private readonly last: (Key | undefined)[];

  constructor(
    readonly links: number,
    private readonly onRelease: (payload: T, epoch: number, critical: boolean, timestamp: number, participant: number) => void,
  ) {
    if (!Number.isInteger(links) || links < 1 || links > 1 << 16) throw new LoqError('bad-config', `links must be in 1..65536, got ${links}`);
    this.queues = Array.from({ length: 2 * links }, () => []);
    this.last = new Array<Key | undefined>(2 * links).fill(undefined);
  }

  /**
   * The smallest (epoch, timestamp, participant) this merge may still release in one class: the
   * minimum bound of that class's queues; undefined while some link has never spoken in that
   * class. Releases are sorted per class, so a proxy may stamp its dummies with it.
   */
  lowWaterMark(critical: boolean): { epoch: number; timestamp: number; participant: number } | undefined {
    const b = this.minBound(critical ? 0 : 1);
    return b && { epoch: b.e, timestamp: b.t, participant: b.p };
  }

  enqueue(link: number, epoch: number, critical: boolean, timestamp: number, participant: number, payload: T): void {
    const i = this.index(link, critical);
    const entry = { e: epoch, t: timestamp, p: participant, x: payload };
    this.queues[i]!.push(entry);
    this.last[i] = entry;
    this.release();
  }

  heartbeat(link: number, epoch: number, critical: boolean, timestamp: number, participant: number): void {
    this.last[this.index(link, critical)] = { e: epoch, t: timestamp, p: participant };
    this.release();
  }

  /** The link will send nothing more, in either class. */
  close(link: number): void {
    this.heartbeat(link, Infinity, true, Infinity, 0);
    this.heartbeat(link, Infinity, false, Infinity, 0);
  }

  private index(link: number, critical: boolean): number {
    if (!Number.isInteger(link) || link < 0 || link >= this.links) throw new LoqError('bad-order', `link ${link} outside 0..${this.links - 1}`);
    return 2 * link + (critical ? 0 : 1);
  }

  /** Class c's (0 critical, 1 not) smallest bound, or undefined while some queue has none. */
  private minBound(c: 0 | 1): Key | undefined {
    let best: Key | undefined;
    for (let i = c; i < this.queues.length; i += 2) {
      const b = this.queues[i]![0] ?? this.last[i];
      if (!b) return undefined;
      if (!best || less(b, best)) best = b;
    }
    return best;
  }

  /** The queue whose head order class c may release now (rules (a) and (b)), or -1. */
  private releasable(c: 0 | 1): number {
    let best = -1;
    let empty: Key | undefined; // the smallest bound among class-c queues without an order
    for (let i = c; i < this.queues.length; i += 2) {
      const h = this.queues[i]![0];
      if (h) {
        if (best < 0 || less(h, this.queues[best]![0]!)) best = i;
      } else {
        const l = this.last[i];
        if (!l) return -1;
        if (!empty || less(l, empty)) empty = l;
      }
    }
    if (best < 0) return -1;
    const x = this.queues[best]![0]!;
    if (empty && less(empty, x)) return -1; // (a): an empty queue may still send below x
    const other = this.minBound(c === 0 ? 1 : 0);
    if (!other || other.e < x.e) return -1; // (b): the other class may still send an older epoch
    return best;
  }

  private release(): void {
    for (;;) {
      let i = this.releasable(0);
      if (i < 0) i = this.releasable(1);
      if (i < 0) return;
      const head = this.queues[i]!.shift()!;
      this.onRelease(head.x, head.e, (i & 1) === 0, head.t, head.p);
    }
  }
}
