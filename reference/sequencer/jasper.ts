import { SequencerError, checkTimestamp } from './errors.ts';
import { LoserTree } from './loser-tree.ts';
import { RingFifo } from './ring-fifo.ts';

/** The payload of a dummy: a private marker no caller can pass, so `payload === DUMMY` is exact. */
const DUMMY: unique symbol = Symbol('dummy');
type Entry<T> = T | typeof DUMMY;

/** Called for every released (non-dummy) message, in release order. */
export type ReleaseFn<T> = (timestamp: number, participant: number, payload: T) => void;

export interface JasperOptions<T> {
  /** Number of input links (participants for a flat sequencer, children for a proxy). */
  readonly links: number;
  readonly onRelease: ReleaseFn<T>;
  /** Hard bound on entries buffered per link (default 2^24). */
  readonly maxPerLink?: number;
}

/**
 * The Jasper sequencer (§5.1): one FIFO per input link; while every link's queue holds
 * something, dequeue the head with the smallest key (timestamp, participant), drop it if it is
 * a dummy, else release it.
 *
 * Keys carry the ORIGINAL participant id, not the link: in a tree a link carries many
 * participants and ties must still break by participant id. Safety (output sorted by key) holds
 * when each link delivers keys in non-decreasing order and every dummy's key is <= every key
 * its link will still deliver; the sequencer does not enforce this (LOQ output is deliberately
 * not timestamp-monotone), it merges heads.
 *
 * Cost: O(log links) per message: a tournament tree of losers over the queue heads (one
 * comparison per level when the released link's head changes), built once every link has spoken,
 * plus a count of non-empty queues. Between releases at most one queue is empty — the one that
 * just ran dry, still the tree's winner — so the tree only ever replays its winner.
 *
 * JIT note: V8 inlines at most ~920 bytes of bytecode into one optimised function. With the
 * whole release path inlined into `enqueue` the budget ran out at random (which callee missed
 * depended on compile timing) and throughput flipped between runs by up to 1.4×. So the
 * per-message paths stay small: errors and the one-time build live in cold methods, the
 * last-key bookkeeping happens when a queue runs dry rather than on every enqueue.
 */
export class JasperSequencer<T> {
  private readonly queues: RingFifo<Entry<T>>[];
  private readonly heads: LoserTree;
  private readonly all: number;
  private built = false;
  private nonEmpty = 0;
  /**
   * Per link, the key of the entry (dummies included) that emptied its queue — while the queue
   * stays empty, the last key seen: a lower bound on what the link sends next. Recorded when a
   * queue runs dry rather than on every enqueue (a queue only empties by a release).
   */
  private readonly lastTs: Float64Array;
  private readonly lastPid: Int32Array;
  private readonly heard: Uint8Array;
  private readonly onRelease: ReleaseFn<T>;

  constructor(opts: JasperOptions<T>) {
    const n = opts.links;
    if (!Number.isInteger(n) || n < 1 || n > 1 << 20) {
      throw new SequencerError('bad-config', `links must be an integer in 1..2^20, got ${n}`);
    }
    this.queues = Array.from({ length: n }, () => new RingFifo<Entry<T>>(16, opts.maxPerLink));
    this.heads = new LoserTree(n);
    this.all = n;
    this.lastTs = new Float64Array(n);
    this.lastPid = new Int32Array(n);
    this.heard = new Uint8Array(n);
    this.onRelease = opts.onRelease;
  }

  get links(): number {
    return this.all;
  }

  /** A message from `link` with key (timestamp, participant). */
  enqueue(link: number, timestamp: number, participant: number, payload: T): void {
    this.put(link, timestamp, participant, payload);
  }

  /** A dummy (heartbeat) from `link`: promises nothing below (timestamp, participant) follows. */
  heartbeat(link: number, timestamp: number, participant: number): void {
    this.put(link, timestamp, participant, DUMMY);
  }

  /** Messages buffered (dummies included). */
  buffered(): number {
    let s = 0;
    for (const q of this.queues) s += q.size;
    return s;
  }

  /**
   * The smallest key this sequencer may still release, if known: the minimum over links of the
   * queue head, or of the last key seen when the queue is empty. Undefined while some empty
   * link has never been heard from. Used by proxies to stamp their dummies.
   */
  lowWaterMark(): { timestamp: number; participant: number } | undefined {
    let bt = Infinity;
    let bp = 0;
    for (let l = 0; l < this.all; l++) {
      const q = this.queues[l]!;
      let t: number;
      let p: number;
      if (q.size > 0) {
        t = q.headTs();
        p = q.headPid();
      } else {
        if (this.heard[l] === 0) return undefined;
        t = this.lastTs[l]!;
        p = this.lastPid[l]!;
      }
      if (t < bt || (t === bt && p < bp)) {
        bt = t;
        bp = p;
      }
    }
    return { timestamp: bt, participant: bp };
  }

  private put(link: number, ts: number, pid: number, payload: Entry<T>): void {
    if (!(Number.isInteger(link) && link >= 0 && link < this.all && Number.isSafeInteger(ts))) this.refuse(link, ts);
    const q = this.queues[link]!;
    q.push(ts, pid, payload);
    // Only a refilled queue can complete the set: `link` ran dry last, as the tree's winner.
    if (q.size === 1 && ++this.nonEmpty === this.all) this.release();
  }

  /**
   * Every queue is non-empty and the winner's queue has a new head: replay it, release the new
   * winner's head, repeat until a queue runs dry. One call site per callee keeps the inlined
   * size small (see the class comment).
   */
  private release(): void {
    const heads = this.heads;
    const queues = this.queues;
    if (!this.built) this.build(); // then the first replay is a no-op
    for (;;) {
      let q = queues[heads.winner()]!;
      heads.replaceWinner(q.headTs(), q.headPid());
      const link = heads.winner();
      const ts = heads.winnerTs();
      const pid = heads.winnerPid();
      q = queues[link]!;
      const payload = q.shift();
      if (q.size === 0) {
        // `link` stays the winner until refilled; its last key bounds what it sends next
        this.lastTs[link] = ts;
        this.lastPid[link] = pid;
        this.heard[link] = 1;
        this.nonEmpty--;
        if (payload !== DUMMY) this.onRelease(ts, pid, payload as T);
        return;
      }
      if (payload !== DUMMY) this.onRelease(ts, pid, payload as T);
    }
  }

  private build(): void {
    for (let l = 0; l < this.all; l++) this.heads.setKey(l, this.queues[l]!.headTs(), this.queues[l]!.headPid());
    this.heads.build();
    this.built = true;
  }

  private refuse(link: number, ts: number): never {
    if (!Number.isInteger(link) || link < 0 || link >= this.all) {
      throw new SequencerError('bad-participant', `link ${link} outside 0..${this.all - 1}`);
    }
    checkTimestamp(ts);
    throw new SequencerError('bad-timestamp', `timestamp ${ts}`); // unreachable: checkTimestamp threw
  }
}
