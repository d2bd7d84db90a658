/**
 * The inbound harness: a tree of inbound nodes — the reference's, a vendor's, or a mix — inside
 * the discrete-event simulator (spec/exchange/inbound.md). It owns true time, links (per-link
 * FIFO, delays from a LatencyModel), uplink capacity (credits, one order per credit, each order
 * taking the schedule's serialization time) and clocks (per-node error ≤ ε, drift); a node sees
 * only events at its local clock and answers with actions, which the harness checks before
 * applying them. The first bad action throws an InboundFault naming the node, the event and the
 * action; the network is unusable after it.
 *
 * Two ways to use it:
 * - step-wise (the whole-exchange simulation): `submit`, `setMid`, then `runUntil(t)`; releases
 *   reach the matching engine through `onRelease(trueTimeNs, order)` (the harness's own copy of
 *   the order, never the node's);
 * - standalone (the catalog): `runInbound(options, schedule)` in run-inbound.ts.
 *
 * Speed: a synchronous answer is applied synchronously (only a Promise is awaited); per-order
 * state lives in typed arrays indexed by order id; events in the simulator's EventQueue;
 * heartbeats are one timer event per gateway period. Per event the work is the node's plus O(1).
 */
import { createClocks, type ClockSpec, type NodeClock } from '../sim/clock.ts';
import { SimulationInputError, requireInt } from '../sim/errors.ts';
import { EventQueue } from '../sim/event-queue.ts';
import { LatencyModel, type LatencyModelSpec } from '../sim/latency.ts';
import { Rng } from '../sim/rng.ts';
import { isCritical } from '../loq/criticality.ts';
import type { InboundAction, InboundEvent, InboundLoqConfig, InboundMessage, InboundNode, InboundNodeConfig, InboundOrder } from './node.ts';
import { GatewayNode } from './gateway-node.ts';
import { MergeNode } from './merge-node.ts';
import { referenceInboundNode } from './reference-node.ts';
import { buildInboundTree, nodeConfig, type BuiltTree, type InboundShape, type TreeSettings } from './tree.ts';

export interface InboundNetworkOptions {
  readonly seed: number;
  readonly shape: InboundShape;
  /** Per hop; default { kind: 'constant', delayNs: 0 }. Loss is refused (the inbound path is reliable). */
  readonly latency?: LatencyModelSpec;
  readonly clocks?: ClockSpec;
  /** Gateways' heartbeat period (local ns, ≥ 1). */
  readonly heartbeatPeriodNs: number;
  /**
   * Proxies send at most one dummy per this period (local ns; default 0: after every event that
   * advanced their low-water mark). A big tree wants it: per-event dummies cascade up every layer.
   */
  readonly proxyHeartbeatPeriodNs?: number;
  /** Time one order takes on a gateway's / a proxy's uplink: the k-th order a node sends takes list[k mod length] (default 0). */
  readonly gatewayUplinkNs?: number | readonly number[];
  readonly proxyUplinkNs?: number | readonly number[];
  /** Orders in flight per uplink (default 1). */
  readonly gatewayCredits?: number;
  readonly proxyCredits?: number;
  /** Gateways run an LOQ (window, initial mid); null/absent: no LOQ. */
  readonly loq?: InboundLoqConfig | null;
  /** Proxies run a tag-keeping LOQ as their backlog (needs loq). */
  readonly proxyLoq?: boolean;
  /** How proxies and the sequencer merge (default: 'class-aware' with loq, else 'timestamp'). */
  readonly merge?: 'timestamp' | 'class-aware';
  /** Replace reference nodes (a vendor's), per node config; undefined = the reference node. */
  readonly nodes?: (config: InboundNodeConfig) => InboundNode | undefined;
  /** Called for every order the sequencer releases, in release order (true ns, the harness's copy). */
  readonly onRelease?: (trueTimeNs: number, order: InboundOrder) => void;
  /** 'trace': keep every submit, send, arrival and release (the catalog; small runs). */
  readonly record?: 'summary' | 'trace';
  /** Fault past this many events (a node that schedules without end). Default 2^40. */
  readonly maxEvents?: number;
  /** True time of the `start` events (default 1 ms + ε, so no clock reads negative). */
  readonly startNs?: number;
}

export type InboundTraceKind = 'submit' | 'mid' | 'send' | 'arrive' | 'release' | 'credit' | 'timer';

export interface InboundTraceEvent {
  /** True time, ns. */
  readonly t: number;
  readonly kind: InboundTraceKind;
  readonly node: string;
  readonly to?: string;
  readonly from?: string;
  /** Orders: the id. */
  readonly order?: number;
  /** Heartbeats and orders on a link: the key (and tags). */
  readonly timestamp?: number;
  readonly participant?: number;
  readonly epoch?: number;
  readonly critical?: boolean;
  readonly heartbeat?: true;
  /** Submits: the node's local time; mids: the value; timers: the name. */
  readonly detail?: number | string;
}

/** A node's bad action (or a node that threw): the run stops. */
export class InboundFault extends Error {
  override readonly name = 'InboundFault';
  readonly event: InboundEvent;
  constructor(
    readonly node: string,
    event: InboundEvent,
    readonly reason: string,
    readonly action?: unknown,
    override readonly cause?: unknown,
  ) {
    super(`node ${node}: ${reason}`);
    // A copy: reference nodes are handed one reused event object.
    this.event = { ...event };
  }
}

/** What the harness knows of one order (from the input and what it saw). */
export interface OrderRecord {
  readonly order: InboundOrder;
  /** True time of its submit. */
  readonly submitTrue: number;
  /** Its gateway's clock at submit: the stamp it must carry. */
  readonly expectedStamp: number;
  /** The stamp its gateway sent it with (NaN until sent). */
  readonly stamp: number;
  /** Under LOQ: the (epoch, class) its gateway's LOQ must give it, and the tags it was sent with (-1/undefined until sent). */
  readonly expectedEpoch: number;
  readonly expectedCritical: boolean;
  readonly epoch: number;
  readonly critical: boolean | undefined;
  /** True release time, NaN while not released; the node holding it else (a node id, 'link' in flight, or null before its submit). */
  readonly releasedTrue: number;
  readonly where: string | null;
}

const K_START = 0;
const K_SUBMIT = 1;
const K_MID = 2;
const K_ARRIVE = 3;
const K_CREDIT = 4;
const K_TIMER = 5;

const H_NONE = -1;
const H_LINK = -2;
const H_RELEASED = -3;

const MAX_TIMER_NAME = 256;
const MAX_ORDER_ID = 0x7fffffff;

function isPromise(x: unknown): x is Promise<readonly InboundAction[]> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

function uplinkList(name: string, v: number | readonly number[] | undefined): Float64Array {
  const list = v === undefined ? [0] : typeof v === 'number' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0 || list.length > 1_000_000) throw new SimulationInputError(`${name} must be a number or 1..1e6 numbers`);
  return Float64Array.from(list, (x, i) => requireInt(`${name}[${i}]`, x, 0, 1e10));
}

export class InboundNetwork {
  readonly tree: BuiltTree;
  readonly settings: TreeSettings;
  readonly ids: readonly string[];
  private readonly nodes: InboundNode[] = [];
  private readonly configs: InboundNodeConfig[] = [];
  private readonly clocks: NodeClock[];
  private readonly latency: LatencyModel;
  private readonly q = new EventQueue(4096);
  private readonly parentOf: Int32Array;
  private readonly classAwareParent: Uint8Array;
  private readonly isGateway: Uint8Array;
  /** 1 for the reference's own node classes: their messages are fresh and never touched again, so they travel as they are. */
  private readonly trusted: Uint8Array;
  private readonly credits: Int32Array;
  private readonly egressFree: Float64Array;
  private readonly lastArrival: Float64Array;
  private readonly sentCount: Float64Array;
  private readonly uplinkNs: Float64Array[];
  private readonly onReleaseFn: ((t: number, o: InboundOrder) => void) | undefined;
  private readonly trace: InboundTraceEvent[] | null;
  private readonly maxEvents: number;
  private readonly loq: InboundLoqConfig | null;
  readonly startNs: number;

  // Per gateway (by participant): what the harness says its mid and epoch are.
  private readonly gwMid: Float64Array;
  private readonly gwEpoch: Int32Array;

  // Per order id.
  private orders: (InboundOrder | undefined)[] = [];
  private holder = new Int32Array(0);
  private lastSender = new Int32Array(0);
  private submitTrue = new Float64Array(0);
  private expStamp = new Float64Array(0);
  private stamp = new Float64Array(0);
  private expEpoch = new Int32Array(0);
  private expCrit = new Uint8Array(0);
  private tagEpoch = new Int32Array(0);
  private tagCrit = new Int8Array(0);
  private releasedAt = new Float64Array(0);
  private readonly releaseOrder: number[] = [];

  // Payload slots carried by events (free-listed).
  private slotVal: unknown[] = [];
  private slotFree: number[] = [];

  private readonly messageEvent: { type: 'message'; time: number; from: string; message: InboundMessage } = {
    type: 'message',
    time: 0,
    from: '',
    message: { kind: 'heartbeat', timestamp: 0, participant: 0 },
  };

  private readonly creditEvent: { type: 'credit'; time: number } = { type: 'credit', time: 0 };
  private readonly timerEvent: { type: 'timer'; time: number; timer: string } = { type: 'timer', time: 0, timer: '' };

  private nowNs: number;
  private events = 0;
  private submitted = 0;
  private faulted: InboundFault | null = null;

  constructor(o: InboundNetworkOptions) {
    if (typeof o !== 'object' || o === null) throw new SimulationInputError('InboundNetwork needs an options object');
    const seed = requireInt('seed', o.seed, 0, Number.MAX_SAFE_INTEGER);
    const period = requireInt('heartbeatPeriodNs', o.heartbeatPeriodNs, 1, 1e12);
    this.loq = o.loq ?? null;
    if (this.loq) {
      requireInt('loq.window', this.loq.window, 0, Number.MAX_SAFE_INTEGER);
      requireInt('loq.mid', this.loq.mid, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    }
    const merge = o.merge ?? (this.loq ? 'class-aware' : 'timestamp');
    if (merge !== 'timestamp' && merge !== 'class-aware') throw new SimulationInputError(`merge must be timestamp or class-aware`);
    if (merge === 'class-aware' && !this.loq) throw new SimulationInputError('a class-aware merge needs the gateways to run an LOQ (loq)');
    if (o.proxyLoq && merge !== 'class-aware') throw new SimulationInputError('proxyLoq needs merge class-aware');
    if (o.nodes !== undefined && typeof o.nodes !== 'function') throw new SimulationInputError('nodes must be a function');
    if (o.latency?.lossRate) throw new SimulationInputError('the inbound path is reliable: latency.lossRate must be 0');
    this.settings = {
      heartbeatPeriodNs: period,
      proxyHeartbeatPeriodNs: requireInt('proxyHeartbeatPeriodNs', o.proxyHeartbeatPeriodNs ?? 0, 0, 1e12),
      gatewayCredits: requireInt('gatewayCredits', o.gatewayCredits ?? 1, 1, 1 << 20),
      proxyCredits: requireInt('proxyCredits', o.proxyCredits ?? 1, 1, 1 << 20),
      loq: this.loq,
      proxyLoq: o.proxyLoq ?? false,
      merge,
    };
    this.tree = buildInboundTree(o.shape);
    const n = this.tree.nodes.length;
    this.ids = this.tree.nodes.map((x) => x.id);
    this.maxEvents = requireInt('maxEvents', o.maxEvents ?? 2 ** 40, 1, Number.MAX_SAFE_INTEGER);
    const rng = new Rng(seed);
    this.clocks = createClocks(n, o.clocks, rng.fork(1));
    this.latency = new LatencyModel(o.latency ?? { kind: 'constant', delayNs: 0 }, rng.fork(2), rng.fork(3));
    this.startNs = requireInt('startNs', o.startNs ?? 1_000_000 + (o.clocks?.epsilonNs ?? 0), o.clocks?.epsilonNs ?? 0, 1e15);
    this.nowNs = this.startNs;
    const gwUp = uplinkList('gatewayUplinkNs', o.gatewayUplinkNs);
    const pxUp = uplinkList('proxyUplinkNs', o.proxyUplinkNs);
    this.parentOf = Int32Array.from(this.tree.nodes, (x) => x.parent);
    this.isGateway = Uint8Array.from(this.tree.nodes, (x) => (x.role === 'gateway' ? 1 : 0));
    this.classAwareParent = new Uint8Array(n).fill(merge === 'class-aware' ? 1 : 0);
    this.credits = new Int32Array(n);
    this.egressFree = new Float64Array(n);
    this.lastArrival = new Float64Array(n);
    this.sentCount = new Float64Array(n);
    this.uplinkNs = this.tree.nodes.map((x) => (x.role === 'gateway' ? gwUp : pxUp));
    this.trusted = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const config = nodeConfig(this.tree, i, this.settings);
      this.configs.push(config);
      this.credits[i] = config.uplinkCredits;
      const node = o.nodes?.(config) ?? referenceInboundNode(config);
      this.trusted[i] = node.constructor === GatewayNode || node.constructor === MergeNode ? 1 : 0; // not subclasses
      this.nodes.push(node);
    }
    this.gwMid = new Float64Array(this.tree.participants).fill(this.loq?.mid ?? 0);
    this.gwEpoch = new Int32Array(this.tree.participants);
    this.onReleaseFn = o.onRelease;
    this.trace = o.record === 'trace' ? [] : null;
    // Start events, gateways last (their first heartbeats find their parents configured).
    for (let i = 0; i < n; i++) this.q.push(this.startNs, (i << 3) | K_START, 0, 0);
  }

  /** True time the network has run to. */
  get now(): number {
    return this.nowNs;
  }

  get eventsProcessed(): number {
    return this.events;
  }

  /** Order ids released so far, in release order. */
  get released(): readonly number[] {
    return this.releaseOrder;
  }

  get submittedCount(): number {
    return this.submitted;
  }

  get fault(): InboundFault | null {
    return this.faulted;
  }

  /** The node configs, in node order (index 0: the sequencer). */
  get nodeConfigs(): readonly InboundNodeConfig[] {
    return this.configs;
  }

  /** The trace so far (empty unless record: 'trace'). */
  get traceEvents(): readonly InboundTraceEvent[] {
    return this.trace ?? [];
  }

  /** Node i's clock reading at true time t. */
  localTime(node: number, t: number): number {
    return this.clocks[node]!.local(t);
  }

  /**
   * Participant `participant` hands its gateway `order` at true time `trueTimeNs` (≥ now). The
   * harness keeps its own copy; ids must be unique integers in 0..2^31−1 (dense: per-id arrays).
   */
  submit(participant: number, trueTimeNs: number, order: InboundOrder): void {
    this.usable();
    const p = requireInt('participant', participant, 0, this.tree.participants - 1);
    const t = requireInt('trueTimeNs', trueTimeNs, this.nowNs, Number.MAX_SAFE_INTEGER);
    if (typeof order !== 'object' || order === null) throw new SimulationInputError('order must be an object');
    const id = requireInt('order.id', order.id, 0, MAX_ORDER_ID);
    if (order.participant !== p) throw new SimulationInputError(`order ${id}: participant ${String(order.participant)} submitted by participant ${p}`);
    if (order.side !== 'bid' && order.side !== 'ask') throw new SimulationInputError(`order ${id}: side must be bid or ask`);
    requireInt(`order ${id} price`, order.price, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    requireInt(`order ${id} quantity`, order.quantity, 1, Number.MAX_SAFE_INTEGER);
    this.ensure(id);
    if (this.orders[id] !== undefined) throw new SimulationInputError(`order id ${id} submitted twice`);
    const copy: InboundOrder = Object.freeze({ id, participant: p, side: order.side, price: order.price, quantity: order.quantity });
    this.orders[id] = copy;
    this.submitTrue[id] = t;
    this.submitted++;
    this.q.push(t, (this.tree.gatewayOf[p]! << 3) | K_SUBMIT, id, 0);
  }

  /** Gateway `participant` infers mid price `mid` at true time `trueTimeNs` (≥ now). Ignored without LOQ. */
  setMid(participant: number, trueTimeNs: number, mid: number): void {
    this.usable();
    const p = requireInt('participant', participant, 0, this.tree.participants - 1);
    const t = requireInt('trueTimeNs', trueTimeNs, this.nowNs, Number.MAX_SAFE_INTEGER);
    requireInt('mid', mid, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    this.q.push(t, (this.tree.gatewayOf[p]! << 3) | K_MID, this.slot(mid), 0);
  }

  /**
   * Processes every event up to true time `trueTimeNs` (inclusive). Throws InboundFault at a
   * node's bad action. Synchronous nodes never leave the loop; only a Promise is awaited.
   */
  async runUntil(trueTimeNs: number): Promise<void> {
    this.usable();
    const until = requireInt('trueTimeNs', trueTimeNs, this.nowNs, Number.MAX_SAFE_INTEGER);
    const q = this.q;
    try {
      while (q.peekTime() <= until) {
        q.pop();
        const t = q.t;
        this.nowNs = t;
        if (++this.events > this.maxEvents) {
          throw new InboundFault(this.ids[q.a >> 3]!, { type: 'start', time: t }, `more than ${this.maxEvents} events: a node schedules without end`);
        }
        const r = this.dispatch(t, q.a >> 3, q.a & 7, q.b, q.c);
        if (r !== null) await r;
      }
    } catch (err) {
      if (err instanceof InboundFault) this.faulted = err;
      throw err;
    }
    this.nowNs = until;
  }

  /** What the harness knows of order `id` (undefined: never submitted). */
  record(id: number): OrderRecord | undefined {
    const order = this.orders[id];
    if (order === undefined) return undefined;
    const h = this.holder[id]!;
    const tag = this.tagCrit[id]!;
    return {
      order,
      submitTrue: this.submitTrue[id]!,
      expectedStamp: this.expStamp[id]!,
      stamp: this.stamp[id]!,
      expectedEpoch: this.expEpoch[id]!,
      expectedCritical: this.expCrit[id] === 1,
      epoch: this.tagEpoch[id]!,
      critical: tag < 0 ? undefined : tag === 1,
      releasedTrue: this.releasedAt[id]!,
      where: h >= 0 ? this.ids[h]! : h === H_LINK ? 'link' : null,
    };
  }

  /** Every submitted order id, ascending. */
  submittedIds(): number[] {
    const out: number[] = [];
    for (let id = 0; id < this.orders.length; id++) if (this.orders[id] !== undefined) out.push(id);
    return out;
  }

  // ---- internals ----

  private usable(): void {
    if (this.faulted) throw this.faulted;
  }

  private slot(v: unknown): number {
    const s = this.slotFree.length ? this.slotFree.pop()! : this.slotVal.length;
    this.slotVal[s] = v;
    return s;
  }

  private take(s: number): unknown {
    const v = this.slotVal[s];
    this.slotVal[s] = undefined;
    this.slotFree.push(s);
    return v;
  }

  private ensure(id: number): void {
    if (id < this.holder.length) return;
    let cap = Math.max(1024, this.holder.length);
    while (cap <= id) cap *= 2;
    const f64 = (a: Float64Array, fill: number) => {
      const b = new Float64Array(cap).fill(fill);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array, fill: number) => {
      const b = new Int32Array(cap).fill(fill);
      b.set(a);
      return b;
    };
    this.holder = i32(this.holder, H_NONE);
    this.lastSender = i32(this.lastSender, -1);
    this.submitTrue = f64(this.submitTrue, NaN);
    this.expStamp = f64(this.expStamp, NaN);
    this.stamp = f64(this.stamp, NaN);
    this.expEpoch = i32(this.expEpoch, 0);
    const ec = new Uint8Array(cap);
    ec.set(this.expCrit);
    this.expCrit = ec;
    this.tagEpoch = i32(this.tagEpoch, -1);
    const tc = new Int8Array(cap).fill(-1);
    tc.set(this.tagCrit);
    this.tagCrit = tc;
    this.releasedAt = f64(this.releasedAt, NaN);
  }

  private dispatch(t: number, i: number, kind: number, b: number, c: number): Promise<void> | null {
    const local = this.clocks[i]!.local(t);
    switch (kind) {
      case K_START:
        return this.answer(t, i, { type: 'start', time: local });
      case K_SUBMIT: {
        const order = this.orders[b]!;
        const p = order.participant;
        this.holder[b] = i;
        this.expStamp[b] = local;
        if (this.loq) {
          this.expEpoch[b] = this.gwEpoch[p]!;
          this.expCrit[b] = isCritical(order.side, order.price, this.gwMid[p]!, this.loq.window) ? 1 : 0;
        }
        if (this.trace) this.trace.push({ t, kind: 'submit', node: this.ids[i]!, order: b, detail: local });
        return this.answer(t, i, { type: 'submit', time: local, order });
      }
      case K_MID: {
        const mid = this.take(b) as number;
        const p = this.tree.nodes[i]!.participant;
        if (this.trace) this.trace.push({ t, kind: 'mid', node: this.ids[i]!, detail: mid });
        if (!this.loq) return null;
        if (mid !== this.gwMid[p]) {
          this.gwMid[p] = mid;
          this.gwEpoch[p]!++;
        }
        return this.answer(t, i, { type: 'mid', time: local, mid });
      }
      case K_ARRIVE: {
        const message = this.take(b) as InboundMessage;
        if (message.kind === 'order') this.holder[message.order.id] = i;
        if (this.trace) this.trace.push({ t, kind: 'arrive', node: this.ids[i]!, from: this.ids[c]!, ...traceKey(message) });
        if (this.trusted[i] === 1) {
          // Reference nodes read an event only inside onEvent: one reused object, no allocation.
          const ev = this.messageEvent;
          ev.time = local;
          ev.from = this.ids[c]!;
          ev.message = message;
          return this.answer(t, i, ev);
        }
        return this.answer(t, i, { type: 'message', time: local, from: this.ids[c]!, message });
      }
      case K_CREDIT: {
        this.credits[i]!++;
        if (this.trace) this.trace.push({ t, kind: 'credit', node: this.ids[i]! });
        if (this.trusted[i] === 1) {
          const ev = this.creditEvent;
          ev.time = local;
          return this.answer(t, i, ev);
        }
        return this.answer(t, i, { type: 'credit', time: local });
      }
      default: {
        const name = this.take(b) as string;
        if (this.trace) this.trace.push({ t, kind: 'timer', node: this.ids[i]!, detail: name });
        if (this.trusted[i] === 1) {
          const ev = this.timerEvent;
          ev.time = local;
          ev.timer = name;
          return this.answer(t, i, ev);
        }
        return this.answer(t, i, { type: 'timer', time: local, timer: name });
      }
    }
  }

  private answer(t: number, i: number, ev: InboundEvent): Promise<void> | null {
    let r: readonly InboundAction[] | Promise<readonly InboundAction[]>;
    try {
      r = this.nodes[i]!.onEvent(ev);
    } catch (err) {
      throw new InboundFault(this.ids[i]!, ev, `the node threw: ${(err as Error)?.message ?? String(err)}`, undefined, err);
    }
    if (Array.isArray(r)) {
      if (r.length !== 0) this.apply(t, i, ev, r);
      return null;
    }
    if (isPromise(r)) {
      return r.then(
        (a) => {
          if (!Array.isArray(a)) throw new InboundFault(this.ids[i]!, ev, 'the answer is not a list of actions', a);
          this.apply(t, i, ev, a);
        },
        (err: unknown) => {
          throw err instanceof InboundFault ? err : new InboundFault(this.ids[i]!, ev, `the node failed: ${(err as Error)?.message ?? String(err)}`, undefined, err);
        },
      );
    }
    throw new InboundFault(this.ids[i]!, ev, 'the answer is not a list of actions', r);
  }

  private apply(t: number, i: number, ev: InboundEvent, actions: readonly unknown[]): void {
    for (let k = 0; k < actions.length; k++) {
      const a = actions[k] as InboundAction;
      if (typeof a !== 'object' || a === null) throw new InboundFault(this.ids[i]!, ev, 'an action is not an object', a);
      switch (a.type) {
        case 'send':
          this.send(t, i, ev, a);
          break;
        case 'release':
          this.release(t, i, ev, a);
          break;
        case 'timer': {
          const at = a.at;
          if (typeof a.timer !== 'string' || a.timer.length > MAX_TIMER_NAME) {
            throw new InboundFault(this.ids[i]!, ev, `timer name must be a string of at most ${MAX_TIMER_NAME} characters`, a);
          }
          if (typeof at !== 'number' || !Number.isSafeInteger(at)) throw new InboundFault(this.ids[i]!, ev, `timer at ${JSON.stringify(at)}: not an integer time`, a);
          if (at < ev.time) throw new InboundFault(this.ids[i]!, ev, `timer at ${at}, in the past (local time ${ev.time})`, a);
          this.q.push(Math.max(t, this.clocks[i]!.trueAt(at)), (i << 3) | K_TIMER, this.slot(a.timer), 0);
          break;
        }
        default:
          throw new InboundFault(this.ids[i]!, ev, `unknown action type ${JSON.stringify((a as { type?: unknown }).type)}`, a);
      }
    }
  }

  private send(t: number, i: number, ev: InboundEvent, a: Extract<InboundAction, { type: 'send' }>): void {
    const id = this.ids[i]!;
    const parent = this.parentOf[i]!;
    if (parent < 0) throw new InboundFault(id, ev, 'send by the sequencer (it releases to the engine; it has no parent)', a);
    if (a.to !== this.ids[parent]) throw new InboundFault(id, ev, `send to ${JSON.stringify(a.to)}, which is not its parent ${this.ids[parent]}`, a);
    const m = a.message as InboundMessage | undefined;
    if (typeof m !== 'object' || m === null) throw new InboundFault(id, ev, 'send without a message', a);
    const ts = m.timestamp;
    if (!Number.isSafeInteger(ts)) throw new InboundFault(id, ev, `a message with timestamp ${JSON.stringify(ts)}: not an integer`, a);
    const hasEpoch = m.epoch !== undefined;
    const hasCrit = m.critical !== undefined;
    if (hasEpoch !== hasCrit) throw new InboundFault(id, ev, 'a message with only one of epoch and critical (tags come in pairs)', a);
    if (hasEpoch && (!Number.isSafeInteger(m.epoch) || m.epoch! < 0 || typeof m.critical !== 'boolean')) {
      throw new InboundFault(id, ev, `a message with tags epoch ${JSON.stringify(m.epoch)}, critical ${JSON.stringify(m.critical)}: an integer >= 0 and a boolean`, a);
    }
    if (!hasEpoch && this.classAwareParent[i] === 1) throw new InboundFault(id, ev, `an untagged message to ${this.ids[parent]}, which merges class-aware (LOQ tree): every message needs epoch and critical`, a);
    let deliver: InboundMessage;
    let depart = t;
    if (m.kind === 'order') {
      const oid = m.order?.id;
      const mine = typeof oid === 'number' && Number.isInteger(oid) && oid >= 0 ? this.orders[oid] : undefined;
      if (mine === undefined) throw new InboundFault(id, ev, `send of order ${JSON.stringify(oid)}, which was never submitted`, a);
      if (this.holder[oid]! !== i) {
        const why = this.lastSender[oid] === i ? 'which it already sent (an order is forwarded at most once)' : 'which it does not hold (never received)';
        throw new InboundFault(id, ev, `send of order ${oid}, ${why}`, a);
      }
      const o = m.order;
      if (o !== mine && (o.participant !== mine.participant || o.side !== mine.side || o.price !== mine.price || o.quantity !== mine.quantity)) {
        throw new InboundFault(id, ev, `send of order ${oid} with its fields altered (participant/side/price/quantity)`, a);
      }
      if (this.credits[i]! <= 0) throw new InboundFault(id, ev, `send of order ${oid} with no uplink credit left (${this.configs[i]!.uplinkCredits} per uplink; wait for a credit event)`, a);
      if (this.isGateway[i] === 1) {
        this.stamp[oid] = ts;
        this.tagEpoch[oid] = hasEpoch ? m.epoch! : -1;
        this.tagCrit[oid] = hasEpoch ? (m.critical ? 1 : 0) : -1;
      } else if (ts !== this.stamp[oid] || (hasEpoch ? m.epoch! : -1) !== this.tagEpoch[oid] || (hasEpoch ? (m.critical ? 1 : 0) : -1) !== this.tagCrit[oid]) {
        throw new InboundFault(id, ev, `send of order ${oid} with its stamp or tags altered (it arrived with timestamp ${this.stamp[oid]}${this.tagEpoch[oid]! >= 0 ? `, epoch ${this.tagEpoch[oid]}, ${this.tagCrit[oid] === 1 ? 'critical' : 'non-critical'}` : ''})`, a);
      }
      this.holder[oid] = H_LINK;
      this.lastSender[oid] = i;
      this.credits[i]!--;
      const list = this.uplinkNs[i]!;
      const free = this.egressFree[i]!;
      depart = (free > t ? free : t) + list[this.sentCount[i]!++ % list.length]!;
      this.egressFree[i] = depart;
      this.q.push(depart, (i << 3) | K_CREDIT, 0, 0);
      deliver = o === mine && this.trusted[i] === 1 ? m : { kind: 'order', order: mine, timestamp: ts, ...(hasEpoch ? { epoch: m.epoch!, critical: m.critical! } : {}) };
    } else if (m.kind === 'heartbeat') {
      const p = m.participant;
      if (!Number.isInteger(p) || p < 0 || p >= this.tree.participants) throw new InboundFault(id, ev, `a heartbeat for participant ${JSON.stringify(p)}, not one of 0..${this.tree.participants - 1}`, a);
      deliver = this.trusted[i] === 1 ? m : { kind: 'heartbeat', timestamp: ts, participant: p, ...(hasEpoch ? { epoch: m.epoch!, critical: m.critical! } : {}) };
    } else {
      throw new InboundFault(id, ev, `a message of kind ${JSON.stringify((m as { kind?: unknown }).kind)} (order or heartbeat)`, a);
    }
    // Per-link FIFO: never before what was sent earlier on this uplink.
    const d = this.latency.linkDelay(i, parent, depart);
    let at = depart + d;
    if (at < this.lastArrival[i]!) at = this.lastArrival[i]!;
    this.lastArrival[i] = at;
    if (this.trace) this.trace.push({ t, kind: 'send', node: id, to: this.ids[parent]!, ...traceKey(deliver) });
    this.q.push(at, (parent << 3) | K_ARRIVE, this.slot(deliver), i);
  }

  private release(t: number, i: number, ev: InboundEvent, a: Extract<InboundAction, { type: 'release' }>): void {
    const id = this.ids[i]!;
    if (i !== 0) throw new InboundFault(id, ev, 'release by a node that is not the sequencer', a);
    const oid = a.id;
    const mine = typeof oid === 'number' && Number.isInteger(oid) && oid >= 0 ? this.orders[oid] : undefined;
    if (mine === undefined) throw new InboundFault(id, ev, `release of order ${JSON.stringify(oid)}, which was never submitted`, a);
    if (this.holder[oid] !== 0) {
      const why = this.holder[oid] === H_RELEASED ? 'a second time (duplicated)' : 'which it never received';
      throw new InboundFault(id, ev, `release of order ${oid} ${why}`, a);
    }
    this.holder[oid] = H_RELEASED;
    this.releasedAt[oid] = t;
    this.releaseOrder.push(oid);
    if (this.trace) this.trace.push({ t, kind: 'release', node: id, order: oid, timestamp: this.stamp[oid]!, participant: mine.participant });
    this.onReleaseFn?.(t, mine);
  }
}

function traceKey(m: InboundMessage): Partial<InboundTraceEvent> {
  const tags = m.epoch !== undefined ? { epoch: m.epoch, critical: m.critical! } : {};
  return m.kind === 'order'
    ? { order: m.order.id, timestamp: m.timestamp, participant: m.order.participant, ...tags }
    : { heartbeat: true, timestamp: m.timestamp, participant: m.participant, ...tags };
}
