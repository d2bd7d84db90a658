import { SequencerError, checkParticipant, checkTimestamp } from './errors.ts';
import { JasperSequencer, type ReleaseFn } from './jasper.ts';

/** Where a node forwards what it releases: its parent sequencer and its link index there. */
interface Uplink<T> {
  readonly parent: JasperSequencer<T>;
  readonly link: number;
}

/** One proxy: a Jasper sequencer over its children plus the dummy it last sent upward. */
interface Proxy<T> {
  readonly seq: JasperSequencer<T>;
  up: Uplink<T>;
  lastTs: number;
  lastPid: number;
}

export interface TreeShape {
  readonly participants: number;
  /** Children per proxy (>= 2). Participants are grouped in consecutive blocks. */
  readonly fanout: number;
}

/**
 * A tree of Jasper sequencers (§5.3): participants feed leaf proxies, each proxy sequences its
 * children and forwards what it releases upward; the root's releases are the output. Links
 * inside the tree are in-process (no delay); the arrival schedule is the leaves' business.
 *
 * A proxy drops the dummies it receives (its own sequencer does) and, on `tick`, sends its own
 * dummy upward stamped with its LOW-WATER MARK: the smallest key it may still forward (min over
 * children of the queue head, or of the last key heard when that queue is empty). Stamping the
 * proxy's clock instead would let a younger order from a sibling overtake an older one still
 * buffered below. The low-water mark never decreases and is >= every key already forwarded, so
 * each uplink stays monotone and the root sees exactly what one flat sequencer would release.
 */
export class SequencerTree<T> {
  private readonly root: JasperSequencer<T>;
  /** Proxies, bottom layer first, so a tick propagates a new mark upward in one pass. */
  private readonly proxies: Proxy<T>[] = [];
  /** Per participant: the sequencer and link it feeds. */
  private readonly entry: Uplink<T>[] = [];
  private now = -Infinity;

  constructor(
    readonly shape: TreeShape,
    onRelease: ReleaseFn<T>,
  ) {
    const { participants: n, fanout: f } = shape;
    if (!Number.isInteger(n) || n < 1 || n > 1 << 20) throw new SequencerError('bad-config', `participants must be in 1..2^20, got ${n}`);
    if (!Number.isInteger(f) || f < 2) throw new SequencerError('bad-config', `fanout must be an integer >= 2, got ${f}`);
    // Build bottom-up: `layer` holds the uplink setters of the current layer's nodes.
    let layer: ((up: Uplink<T>) => void)[] = [];
    for (let p = 0; p < n; p++) layer.push((up) => (this.entry[p] = up));
    while (layer.length > f) {
      const next: ((up: Uplink<T>) => void)[] = [];
      for (let start = 0; start < layer.length; start += f) {
        const children = layer.slice(start, start + f);
        const proxy: Proxy<T> = {
          seq: new JasperSequencer<T>({
            links: children.length,
            onRelease: (ts, pid, x) => proxy.up.parent.enqueue(proxy.up.link, ts, pid, x),
          }),
          up: undefined as unknown as Uplink<T>, // set when the next layer is built
          lastTs: -Infinity,
          lastPid: -1,
        };
        children.forEach((setUp, i) => setUp({ parent: proxy.seq, link: i }));
        this.proxies.push(proxy);
        next.push((up) => (proxy.up = up));
      }
      layer = next;
    }
    this.root = new JasperSequencer<T>({ links: layer.length, onRelease });
    layer.forEach((setUp, i) => setUp({ parent: this.root, link: i }));
  }

  /** Number of proxy layers between participants and the root. */
  get depth(): number {
    let d = 0;
    for (let w = this.shape.participants; w > this.shape.fanout; w = Math.ceil(w / this.shape.fanout)) d++;
    return d;
  }

  enqueue(participant: number, timestamp: number, payload: T): void {
    checkParticipant(participant, this.shape.participants);
    const e = this.entry[participant]!;
    e.parent.enqueue(e.link, timestamp, participant, payload);
  }

  heartbeat(participant: number, timestamp: number): void {
    checkParticipant(participant, this.shape.participants);
    const e = this.entry[participant]!;
    e.parent.heartbeat(e.link, timestamp, participant);
  }

  /** Each proxy sends a dummy carrying its low-water mark if it advanced since the last one. */
  tick(now: number): void {
    checkTimestamp(now, 'now');
    if (now < this.now) throw new SequencerError('time-went-back', `now ${now} < ${this.now}`);
    this.now = now;
    for (const proxy of this.proxies) {
      const mark = proxy.seq.lowWaterMark();
      if (!mark) continue;
      const { timestamp: t, participant: p } = mark;
      if (t > proxy.lastTs || (t === proxy.lastTs && p > proxy.lastPid)) {
        proxy.lastTs = t;
        proxy.lastPid = p;
        proxy.up.parent.heartbeat(proxy.up.link, t, p);
      }
    }
  }
}
