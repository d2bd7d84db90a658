import { ALL_SEQUENCER_CAPABILITIES, type ReleasedMessage, type SequencerCapabilities, type SequencerAdapter, type SequencerConfig, type SequencerInstance } from '../sequencer.ts';
import type { Mutant } from './registry.ts';

/**
 * A deliberately simple sequencer family (arrays and linear scans, independent of
 * reference/sequencer) into which each mutant switches exactly one bug. With no bug switched
 * on it is a correct implementation; a test checks the catalog passes it.
 */
export interface SequencerBugs {
  /** Ties on timestamp break by arrival order instead of participant id. */
  readonly tieByArrival?: boolean;
  /** Releases once all but one participant's queues hold something. */
  readonly releaseWithOneMissing?: boolean;
  /** One dequeue per arrival (the paper's prose read literally) instead of draining. */
  readonly oneDequeuePerArrival?: boolean;
  /** Tree proxies stamp their dummies with their clock instead of their low-water mark. */
  readonly proxyDummyStampsClock?: boolean;
  /** CloudEx waits `timeout` from an order's arrival instead of from its timestamp. */
  readonly cloudexTimeoutFromArrival?: boolean;
  /** A dummy sorts after every order with its timestamp (its promise read as "nothing at this time follows"). */
  readonly dummyAfterEqualStamp?: boolean;
}

/** Correct variations of the family (not bugs). */
export interface SequencerOptions {
  /**
   * Tree proxies send their low-water mark at most once per this many time units (and declare
   * it as `proxyHeartbeatPeriod`); absent: on every tick.
   */
  readonly proxyHeartbeatPeriod?: number;
  /** What the adapter declares (default: everything). */
  readonly capabilities?: SequencerCapabilities;
}

interface Entry {
  readonly ts: number;
  readonly pid: number;
  readonly dummy: boolean;
  readonly id: number;
  readonly arrival: number;
}

type Release = (e: Entry) => void;

let arrivalCounter = 0;

class NaiveSequencer {
  readonly queues: Entry[][];
  readonly last: (Entry | undefined)[];
  constructor(
    links: number,
    private readonly bugs: SequencerBugs,
    private readonly release: Release,
  ) {
    this.queues = Array.from({ length: links }, () => []);
    this.last = new Array<Entry | undefined>(links).fill(undefined);
  }

  private less(a: Entry, b: Entry): boolean {
    if (a.ts !== b.ts) return a.ts < b.ts;
    if (this.bugs.dummyAfterEqualStamp && a.dummy !== b.dummy) return b.dummy;
    if (this.bugs.tieByArrival) return a.arrival < b.arrival;
    return a.pid < b.pid;
  }

  put(link: number, ts: number, pid: number, dummy: boolean, id: number): void {
    const q = this.queues[link];
    if (!q || !Number.isSafeInteger(ts)) throw new RangeError(`bad link ${link} or timestamp ${ts}`);
    const e = { ts, pid, dummy, id, arrival: arrivalCounter++ };
    q.push(e);
    this.last[link] = e;
    const need = this.bugs.releaseWithOneMissing ? Math.max(1, this.queues.length - 1) : this.queues.length;
    for (;;) {
      let nonEmpty = 0;
      let best: Entry[] | undefined;
      for (const x of this.queues) {
        if (x.length === 0) continue;
        nonEmpty++;
        if (!best || this.less(x[0]!, best[0]!)) best = x;
      }
      if (nonEmpty < need || !best) return;
      const head = best.shift()!;
      if (!head.dummy) this.release(head);
      if (this.bugs.oneDequeuePerArrival) return;
    }
  }

  lowWaterMark(): Entry | undefined {
    let best: Entry | undefined;
    for (let l = 0; l < this.queues.length; l++) {
      const e = this.queues[l]![0] ?? this.last[l];
      if (!e) return undefined;
      if (!best || e.ts < best.ts || (e.ts === best.ts && e.pid < best.pid)) best = e;
    }
    return best;
  }
}

interface Node {
  readonly seq: NaiveSequencer;
  parent?: { node: Node; link: number };
  sent?: { ts: number; pid: number };
  sentAt?: number;
}

function createInstance(config: SequencerConfig, bugs: SequencerBugs, options: SequencerOptions): SequencerInstance {
  let out: ReleasedMessage[] = [];
  const emit: Release = (e) => out.push({ participant: e.pid, timestamp: e.ts, id: e.id });
  const drain = () => {
    const d = out;
    out = [];
    return d;
  };
  const n = config.participants;
  if (config.kind === 'cloudex') {
    const buf: Entry[] = [];
    const advance = (now: number) => {
      for (;;) {
        let best = -1;
        buf.forEach((e, i) => {
          const start = bugs.cloudexTimeoutFromArrival ? e.arrival : e.ts;
          if (start + config.timeout > now) return;
          const b = buf[best];
          if (!b || e.ts < b.ts || (e.ts === b.ts && e.pid < b.pid)) best = i;
        });
        if (best < 0) return;
        emit(buf.splice(best, 1)[0]!);
      }
    };
    return {
      enqueue: (now, p, ts, id) => {
        buf.push({ ts, pid: p, dummy: false, id, arrival: now });
        advance(now);
      },
      heartbeat: (now) => advance(now),
      tick: (now) => advance(now),
      drain,
    };
  }
  // Flat: one node; tree: nodes of `fanout` children, built bottom-up.
  const fanout = config.kind === 'tree' ? config.fanout : Math.max(2, n);
  const entry: { node: Node; link: number }[] = [];
  const proxies: Node[] = [];
  let layer: ((up: { node: Node; link: number }) => void)[] = [];
  for (let p = 0; p < n; p++) layer.push((up) => (entry[p] = up));
  const makeNode = (links: number, isRoot: boolean): Node => {
    const node: Node = {
      seq: new NaiveSequencer(links, bugs, (e) => (isRoot ? emit(e) : node.parent!.node.seq.put(node.parent!.link, e.ts, e.pid, false, e.id))),
    };
    return node;
  };
  while (layer.length > fanout) {
    const next: typeof layer = [];
    for (let s = 0; s < layer.length; s += fanout) {
      const children = layer.slice(s, s + fanout);
      const node = makeNode(children.length, false);
      children.forEach((set, i) => set({ node, link: i }));
      proxies.push(node);
      next.push((up) => (node.parent = up));
    }
    layer = next;
  }
  const root = makeNode(layer.length, true);
  layer.forEach((set, i) => set({ node: root, link: i }));
  const at = (p: number) => {
    const e = entry[p];
    if (!e) throw new RangeError(`participant ${p} outside 0..${n - 1}`);
    return e;
  };
  const every = config.kind === 'tree' ? options.proxyHeartbeatPeriod : undefined;
  return {
    ...(every === undefined ? {} : { proxyHeartbeatPeriod: every }),
    enqueue: (_now, p, ts, id) => at(p).node.seq.put(at(p).link, ts, p, false, id),
    heartbeat: (_now, p, ts) => at(p).node.seq.put(at(p).link, ts, p, true, -1),
    tick: (now) => {
      for (const proxy of proxies) {
        const mark = proxy.seq.lowWaterMark();
        if (!mark) continue;
        const stamp = bugs.proxyDummyStampsClock ? { ts: now, pid: 0 } : { ts: mark.ts, pid: mark.pid };
        const s = proxy.sent;
        if (s && (stamp.ts < s.ts || (stamp.ts === s.ts && stamp.pid <= s.pid))) continue;
        if (every !== undefined && proxy.sentAt !== undefined && now - proxy.sentAt < every) continue;
        proxy.sent = stamp;
        proxy.sentAt = now;
        proxy.parent!.node.seq.put(proxy.parent!.link, stamp.ts, stamp.pid, true, -1);
      }
    },
    drain,
  };
}

/** The naive family as an adapter, with the given bugs switched on. */
export function naiveSequencerAdapter(name: string, bugs: SequencerBugs, options: SequencerOptions = {}): SequencerAdapter {
  return { name, component: 'sequencer', capabilities: options.capabilities ?? ALL_SEQUENCER_CAPABILITIES, create: (c) => createInstance(c, bugs, options) };
}

export function sequencerMutant(name: string, bug: string, killedBy: readonly string[], bugs: SequencerBugs, options: SequencerOptions = {}): Mutant<SequencerAdapter> {
  return { name, component: 'sequencer', bug, killedBy, create: () => naiveSequencerAdapter(`mutant:${name}`, bugs, options) };
}
