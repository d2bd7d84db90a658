import { SequencerError, checkTimestamp } from './errors.ts';
import { LoserTree } from './loser-tree.ts';
import { RingFifo } from './ring-fifo.ts';

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
 */
export class JasperSequencer<T> {
  private readonly queues: RingFifo<T>[];
  private readonly heads: LoserTree;
  private built = false;
  private nonEmpty = 0;
  /** Last key seen per link (including dummies): a lower bound on what the link sends next. */
  private readonly lastTs: Float64Array;
  private readonly lastPid: Int32Array;
  private readonly heard: Uint8Array;
  private readonly onRelease: ReleaseFn<T>;

  constructor(opts: JasperOptions<T>) {
    const n = opts.links;
    if (!Number.isInteger(n) || n < 1 || n > 1 << 20) {
      throw new SequencerError('bad-config', `links must be an integer in 1..2^20, got ${n}`);
    }
    this.queues = Array.from({ length: n }, () => new RingFifo<T>(16, opts.maxPerLink));
    this.heads = new LoserTree(n);
    this.lastTs = new Float64Array(n);
    this.lastPid = new Int32Array(n);
    this.heard = new Uint8Array(n);
    this.onRelease = opts.onRelease;
  }

  get links(): number {
    return this.queues.length;
  }

  /** A message from `link` with key (timestamp, participant). */
  enqueue(link: number, timestamp: number, participant: number, payload: T): void {
    this.put(link, timestamp, participant, false, payload);
  }

  /** A dummy (heartbeat) from `link`: promises nothing below (timestamp, participant) follows. */
  heartbeat(link: number, timestamp: number, participant: number): void {
    this.put(link, timestamp, participant, true, undefined);
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
    for (let l = 0; l < this.queues.length; l++) {
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

  private put(link: number, ts: number, pid: number, isDummy: boolean, payload: T | undefined): void {
    if (!Number.isInteger(link) || link < 0 || link >= this.queues.length) {
      throw new SequencerError('bad-participant', `link ${link} outside 0..${this.queues.length - 1}`);
    }
    checkTimestamp(ts);
    const q = this.queues[link]!;
    q.push(ts, pid, isDummy, payload);
    this.lastTs[link] = ts;
    this.lastPid[link] = pid;
    this.heard[link] = 1;
    if (q.size === 1 && ++this.nonEmpty === this.queues.length) {
      if (this.built) {
        this.heads.replaceWinner(q.headTs(), q.headPid()); // `link` ran dry last, as the winner
      } else {
        for (let l = 0; l < this.queues.length; l++) this.heads.setKey(l, this.queues[l]!.headTs(), this.queues[l]!.headPid());
        this.heads.build();
        this.built = true;
      }
      this.release();
    }
  }

  /** Every queue is non-empty: release heads until one runs dry. */
  private release(): void {
    const all = this.queues.length;
    while (this.nonEmpty === all) {
      const link = this.heads.winner();
      const q = this.queues[link]!;
      const ts = q.headTs();
      const pid = q.headPid();
      const isDummy = q.headIsDummy();
      const payload = q.headPayload();
      q.shift();
      if (q.size === 0) this.nonEmpty--; // stays the winner until refilled
      else this.heads.replaceWinner(q.headTs(), q.headPid());
      if (!isDummy) this.onRelease(ts, pid, payload as T);
    }
  }
}
