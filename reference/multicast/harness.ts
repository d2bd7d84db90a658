/**
 * The multicast harness: runs a tree of nodes — the reference's, a vendor's, or a mix — inside
 * the discrete-event simulator, in the style of Maelstrom. The harness owns true time, links,
 * clocks and the root (the exchange's sender); a node sees only events at its local clock and
 * answers with actions, and the harness checks every action before applying it. The first
 * malformed or impossible action stops the run with a `fault` naming the node, the event and
 * the action.
 *
 * The root sends message k at true time start + k·intervalNs, stamped with its own clock
 * (sentAt) and, under hold-and-release, deadline = sentAt + max(latest reports of layer 1) +
 * headroom. Metrics are judged from what the harness saw (true arrival and release times), never
 * from what a node says about itself.
 *
 * Speed: a synchronous answer is used synchronously (only a Promise is awaited), events live in
 * typed arrays, per-message state lives in a ring of in-flight messages, what each node received
 * lives in flat per-node bitmaps, reference nodes get one reused event object, and metrics stream
 * into HDR histograms, so N = 1000 with H = 2 runs ~3,300 packet events per message.
 */
import { createClocks, type ClockSpec, type NodeClock } from '../sim/clock.ts';
import { SimulationInputError, requireInt, requireNumber } from '../sim/errors.ts';
import { EventQueue } from '../sim/event-queue.ts';
import { LatencyModel, type LatencyModelSpec, type LinkSpike, type Straggler, LATENCY_DEFAULTS } from '../sim/latency.ts';
import { Rng } from '../sim/rng.ts';
import { NodeMessageSets } from './node-message-sets.ts';
import { DEFAULT_PF_THRESHOLD_NS, MetricStream, pfFromCount, type Summary } from './metrics.ts';
import type { MarketDataPacket, MulticastNode, NodeAction, NodeConfig, NodeEvent, NodeId } from './node.ts';
import { ProxyNode } from './proxy-node.ts';
import { ReceiverNode } from './receiver-node.ts';
import { maxServed, servedChildrenInto } from './spraying.ts';
import { buildTree, type Tree } from './tree.ts';

export interface SpikeSpec {
  readonly from: NodeId;
  readonly to: NodeId;
  /** Window in true ns from the first send. */
  readonly startNs: number;
  readonly endNs: number;
  /** Default LATENCY_DEFAULTS.spikeExtraNs (500 µs). */
  readonly extraNs?: number;
}

export interface StragglerSpec {
  readonly node: NodeId;
  /** Default LATENCY_DEFAULTS.stragglerExtraNs (100 µs). */
  readonly extraNs?: number;
  /** Window in true ns from the first send (default: the whole run). */
  readonly startNs?: number;
  readonly endNs?: number;
}

export interface HoldReleaseOptions {
  readonly headroomNs: number;
  /** Percentile receivers report (default 95, App. B). */
  readonly percentile?: number;
  /** Report period, local ns (default 1 ms). */
  readonly reportIntervalNs?: number;
}

export interface SimulateTreeOptions {
  readonly seed: number;
  readonly receivers: number;
  readonly fanout?: number;
  readonly depth?: number;
  readonly hedge?: number;
  readonly spraying?: boolean;
  readonly receiverHedge?: boolean;
  readonly unicast?: boolean;
  readonly holdRelease?: HoldReleaseOptions | null;
  readonly messages: number;
  readonly intervalNs: number;
  readonly latency?: LatencyModelSpec;
  readonly clocks?: ClockSpec;
  readonly stragglers?: readonly StragglerSpec[];
  readonly spikes?: readonly SpikeSpec[];
  readonly pfThresholdNs?: number;
  /** Replace reference nodes by others (a vendor's), per node config; undefined = reference. */
  readonly nodes?: (config: NodeConfig) => MulticastNode | undefined;
  readonly record?: 'summary' | 'messages' | 'trace';
  /**
   * After the last send, how long (true ns) the run waits for copies a node may still send
   * (default 100 ms). A message some participant has not released by then counts as undelivered.
   */
  readonly drainNs?: number;
  /** Stop with a fault past this many events (a node that schedules without end). */
  readonly maxEvents?: number;
  /**
   * A run of synchronous (reference) nodes never gives the event loop a turn. With `pace`, the
   * harness yields every `everyMs` of wall time (checked every `everyEvents` events; defaults
   * 100 ms and 4096) and calls `onTurn` with the messages sent so far: progress lines and
   * Ctrl-C. `onTurn` returning true stops the run; the result so far comes back with `stopped`.
   */
  readonly pace?: PaceOptions;
  /**
   * Lockstep driving by a caller with a world of its own (reference/sim/exchange): one clock for
   * both, no second pass. Absent: nothing changes (one comparison per event with Infinity).
   */
  readonly lockstep?: Lockstep;
}

/**
 * The caller's side of a lockstep run. Before an event at true time t ≥ `nextNs()`, the harness
 * awaits `advanceTo(t)` (the caller runs its own events up to and including t: on a tie the
 * caller's world goes first). `onSend` is awaited just before the root sends message `msg` at
 * true time t (after the world reached t, so the caller can close the message's content then); `onRelease`
 * when a receiver releases `msg` to its participant. `nextNs` is read again after every call, so
 * events a callback schedules are run on time. After the harness's last event the caller finishes
 * its own world.
 */
export interface Lockstep {
  /** The earliest true time the caller's world has something to do (Infinity: nothing). */
  nextNs(): number;
  advanceTo(t: number): void | Promise<void>;
  onSend?(msg: number, t: number): void | Promise<void>;
  onRelease?(msg: number, participant: number, t: number): void;
}

export interface PaceOptions {
  readonly everyMs?: number;
  readonly everyEvents?: number;
  readonly onTurn: (messagesSent: number) => boolean | void;
}

export type TraceKind = 'send' | 'arrive' | 'drop' | 'dedup' | 'release' | 'timer' | 'report';

export interface TraceEvent {
  /** True time, ns. */
  readonly t: number;
  readonly kind: TraceKind;
  readonly node: NodeId;
  readonly from?: NodeId;
  readonly to?: NodeId;
  readonly msg?: number;
  /** Timers: the name; reports: the value. */
  readonly detail?: string | number;
}

export interface ReceiverRecord {
  readonly id: NodeId;
  readonly participant: number;
  /** True arrival time of every copy, in arrival order (duplicates included). */
  arrivals: number[];
  /** True time of its release, or null (never released). */
  releaseTrue: number | null;
  /** This receiver's clock error (local − true) at its release, or at its first arrival. */
  clockOffsetNs: number;
}

export interface MessageRecord {
  readonly msg: number;
  /** Root clock. */
  readonly sentAt: number;
  /** True send time. */
  readonly sentTrue: number;
  readonly deadline: number | null;
  readonly receivers: ReceiverRecord[];
  /** Last participant's release − sentTrue, and last − first (ns); null when undelivered. */
  oml: number | null;
  dws: number | null;
}

export interface SimulateTreeResult {
  messages: number;
  eventsProcessed: number;
  /** Over messages every participant released (ns). */
  oml: Summary;
  dws: Summary;
  /** P(F), percent: undelivered messages count as outside the threshold. */
  pf: number;
  pfThresholdNs: number;
  /** Messages some participant never released. */
  undelivered: number;
  /** First-copy one-way delays (true ns) of every receiver for every message (exact runs only). */
  owd?: Summary;
  /** Percentiles exact (nearest rank on every value) or from the HDR histograms. */
  exact: boolean;
  tree: { fanout: number; depth: number; layerSizes: number[] };
  perMessage?: MessageRecord[];
  trace?: TraceEvent[];
  /** A node's malformed or impossible action; the run stops at the first. */
  fault?: { node: NodeId; event: NodeEvent; action?: unknown; reason: string };
  /** `pace.onTurn` stopped the run before its end: the figures cover the messages finished so far. */
  stopped?: true;
}

/** Internal: the first invalid action of a run. */
class Fault extends Error {
  readonly event: NodeEvent;
  constructor(
    readonly node: number,
    event: NodeEvent,
    readonly reason: string,
    readonly action?: unknown,
  ) {
    super(reason);
    // A copy: reference nodes are handed one reused event object (Run.packetEvent).
    this.event = { ...event };
  }
}

/** The packet event the harness reuses for reference nodes (its fields change per event). */
type MutablePacketEvent = { type: 'packet'; time: number; from: NodeId; packet: MarketDataPacket };

const K_ROOT_SEND = 0;
const K_ARRIVE = 1;
const K_TIMER = 2;
const K_REPORT = 3;

const EXACT_LIMIT = 10_000;
const MAX_MESSAGES = 100_000_000;
const MAX_TIMER_NAME = 256;
/** Where true time starts: far enough from 0 that no clock reads negative. */
const START_NS = 1_000_000;

function isPromise(x: unknown): x is Promise<readonly NodeAction[]> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

/**
 * Runs one simulated tree. Rejects with SimulationInputError on bad options (before any event);
 * a node's bad action is not an exception but `result.fault`.
 */
export async function simulateTree(o: SimulateTreeOptions): Promise<SimulateTreeResult> {
  return new Run(o).run();
}

class Run {
  private readonly tree: Tree;
  private readonly ids: NodeId[] = [];
  private readonly index = new Map<NodeId, number>();
  private readonly depthOf: Int32Array;
  private readonly nodes: (MulticastNode | null)[] = [];
  /**
   * 1 for the reference's own node classes: they read an event only inside onEvent and keep
   * nothing of it, so they are handed `packetEvent`, refilled per event, instead of a new object
   * per packet (the hot path's biggest allocation). Any other node gets a fresh event it may keep.
   */
  private readonly reusesEvents: Uint8Array;
  private readonly packetEvent: MutablePacketEvent = { type: 'packet', time: 0, from: '', packet: { msg: 0, sentAt: 0, deadline: null } };
  private readonly clocks: NodeClock[];
  /** Per node, its clock's fixed offset (NaN: drifts): a packet's local time without a clock object. */
  private readonly clockOffset: Float64Array;
  private readonly latency: LatencyModel;
  private readonly q = new EventQueue(4096);
  private readonly egressFree: Float64Array;
  /** What each node received (a node may send or release only those), and each receiver released. */
  private readonly received: NodeMessageSets;
  private readonly released: NodeMessageSets;
  private readonly firstLeaf: number;
  private readonly leaves: number;
  private readonly participants: number;
  private readonly messages: number;
  private readonly interval: number;
  private readonly hedge: number;
  private readonly spraying: boolean;
  private readonly hold: { headroomNs: number; percentile: number; reportIntervalNs: number } | null;
  private readonly record: 'summary' | 'messages' | 'trace';
  private readonly thr: number;
  private readonly drain: number;
  private readonly maxEvents: number;
  private readonly pace: PaceOptions | undefined;
  private readonly lockstep: Lockstep | undefined;
  /** The lockstep caller's next event time (Infinity without one). */
  private lockNext = Infinity;
  private readonly start: number;
  private readonly lastSend: number;

  // Per message, for every message sent (16 bytes each): the root's stamps.
  private sentAt = new Float64Array(0);
  private deadline = new Float64Array(0);

  // Per in-flight message, a ring of slots.
  private cap = 0;
  private oldest = 0;
  private sent = 0;
  private slotPacket: (MarketDataPacket | undefined)[] = [];
  private slotSentTrue = new Float64Array(0);
  private slotInFlight = new Int32Array(0);
  private slotHolding = new Int32Array(0);
  private slotReleased = new Int32Array(0);
  private slotDone = new Uint8Array(0);
  private slotPart = new Float64Array(0); // cap × participants, NaN = not yet

  private totalInFlight = 0;
  private totalHolding = 0;
  private totalFirst = 0;
  private totalReleases = 0;
  private events = 0;
  private stopped = false;

  // Timers and reports carried by events (free-listed slots).
  private timerName: string[] = [];
  private timerFree: number[] = [];
  private reportValue: number[] = [];
  private reportFree: number[] = [];

  private readonly rootReports = new Map<number, number>();
  private globalOwd = 0;

  private readonly omlS: MetricStream;
  private readonly dwsS: MetricStream;
  /** Kept for exact runs only: one value per receiver per message is the hot path's biggest record. */
  private readonly owdS: MetricStream | null;
  private within = 0;
  private finalized = 0;
  private undelivered = 0;
  private readonly perMessage: MessageRecord[] | null;
  private readonly trace: TraceEvent[] | null;
  /** Scratch: the root's served children for one message. */
  private kids = new Int32Array(0);

  constructor(o: SimulateTreeOptions) {
    if (typeof o !== 'object' || o === null) throw new SimulationInputError('simulateTree needs an options object');
    const seed = requireInt('seed', o.seed, 0, Number.MAX_SAFE_INTEGER);
    this.messages = requireInt('messages', o.messages, 0, MAX_MESSAGES);
    this.interval = requireInt('intervalNs', o.intervalNs, 0, 1e12);
    this.hedge = requireInt('hedge', o.hedge ?? 0, 0, 1_000);
    this.spraying = o.spraying ?? false;
    this.record = o.record ?? 'summary';
    if (!['summary', 'messages', 'trace'].includes(this.record)) throw new SimulationInputError(`record must be summary, messages or trace`);
    this.thr = requireInt('pfThresholdNs', o.pfThresholdNs ?? DEFAULT_PF_THRESHOLD_NS, 0, Number.MAX_SAFE_INTEGER);
    this.drain = requireInt('drainNs', o.drainNs ?? 100_000_000, 0, 1e12);
    if (o.holdRelease) {
      const h = o.holdRelease;
      this.hold = {
        headroomNs: requireInt('holdRelease.headroomNs', h.headroomNs, 0, 1e12),
        percentile: requireNumber('holdRelease.percentile', h.percentile ?? 95, 1, 100),
        reportIntervalNs: requireInt('holdRelease.reportIntervalNs', h.reportIntervalNs ?? 1_000_000, 1, 1e12),
      };
    } else this.hold = null;
    if (o.nodes !== undefined && typeof o.nodes !== 'function') throw new SimulationInputError('nodes must be a function');

    this.tree = buildTree({
      receivers: o.receivers,
      ...(o.fanout !== undefined ? { fanout: o.fanout } : {}),
      ...(o.depth !== undefined ? { depth: o.depth } : {}),
      receiverHedge: o.receiverHedge ?? false,
      unicast: o.unicast ?? false,
    });
    const t = this.tree;
    this.leaves = t.leaves;
    this.participants = t.participants;
    for (const layer of t.layers) for (const id of layer) {
      this.index.set(id, this.ids.length);
      this.ids.push(id);
    }
    const n = this.ids.length;
    this.firstLeaf = n - t.leaves;
    this.depthOf = new Int32Array(n);
    {
      let k = 0;
      t.layers.forEach((layer, d) => layer.forEach(() => (this.depthOf[k++] = d)));
    }
    this.pace = o.pace;
    if (o.lockstep !== undefined && (typeof o.lockstep !== 'object' || o.lockstep === null || typeof o.lockstep.advanceTo !== 'function' || typeof o.lockstep.nextNs !== 'function')) {
      throw new SimulationInputError('lockstep needs nextNs() and advanceTo(t)');
    }
    this.lockstep = o.lockstep;
    this.maxEvents = requireInt(
      'maxEvents',
      o.maxEvents ?? Math.min(Number.MAX_SAFE_INTEGER, 1e6 + this.messages * n * (this.hedge + 2) * 4),
      1,
      Number.MAX_SAFE_INTEGER,
    );

    const rng = new Rng(seed);
    this.clocks = createClocks(n, o.clocks, rng.fork(1));
    this.clockOffset = Float64Array.from(this.clocks, (c) => c.fixedOffsetNs);
    this.start = START_NS + (o.clocks?.epsilonNs ?? 0);
    this.lastSend = this.start + Math.max(0, this.messages - 1) * this.interval;
    const resolve = (what: string, id: unknown): number => {
      const i = typeof id === 'string' ? this.index.get(id) : undefined;
      if (i === undefined) throw new SimulationInputError(`${what}: no node ${JSON.stringify(id)} in this tree`);
      return i;
    };
    const spikes: LinkSpike[] = (o.spikes ?? []).map((s) => ({
      from: resolve('spike.from', s.from),
      to: resolve('spike.to', s.to),
      startNs: this.start + requireInt('spike.startNs', s.startNs, 0, 1e15),
      endNs: this.start + requireInt('spike.endNs', s.endNs, 0, 1e15),
      extraNs: s.extraNs ?? LATENCY_DEFAULTS.spikeExtraNs,
    }));
    const stragglers: Straggler[] = (o.stragglers ?? []).map((s) => ({
      node: resolve('straggler.node', s.node),
      extraNs: s.extraNs ?? LATENCY_DEFAULTS.stragglerExtraNs,
      startNs: this.start + requireInt('straggler.startNs', s.startNs ?? 0, 0, 1e15),
      endNs: s.endNs === undefined ? Number.MAX_SAFE_INTEGER : this.start + requireInt('straggler.endNs', s.endNs, 0, 1e15),
    }));
    this.latency = new LatencyModel(o.latency, rng.fork(2), rng.fork(3), spikes, stragglers);
    this.egressFree = new Float64Array(n);

    // Nodes: root is the harness's own; every other node is the factory's or the reference's.
    this.reusesEvents = new Uint8Array(n);
    this.received = new NodeMessageSets(n);
    this.released = new NodeMessageSets(n);
    this.nodes.push(null);
    for (let d = 1; d <= t.depth; d++) {
      const layer = t.layers[d]!;
      const isLeaf = d === t.depth;
      layer.forEach((id, i) => {
        const config: NodeConfig = {
          id,
          role: isLeaf ? 'receiver' : 'proxy',
          depth: d,
          layerIndex: i,
          layerSize: layer.length,
          nextLayer: isLeaf ? [] : t.layers[d + 1]!,
          fanout: t.fanout,
          hedge: this.hedge,
          spraying: this.spraying,
          parents: t.layers[d - 1]!,
          holdRelease: this.hold !== null,
          ...(isLeaf ? { participant: t.participantOf(i) } : {}),
          reportIntervalNs: this.hold?.reportIntervalNs ?? 1_000_000,
          reportPercentile: this.hold?.percentile ?? 95,
        };
        const custom = o.nodes?.(config);
        const node = custom ?? (isLeaf ? new ReceiverNode(config) : new ProxyNode(config));
        this.reusesEvents[this.nodes.length] = node.constructor === ReceiverNode || node.constructor === ProxyNode ? 1 : 0; // not subclasses
        this.nodes.push(node);
      });
    }

    const exact = this.record !== 'summary' || this.messages <= EXACT_LIMIT ? MAX_MESSAGES : 0;
    this.omlS = new MetricStream(exact);
    this.dwsS = new MetricStream(exact);
    // One value per receiver per message: exact up to 1M values, the HDR histogram past that.
    this.owdS = exact === 0 ? null : new MetricStream(1_000_000);
    this.perMessage = this.record === 'summary' ? null : [];
    this.trace = this.record === 'trace' ? [] : null;
    this.growSlots(64);
    this.kids = new Int32Array(maxServed(1, t.layers[1]!.length, t.fanout, this.hedge));
    this.sentAt = new Float64Array(Math.min(this.messages, 1024));
    this.deadline = new Float64Array(this.sentAt.length);
  }

  async run(): Promise<SimulateTreeResult> {
    let fault: SimulateTreeResult['fault'];
    try {
      if (this.messages > 0) this.q.push(this.start, K_ROOT_SEND, 0, 0);
      if (this.lockstep) this.lockNext = this.lockstep.nextNs();
      await this.loop();
    } catch (err) {
      if (!(err instanceof Fault)) throw err;
      fault = { node: this.ids[err.node]!, event: err.event, reason: err.reason, ...(err.action !== undefined ? { action: err.action } : {}) };
    } finally {
      for (let m = this.oldest; m < this.sent; m++) if (!this.slotDone[m & (this.cap - 1)]) this.finalize(m);
    }
    const res: SimulateTreeResult = {
      messages: this.finalized,
      eventsProcessed: this.events,
      oml: this.omlS.summary(),
      dws: this.dwsS.summary(),
      pf: pfFromCount(this.within, this.finalized),
      pfThresholdNs: this.thr,
      undelivered: this.undelivered,
      exact: this.omlS.isExact,
      tree: { fanout: this.tree.fanout, depth: this.tree.depth, layerSizes: this.tree.layers.map((l) => l.length) },
    };
    this.omlS.destroy();
    this.dwsS.destroy();
    this.owdS?.destroy();
    if (this.owdS !== null) res.owd = this.owdS.summary();
    if (this.perMessage) res.perMessage = this.perMessage;
    if (this.trace) res.trace = this.trace;
    if (fault) res.fault = fault;
    if (this.stopped) res.stopped = true;
    return res;
  }

  private async loop(): Promise<void> {
    const q = this.q;
    const allLeaves = this.messages * this.leaves;
    const pace = this.pace;
    const paceMask = pace ? Math.max(1, pace.everyEvents ?? 4096) : 0;
    const paceMs = pace?.everyMs ?? 100;
    let lastTurn = Date.now();
    while (q.pop()) {
      // A turn of the event loop now and then (checked every paceMask events: Date.now is not free).
      if (pace && this.events % paceMask === 0 && Date.now() - lastTurn >= paceMs) {
        await new Promise((resolve) => setImmediate(resolve));
        lastTurn = Date.now();
        if (pace.onTurn(this.sent) === true) {
          this.stopped = true;
          break;
        }
      }
      const t = q.t;
      if (t >= this.lockNext) {
        const r = this.lockstep!.advanceTo(t);
        if (r !== undefined) await r;
        this.lockNext = this.lockstep!.nextNs();
      }
      const kind = q.a & 3;
      const node = q.a >>> 2;
      if (++this.events > this.maxEvents) {
        throw new Fault(node, { type: 'timer', time: this.clocks[node]!.local(t), timer: '' }, `run exceeded maxEvents ${this.maxEvents}: a node schedules without end`);
      }
      if (kind === K_ARRIVE) {
        const r = this.arrive(t, node, q.b, q.c);
        if (r !== null) await r;
      } else if (kind === K_ROOT_SEND) {
        if (this.lockstep?.onSend) {
          const r = this.lockstep.onSend(q.c, t);
          if (r !== undefined) await r;
          this.lockNext = this.lockstep.nextNs();
        }
        this.rootSend(t, q.c);
      } else if (kind === K_TIMER) {
        const r = this.timer(t, node, q.b);
        if (r !== null) await r;
      } else {
        const r = this.report(t, node, q.b, q.c);
        if (r !== null) await r;
      }
      // Done when every copy landed and every receiver released everything (only periodic
      // timers would remain), or once the drain window after the last send is over.
      if (
        this.sent === this.messages &&
        ((this.totalInFlight === 0 && this.totalHolding === 0 && this.totalReleases === allLeaves) || t >= this.lastSend + this.drain)
      ) {
        break;
      }
    }
  }

  // ---- the root ----

  private rootSend(t: number, k: number): void {
    this.retireOld(t);
    while (k - this.oldest >= this.cap) this.growSlots(this.cap * 2);
    const clock = this.clocks[0]!;
    const sentAt = clock.local(t);
    const deadline = this.hold ? sentAt + this.globalOwd + this.hold.headroomNs : null;
    if (k >= this.sentAt.length) {
      const len = Math.min(this.messages, this.sentAt.length * 2);
      const a = new Float64Array(len);
      a.set(this.sentAt);
      this.sentAt = a;
      const b = new Float64Array(len);
      b.set(this.deadline);
      this.deadline = b;
    }
    this.sentAt[k] = sentAt;
    this.deadline[k] = deadline ?? NaN;
    const packet: MarketDataPacket = { msg: k, sentAt, deadline };
    const s = k & (this.cap - 1);
    this.slotPacket[s] = packet;
    this.slotSentTrue[s] = t;
    this.slotInFlight[s] = 0;
    this.slotHolding[s] = 0;
    this.slotReleased[s] = 0;
    this.slotDone[s] = 0;
    this.slotPart.fill(NaN, s * this.participants, (s + 1) * this.participants);
    this.sent = k + 1;
    if (this.perMessage) {
      const receivers: ReceiverRecord[] = [];
      const layer = this.tree.layers[this.tree.depth]!;
      for (let j = 0; j < layer.length; j++) {
        receivers.push({ id: layer[j]!, participant: this.tree.participantOf(j), arrivals: [], releaseTrue: null, clockOffsetNs: 0 });
      }
      this.perMessage.push({ msg: k, sentAt, sentTrue: t, deadline, receivers, oml: null, dws: null });
    }
    this.received.add(0, k);
    const next = this.tree.layers[1]!;
    const kids = this.kids;
    const nk = servedChildrenInto(0, 1, next.length, this.tree.fanout, this.hedge, this.spraying, k, kids);
    for (let i = 0; i < nk; i++) this.sendCopy(t, 0, 1 + kids[i]!, k);
    if (k + 1 < this.messages) this.q.push(this.start + (k + 1) * this.interval, K_ROOT_SEND, 0, k + 1);
  }

  private sendCopy(t: number, from: number, to: number, msg: number): void {
    const lat = this.latency;
    let depart = t + lat.stragglerDelay(from, t);
    const free = this.egressFree[from]!;
    if (free > depart) depart = free;
    depart += lat.serializationNs;
    this.egressFree[from] = depart;
    const d = lat.linkDelay(from, to, depart);
    if (this.trace) this.trace.push({ t, kind: 'send', node: this.ids[from]!, to: this.ids[to]!, msg });
    if (d < 0) {
      if (this.trace) this.trace.push({ t: depart, kind: 'drop', node: this.ids[from]!, to: this.ids[to]!, msg });
      return;
    }
    const s = this.slotOf(msg);
    if (s >= 0) this.slotInFlight[s]!++;
    this.totalInFlight++;
    // Pushed at once, not staged until the whole answer is checked: the queue's order is by (time,
    // insertion sequence) whatever order events are placed in, and a fault ends the run anyway.
    this.q.push(depart + d, (to << 2) | K_ARRIVE, from, msg);
  }

  private retireOld(t: number): void {
    while (this.oldest < this.sent) {
      const s = this.oldest & (this.cap - 1);
      if (!this.slotDone[s]) {
        if (this.slotInFlight[s] !== 0 || this.slotHolding[s] !== 0 || this.slotSentTrue[s]! + this.drain > t) return;
        this.finalize(this.oldest);
      }
      this.oldest++;
    }
  }

  /** The root's packet for a retired message, rebuilt from its stamps (late copies only). */
  private packetOf(msg: number): MarketDataPacket {
    const dl = this.deadline[msg]!;
    return { msg, sentAt: this.sentAt[msg]!, deadline: dl !== dl ? null : dl };
  }

  /** Slot of a live message, or −1 once it is retired. */
  private slotOf(msg: number): number {
    if (msg < this.oldest || msg >= this.sent) return -1;
    const s = msg & (this.cap - 1);
    return this.slotDone[s] ? -1 : s;
  }

  private growSlots(cap: number): void {
    const old = this.cap;
    const P = this.participants;
    const packets = new Array<MarketDataPacket | undefined>(cap).fill(undefined);
    const sentTrue = new Float64Array(cap);
    const inFlight = new Int32Array(cap);
    const holding = new Int32Array(cap);
    const released = new Int32Array(cap);
    const done = new Uint8Array(cap);
    const part = new Float64Array(cap * P);
    for (let m = this.oldest; m < this.sent; m++) {
      const a = m & (old - 1);
      const b = m & (cap - 1);
      packets[b] = this.slotPacket[a];
      sentTrue[b] = this.slotSentTrue[a]!;
      inFlight[b] = this.slotInFlight[a]!;
      holding[b] = this.slotHolding[a]!;
      released[b] = this.slotReleased[a]!;
      done[b] = this.slotDone[a]!;
      part.set(this.slotPart.subarray(a * P, (a + 1) * P), b * P);
    }
    this.cap = cap;
    this.slotPacket = packets;
    this.slotSentTrue = sentTrue;
    this.slotInFlight = inFlight;
    this.slotHolding = holding;
    this.slotReleased = released;
    this.slotDone = done;
    this.slotPart = part;
  }

  private finalize(msg: number): void {
    const s = msg & (this.cap - 1);
    if (this.slotDone[s]) return;
    this.slotDone[s] = 1;
    this.finalized++;
    const P = this.participants;
    let lo = Infinity;
    let hi = -Infinity;
    let missing = false;
    for (let p = s * P, e = p + P; p < e; p++) {
      const r = this.slotPart[p]!;
      if (r !== r) {
        missing = true;
        break;
      }
      if (r < lo) lo = r;
      if (r > hi) hi = r;
    }
    if (missing) {
      this.undelivered++;
      return;
    }
    const dws = hi - lo;
    if (this.perMessage) {
      const rec = this.perMessage[msg]!;
      rec.oml = hi - this.slotSentTrue[s]!;
      rec.dws = dws;
    }
    this.omlS.record(hi - this.slotSentTrue[s]!);
    this.dwsS.record(dws);
    if (dws <= this.thr) this.within++;
  }

  // ---- node events ----

  /** A copy of `msg` from `from` lands at `to`. */
  private arrive(t: number, to: number, from: number, msg: number): Promise<void> | null {
    this.totalInFlight--;
    const s = this.slotOf(msg);
    if (s >= 0) this.slotInFlight[s]!--;
    const first = this.received.add(to, msg);
    const leaf = to >= this.firstLeaf;
    if (first && leaf) {
      this.totalFirst++;
      this.totalHolding++;
      if (s >= 0) {
        this.slotHolding[s]!++;
        if (this.owdS !== null) this.owdS.record(t - this.slotSentTrue[s]!);
      }
    }
    if (this.perMessage && leaf) {
      const r = this.perMessage[msg]!.receivers[to - this.firstLeaf]!;
      r.arrivals.push(t);
      if (first) r.clockOffsetNs = this.clocks[to]!.local(t) - t;
    }
    if (this.trace) this.trace.push({ t, kind: first ? 'arrive' : 'dedup', node: this.ids[to]!, from: this.ids[from]!, msg });
    const packet = s >= 0 ? this.slotPacket[s]! : this.packetOf(msg);
    const off = this.clockOffset[to]!;
    const time = off === off ? t + off : this.clocks[to]!.local(t);
    if (this.reusesEvents[to] === 1) {
      const ev = this.packetEvent;
      ev.time = time;
      ev.from = this.ids[from]!;
      ev.packet = packet;
      return this.answer(t, to, ev);
    }
    return this.answer(t, to, { type: 'packet', time, from: this.ids[from]!, packet });
  }

  private timer(t: number, node: number, slot: number): Promise<void> | null {
    const name = this.timerName[slot]!;
    this.timerFree.push(slot);
    if (this.trace) this.trace.push({ t, kind: 'timer', node: this.ids[node]!, detail: name });
    return this.answer(t, node, { type: 'timer', time: this.clocks[node]!.local(t), timer: name });
  }

  private report(t: number, to: number, from: number, slot: number): Promise<void> | null {
    const v = this.reportValue[slot]!;
    this.reportFree.push(slot);
    if (this.trace) this.trace.push({ t, kind: 'report', node: this.ids[to]!, from: this.ids[from]!, detail: v });
    if (to === 0) {
      // The root: deadline = sentAt + max of the latest report of each child + headroom.
      this.rootReports.set(from, v);
      let max = 0;
      for (const x of this.rootReports.values()) if (x > max) max = x;
      this.globalOwd = max;
      return null;
    }
    return this.answer(t, to, { type: 'report', time: this.clocks[to]!.local(t), from: this.ids[from]!, owdNs: v });
  }

  /** Hands `ev` to node `i`; applies its answer now if synchronous, else once it resolves. */
  private answer(t: number, i: number, ev: NodeEvent): Promise<void> | null {
    let r: readonly NodeAction[] | Promise<readonly NodeAction[]>;
    try {
      r = this.nodes[i]!.onEvent(ev);
    } catch (err) {
      throw new Fault(i, ev, `the node threw: ${(err as Error)?.message ?? String(err)}`);
    }
    if (Array.isArray(r)) {
      // The common, synchronous answer: no Promise machinery on the hot path (and most answers,
      // a duplicate copy's, are empty).
      if (r.length !== 0) this.applyAll(t, i, ev, r);
      return null;
    }
    if (isPromise(r)) {
      return r.then(
        (a) => this.apply(t, i, ev, a),
        (err: unknown) => {
          throw new Fault(i, ev, `the node failed: ${(err as Error)?.message ?? String(err)}`);
        },
      );
    }
    this.apply(t, i, ev, r);
    return null;
  }

  /** Checks and applies a node's actions, in order; the first bad one is a Fault. */
  private apply(t: number, i: number, ev: NodeEvent, actions: unknown): void {
    if (!Array.isArray(actions)) throw new Fault(i, ev, 'the answer is not a list of actions', actions);
    this.applyAll(t, i, ev, actions);
  }

  private applyAll(t: number, i: number, ev: NodeEvent, actions: readonly unknown[]): void {
    const depth = this.depthOf[i]!;
    const leaf = i >= this.firstLeaf;
    let checkedPacket: MarketDataPacket | undefined;
    let lastTo = -2;
    let checkedMsg = 0;
    for (let k = 0; k < actions.length; k++) {
      const a = actions[k] as NodeAction;
      if (typeof a !== 'object' || a === null) throw new Fault(i, ev, 'an action is not an object', a);
      switch (a.type) {
        case 'send': {
          // Children are usually sent to in order: try the node after the last target before the Map.
          let to: number | undefined = lastTo + 1;
          if (to >= this.ids.length || this.ids[to] !== a.to) to = typeof a.to === 'string' ? this.index.get(a.to) : undefined;
          if (to === undefined || this.depthOf[to] !== depth + 1) {
            throw new Fault(i, ev, `send to ${JSON.stringify(a.to)}, which is not in its next layer`, a);
          }
          lastTo = to;
          const p = a.packet as MarketDataPacket | undefined;
          // A proxy sends one packet object to all its children: check it once per answer (its
          // fields are read once; the copies carry the harness's own packet, not this object).
          if (p === undefined || p !== checkedPacket) {
            const msg = p?.msg;
            if (typeof msg !== 'number' || !Number.isInteger(msg) || msg < 0 || msg >= this.sent) {
              throw new Fault(i, ev, `send of a packet with no valid message id (${JSON.stringify(msg)})`, a);
            }
            if (!this.received.has(i, msg)) throw new Fault(i, ev, `send of message ${msg}, which it never received`, a);
            const dl = this.deadline[msg]!;
            if (p!.sentAt !== this.sentAt[msg] || (dl !== dl ? p!.deadline !== null : p!.deadline !== dl)) {
              throw new Fault(i, ev, `send of message ${msg} with sentAt/deadline altered from the root's`, a);
            }
            checkedPacket = p;
            checkedMsg = msg;
          }
          this.sendCopy(t, i, to, checkedMsg);
          break;
        }
        case 'release': {
          const msg = a.msg;
          if (!leaf) throw new Fault(i, ev, 'release by a proxy (only receivers release)', a);
          if (typeof msg !== 'number' || !Number.isInteger(msg) || msg < 0 || !this.received.has(i, msg)) {
            throw new Fault(i, ev, `release of message ${JSON.stringify(msg)}, which it never received`, a);
          }
          if (!this.released.add(i, msg)) throw new Fault(i, ev, `second release of message ${msg}`, a);
          this.onRelease(t, i, msg);
          break;
        }
        case 'timer': {
          const at = a.at;
          if (typeof a.timer !== 'string' || a.timer.length > MAX_TIMER_NAME) {
            throw new Fault(i, ev, `timer name must be a string of at most ${MAX_TIMER_NAME} characters`, a);
          }
          if (typeof at !== 'number' || !Number.isSafeInteger(at)) throw new Fault(i, ev, `timer at ${JSON.stringify(at)}: not an integer time`, a);
          if (at < ev.time) throw new Fault(i, ev, `timer at ${at}, in the past (local time ${ev.time})`, a);
          const slot = this.timerFree.length ? this.timerFree.pop()! : this.timerName.length;
          this.timerName[slot] = a.timer;
          const when = Math.max(t, this.clocks[i]!.trueAt(at));
          this.q.push(when, (i << 2) | K_TIMER, slot, 0);
          break;
        }
        case 'report': {
          const to = typeof a.to === 'string' ? this.index.get(a.to) : undefined;
          if (to === undefined || this.depthOf[to] !== depth - 1) {
            throw new Fault(i, ev, `report to ${JSON.stringify(a.to)}, which is not in its parent layer`, a);
          }
          const v = a.owdNs;
          if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new Fault(i, ev, `report of ${JSON.stringify(v)}: not an integer ns`, a);
          const slot = this.reportFree.length ? this.reportFree.pop()! : this.reportValue.length;
          this.reportValue[slot] = v;
          this.q.push(t + this.latency.reportDelayNs, (to << 2) | K_REPORT, i, slot);
          break;
        }
        default:
          throw new Fault(i, ev, `unknown action type ${JSON.stringify((a as { type?: unknown }).type)}`, a);
      }
    }
  }

  private onRelease(t: number, i: number, msg: number): void {
    this.totalReleases++;
    this.totalHolding--;
    if (this.trace) this.trace.push({ t, kind: 'release', node: this.ids[i]!, msg });
    const j = i - this.firstLeaf;
    if (this.lockstep?.onRelease) {
      this.lockstep.onRelease(msg, this.tree.participantOf(j), t);
      this.lockNext = this.lockstep.nextNs();
    }
    if (this.perMessage) {
      const r = this.perMessage[msg]!.receivers[j]!;
      r.releaseTrue = t;
      r.clockOffsetNs = this.clocks[i]!.local(t) - t;
    }
    const s = this.slotOf(msg);
    if (s < 0) return;
    this.slotHolding[s]!--;
    const p = s * this.participants + (j % this.participants); // = tree.participantOf(j)
    const prev = this.slotPart[p]!;
    if (prev !== prev || t < prev) this.slotPart[p] = t;
    if (++this.slotReleased[s]! === this.leaves) this.finalize(msg);
  }
}
