/**
 * The whole exchange, end to end, on one simulated clock (spec/exchange/whole-path.md):
 *
 *   matching engine → level events → market-data publisher (conflated every mdIntervalNs) →
 *   FAST (reference encoder) → multicast tree with hold-and-release (reference/multicast's
 *   harness, driven in lockstep) → each participant's gateway decodes and rebuilds its view →
 *   seeded algorithms react → orders to the gateways (stamped with gateway clocks, LOQ or FIFO)
 *   → the inbound path → the sequencer → the matching engine.
 *
 * The multicast harness owns the event loop; this world runs its own events (algorithms' timers
 * and reactions, skewed market-data deliveries) through the harness's lockstep hook, so both share
 * one clock and every effect follows its cause. Every component is replaceable through a
 * structural option (engine, gateways' market-data handler, multicast nodes, inbound path);
 * the defaults are the reference's. Deterministic given the seed; integer ns, ticks and lots.
 */
import { createMatchingEngine } from '../../matching/engine.ts';
import type { MatchingEvent } from '../../matching/types.ts';
import { simulateTree, type PaceOptions, type SimulateTreeOptions, type SimulateTreeResult } from '../../multicast/harness.ts';
import { DEFAULT_PF_THRESHOLD_NS } from '../../multicast/metrics.ts';
import { SimulationInputError, requireInt, requireNumber } from '../errors.ts';
import { EventQueue } from '../event-queue.ts';
import { Rng } from '../rng.ts';
import { ALGO_DEFAULTS, assignStrategies, checkAlgoParams, noiseOrder, poissonGapNs, type AlgoParams, type OrderIntent } from './algos.ts';
import { referenceInbound, type InboundOrder, type InboundPath, type InboundPathFactory } from './inbound-path.ts';
import { MdDecodeCache, ReferenceMdGateway, viewMid, type MdGateway } from './md-gateway.ts';
import { MdPublisher } from './md-publisher.ts';
import { MetricsRecorder, type RunMetrics } from './window-metrics.ts';

/**
 * What the simulation needs of a matching engine (reference/matching's MatchingEngine has it).
 * `applyTo` calls `sink` with every event of the command. It may return a promise (a vendor's
 * engine over a pipe): commands are then applied one after another in release order, and every
 * publication waits for the ones released before it. A synchronous engine runs inline.
 */
export interface ExchangeEngine {
  applyTo(command: unknown, sink: (event: MatchingEvent) => void, transient?: boolean): void | Promise<void>;
}

export interface BurstSpec {
  /** A burst starts every `everyNs` (the first at everyNs / 2). */
  readonly everyNs: number;
  readonly lengthNs: number;
  /** Noise order rate multiplier during a burst. */
  readonly factor: number;
  /** The news at a burst's start: makers re-quote this many ticks up or down (seeded sign). */
  readonly jumpTicks: number;
}

export interface SimulateExchangeOptions {
  readonly seed: number;
  readonly participants: number;
  /** Algorithms generate orders for this long (true ns); the inbound path then drains. */
  readonly durationNs: number;
  /** 'loq': gateways run an LOQ with `actionWindow`; 'fifo': SimplePQ. */
  readonly queue: 'loq' | 'fifo';
  readonly actionWindow?: number;
  /** Market-data publication period (default 1 ms). */
  readonly mdIntervalNs?: number;
  /** Metrics window (default 10 ms). */
  readonly windowNs?: number;
  readonly bursts?: BurstSpec | null;
  /** Every odd participant's gateway applies market data this much later (default 0). */
  readonly midSkewNs?: number;
  /** Orders per second one gateway's uplink transmits (default 200). */
  readonly uplinkOrdersPerSec?: number;
  /** Clock error bound of every node, ns (default 100). */
  readonly epsilonNs?: number;
  /** The opening mid price, ticks (default 100000). */
  readonly openingMid?: number;
  readonly algos?: Partial<AlgoParams>;
  /** The market-data tree: shape, hedging, hold-and-release headroom (null: off), latency, vendor nodes. */
  readonly multicast?: Pick<SimulateTreeOptions, 'fanout' | 'depth' | 'hedge' | 'spraying' | 'latency' | 'nodes'> & {
    readonly holdReleaseHeadroomNs?: number | null;
  };
  readonly engine?: () => ExchangeEngine;
  readonly mdGateway?: (participant: number, shared: MdDecodeCache) => MdGateway;
  readonly inbound?: InboundPathFactory;
  /** After the algorithms stop, how long the inbound path may still deliver (default 1 s). */
  readonly drainNs?: number;
  readonly pfThresholdNs?: number;
  readonly pace?: PaceOptions;
}

export interface SimulateExchangeResult {
  readonly metrics: RunMetrics;
  readonly orders: { readonly submitted: number; readonly processed: number; readonly trades: number };
  readonly marketData: { readonly publications: number; readonly bytes: number; readonly entries: number };
  readonly multicast: Pick<SimulateTreeResult, 'oml' | 'dws' | 'pf' | 'undelivered' | 'tree' | 'eventsProcessed'>;
  /** Burst windows [startNs, endNs) from the run's start. */
  readonly bursts: { startNs: number; endNs: number }[];
  readonly fault?: SimulateTreeResult['fault'];
  /** Stopped by `pace.onTurn`: the figures cover the run so far. */
  readonly stopped?: true;
}

const K_NOISE = 0;
const K_SUBMIT = 1;
const K_MD = 2;
const K_BURST = 3;
const K_BURST_END = 4;

/** The one symbol the simulated exchange trades. */
export const EXCHANGE_SYMBOL = 'X';
const SYMBOL = EXCHANGE_SYMBOL;
const OPENING_LEVELS = 10;

export async function simulateExchange(o: SimulateExchangeOptions): Promise<SimulateExchangeResult> {
  return new ExchangeWorld(o).run();
}

class ExchangeWorld {
  private readonly n: number;
  private readonly duration: number;
  private readonly mdInterval: number;
  private readonly skew: number;
  private readonly algo: AlgoParams;
  private readonly bursts: BurstSpec | null;
  private readonly rng: Rng;
  private readonly q = new EventQueue(4096);
  private readonly engine: ExchangeEngine;
  private readonly publisher = new MdPublisher();
  private readonly decodeCache = new MdDecodeCache();
  private readonly gateways: MdGateway[];
  private readonly inbound: InboundPath;
  private readonly strategies: ReturnType<typeof assignStrategies>;
  private readonly recorder: MetricsRecorder;
  private readonly messages: number;

  // Per participant.
  private readonly lastMid: Float64Array;
  private readonly actedMid: Float64Array;
  private readonly nextAllowed: Float64Array;
  private readonly newsShift: Float64Array;
  /** A noise event carries its chain's generation; a rate change starts a new chain (Poisson: memoryless). */
  private readonly noiseGen: Int32Array;

  // Per order id.
  private readonly genT: number[] = [];
  private readonly ioc: number[] = [];
  /** Intents waiting for their decision latency, by slot. */
  private readonly intents: (OrderIntent | undefined)[] = [];
  private readonly intentFree: number[] = [];

  // Per market-data message.
  private packets: (Uint8Array | undefined)[] = [];
  private sentT: Float64Array;
  private relCount: Int32Array;
  private relMin: Float64Array;
  private relMax: Float64Array;

  private nextOrderId = 0;
  private trades = 0;
  private mdBytes = 0;
  private mdEntries = 0;
  private currentTaker = '';
  private currentMatched = false;
  /** An async engine's commands, applied in order; the tail of the chain. */
  private engineTail: Promise<void> | null = null;
  private engineError: { readonly error: unknown } | null = null;

  constructor(private readonly o: SimulateExchangeOptions) {
    if (typeof o !== 'object' || o === null) throw new SimulationInputError('simulateExchange needs an options object');
    const seed = requireInt('seed', o.seed, 0, Number.MAX_SAFE_INTEGER);
    this.n = requireInt('participants', o.participants, 1, 100_000);
    this.duration = requireInt('durationNs', o.durationNs, 1, 3_600e9);
    this.mdInterval = requireInt('mdIntervalNs', o.mdIntervalNs ?? 1_000_000, 1_000, 1e12);
    this.skew = requireInt('midSkewNs', o.midSkewNs ?? 0, 0, 1e12);
    if (o.queue !== 'loq' && o.queue !== 'fifo') throw new SimulationInputError(`queue must be 'loq' or 'fifo'`);
    const window = requireInt('actionWindow', o.actionWindow ?? 2, 0, 1e9);
    const windowNs = requireInt('windowNs', o.windowNs ?? 10_000_000, 1_000, 1e12);
    const mid = requireInt('openingMid', o.openingMid ?? 100_000, OPENING_LEVELS + 2, 1e12);
    const epsilonNs = requireInt('epsilonNs', o.epsilonNs ?? 100, 0, 1e9);
    const uplink = requireNumber('uplinkOrdersPerSec', o.uplinkOrdersPerSec ?? 200, 1, 1e9);
    this.algo = checkAlgoParams({ ...ALGO_DEFAULTS, ...(o.algos ?? {}) });
    if (o.bursts) {
      const b = o.bursts;
      this.bursts = {
        everyNs: requireInt('bursts.everyNs', b.everyNs, 1, 1e12),
        lengthNs: requireInt('bursts.lengthNs', b.lengthNs, 0, 1e12),
        factor: requireNumber('bursts.factor', b.factor, 0, 1e6),
        jumpTicks: requireInt('bursts.jumpTicks', b.jumpTicks, 0, 1e9),
      };
      if (this.bursts.lengthNs > this.bursts.everyNs) throw new SimulationInputError('bursts.lengthNs must be ≤ bursts.everyNs');
    } else this.bursts = null;
    this.messages = Math.floor(this.duration / this.mdInterval);
    this.rng = new Rng(seed).fork(101);
    this.strategies = assignStrategies(this.n, this.algo, new Rng(seed).fork(102));
    this.recorder = new MetricsRecorder(windowNs, o.pfThresholdNs ?? DEFAULT_PF_THRESHOLD_NS, (t) => this.inBurst(t));

    this.engine = o.engine ? o.engine() : createMatchingEngine({ symbols: [{ symbol: SYMBOL, tickSize: 1 }] });
    this.gateways = Array.from({ length: this.n }, (_, p) => (o.mdGateway ? o.mdGateway(p, this.decodeCache) : new ReferenceMdGateway(this.decodeCache)));
    const factory = o.inbound ?? referenceInbound();
    this.inbound = factory({
      seed: new Rng(seed).fork(103).seed,
      participants: this.n,
      epsilonNs,
      loq: o.queue === 'loq' ? { window, mid } : null,
      uplinkOrdersPerSec: uplink,
      onRelease: (t, order) => this.process(t, order),
    });

    this.lastMid = new Float64Array(this.n).fill(NaN);
    this.actedMid = new Float64Array(this.n).fill(NaN);
    this.nextAllowed = new Float64Array(this.n);
    this.newsShift = new Float64Array(this.n);
    this.noiseGen = new Int32Array(this.n);
    this.sentT = new Float64Array(this.messages);
    this.relCount = new Int32Array(this.messages);
    this.relMin = new Float64Array(this.messages).fill(Infinity);
    this.relMax = new Float64Array(this.messages).fill(-Infinity);

    // The opening book, straight into the engine: its levels are the first publication's content.
    for (let k = 0; k < OPENING_LEVELS; k++) {
      this.openingOrder('buy', mid - 1 - k, k);
      this.openingOrder('sell', mid + 1 + k, k);
    }
    for (let p = 0; p < this.n; p++) {
      if (this.strategies[p] === 'noise' && this.algo.noiseRatePerSec > 0) this.q.push(poissonGapNs(this.algo.noiseRatePerSec, this.rng), K_NOISE, p, 0);
    }
    if (this.bursts && this.bursts.lengthNs > 0) {
      for (const w of this.burstWindows()) {
        this.q.push(w.startNs, K_BURST, 0, 0);
        this.q.push(w.endNs, K_BURST_END, 0, 0);
      }
    }
  }

  private openingOrder(side: 'buy' | 'sell', price: number, k: number): void {
    this.apply({ type: 'new', id: `open-${side}-${k}`, account: 'opening', symbol: SYMBOL, side, orderType: 'limit', price, quantity: 10 }, '', () => {});
  }

  /**
   * One command to the engine, then `after` (once its events went through the sink). A synchronous
   * engine runs inline; once an engine has returned a promise, every later command queues behind it.
   */
  private apply(command: unknown, taker: string, after: () => void): void {
    if (this.engineTail === null) {
      this.currentTaker = taker;
      this.currentMatched = false;
      const r = this.engine.applyTo(command, this.sink, true);
      if (r === undefined) {
        after();
        return;
      }
      this.engineTail = r.then(after, (error: unknown) => this.failEngine(error));
      return;
    }
    // The chain never rejects (no unhandled rejection): a failure is kept, later commands are
    // skipped, and settle() throws it.
    this.engineTail = this.engineTail.then(async () => {
      if (this.engineError) return;
      this.currentTaker = taker;
      this.currentMatched = false;
      try {
        await this.engine.applyTo(command, this.sink, true);
      } catch (error) {
        this.failEngine(error);
        return;
      }
      after();
    });
  }

  private failEngine(error: unknown): void {
    this.engineError ??= { error };
  }

  /** Every command released so far has been applied (a no-op for a synchronous engine). */
  private async settle(): Promise<void> {
    if (this.engineTail === null) return;
    await this.engineTail;
    if (this.engineError) throw this.engineError.error;
  }

  burstWindows(): { startNs: number; endNs: number }[] {
    const b = this.bursts;
    if (!b || b.lengthNs === 0) return [];
    const out: { startNs: number; endNs: number }[] = [];
    for (let s = b.everyNs / 2; s < this.duration; s += b.everyNs) out.push({ startNs: Math.round(s), endNs: Math.round(s) + b.lengthNs });
    return out;
  }

  private inBurst(t: number): boolean {
    const b = this.bursts;
    if (!b || b.lengthNs === 0 || t >= this.duration) return false;
    const x = t - b.everyNs / 2;
    if (x < 0) return false;
    return x % b.everyNs < b.lengthNs;
  }

  async run(): Promise<SimulateExchangeResult> {
    const mc = this.o.multicast ?? {};
    const headroom = mc.holdReleaseHeadroomNs === undefined ? 10_000 : mc.holdReleaseHeadroomNs;
    const tree = await simulateTree({
        seed: this.o.seed,
        receivers: this.n,
        ...(mc.fanout !== undefined ? { fanout: mc.fanout } : {}),
        ...(mc.depth !== undefined ? { depth: mc.depth } : {}),
        hedge: mc.hedge ?? 0,
        spraying: mc.spraying ?? false,
        holdRelease: headroom === null ? null : { headroomNs: headroom },
        messages: this.messages,
        intervalNs: this.mdInterval,
        clocks: { epsilonNs: this.o.epsilonNs ?? 100 },
        ...(mc.latency ? { latency: mc.latency } : {}),
        ...(mc.nodes ? { nodes: mc.nodes } : {}),
        ...(this.o.pfThresholdNs !== undefined ? { pfThresholdNs: this.o.pfThresholdNs } : {}),
        ...(this.o.pace ? { pace: this.o.pace } : {}),
        lockstep: {
          // The algorithms stop at the run's duration: what they scheduled past it never runs.
          nextNs: () => {
            const t = this.q.peekTime();
            return t < this.duration ? t : Infinity;
          },
          advanceTo: (t) => this.advanceTo(t),
          onSend: (msg, t) => this.publish(msg, t),
          onRelease: (msg, p, t) => this.onMdRelease(msg, p, t),
        },
      });
    const stopped = tree.stopped === true;
    if (!stopped && !tree.fault) {
      // The algorithms' last events, then the inbound path drains.
      await this.advanceTo(this.duration);
      const drain = requireInt('drainNs', this.o.drainNs ?? 1_000_000_000, 0, 1e12);
      await this.inbound.runUntil(this.duration + drain);
    }
    await this.settle();
    return {
      metrics: this.recorder.reduce(),
      orders: { submitted: this.nextOrderId, processed: this.recorder.processedCount, trades: this.trades },
      marketData: { publications: this.packets.length, bytes: this.mdBytes, entries: this.mdEntries },
      multicast: { oml: tree.oml, dws: tree.dws, pf: tree.pf, undelivered: tree.undelivered, tree: tree.tree, eventsProcessed: tree.eventsProcessed },
      bursts: this.burstWindows(),
      ...(tree.fault ? { fault: tree.fault } : {}),
      ...(stopped ? { stopped: true as const } : {}),
    };
  }

  // ---- the world's own events ----

  private async advanceTo(t: number): Promise<void> {
    const q = this.q;
    while (q.peekTime() <= t && q.peekTime() < this.duration) {
      q.pop();
      const now = q.t;
      const kind = q.a;
      const p = q.b;
      const c = q.c;
      if (kind === K_NOISE) {
        if (c !== this.noiseGen[p]) continue; // a chain a rate change replaced
        const m = viewMid(this.gateways[p]!);
        if (m === m) this.schedule(p, now, noiseOrder(m, this.algo, this.rng));
        this.nextNoise(p, now);
      } else if (kind === K_SUBMIT) {
        const intent = this.intents[c]!;
        this.intents[c] = undefined;
        this.intentFree.push(c);
        const r = this.inbound.runUntil(now);
        if (r !== undefined) await r;
        this.submit(p, now, intent);
      } else if (kind === K_MD) {
        this.deliver(p, c, now);
      } else if (kind === K_BURST) {
        this.news(now);
        this.restartNoise(now);
      } else {
        this.restartNoise(now);
      }
    }
  }

  private nextNoise(p: number, now: number): void {
    const rate = this.algo.noiseRatePerSec * (this.inBurst(now) ? this.bursts!.factor : 1);
    if (rate > 0) this.q.push(now + poissonGapNs(rate, this.rng), K_NOISE, p, this.noiseGen[p]!);
  }

  /** The noise rate changes at a burst's edges: every noise chain restarts at the new rate. */
  private restartNoise(now: number): void {
    for (let p = 0; p < this.n; p++) {
      if (this.strategies[p] !== 'noise') continue;
      this.noiseGen[p]!++;
      this.nextNoise(p, now);
    }
  }

  /** A decision taken at `now` reaches the gateway after the algo's latency. */
  private schedule(p: number, now: number, intent: OrderIntent): void {
    const slot = this.intentFree.length ? this.intentFree.pop()! : this.intents.length;
    this.intents[slot] = intent;
    this.q.push(now + this.algo.reactNs, K_SUBMIT, p, slot);
  }

  private submit(p: number, t: number, x: OrderIntent): void {
    const id = this.nextOrderId++;
    this.genT[id] = t;
    this.ioc[id] = x.ioc ? 1 : 0;
    const order: InboundOrder = { id, participant: p, side: x.side, price: x.price, quantity: x.quantity };
    this.inbound.submit(p, t, order);
  }

  /** A burst starts: every maker learns the news (the same jump for all). */
  private news(t: number): void {
    const jump = this.bursts!.jumpTicks * (this.rng.int(2) === 0 ? 1 : -1);
    if (jump === 0) return;
    for (let p = 0; p < this.n; p++) {
      if (this.strategies[p] !== 'maker') continue;
      this.newsShift[p] = jump;
      this.nextAllowed[p] = t;
      this.maker(p, t);
    }
  }

  // ---- market data ----

  private async publish(msg: number, t: number): Promise<void> {
    const r = this.inbound.runUntil(t);
    if (r !== undefined) await r;
    await this.settle();
    const u = this.publisher.close(t);
    const bytes = this.publisher.encode(u);
    this.packets[msg] = bytes;
    this.sentT[msg] = t;
    this.mdBytes += bytes.length;
    this.mdEntries += u.entries.length;
  }

  private onMdRelease(msg: number, p: number, t: number): void {
    if (t < this.relMin[msg]!) this.relMin[msg] = t;
    if (t > this.relMax[msg]!) this.relMax[msg] = t;
    if (++this.relCount[msg]! === this.n) {
      const sent = this.sentT[msg]!;
      this.recorder.message(sent, this.relMax[msg]! - sent, this.relMax[msg]! - this.relMin[msg]!);
    }
    if (this.skew > 0 && (p & 1) === 1) this.q.push(t + this.skew, K_MD, p, msg);
    else this.deliver(p, msg, t);
  }

  /** Gateway p takes packet `msg`; its LOQ and its algorithm react to a new mid. */
  private deliver(p: number, msg: number, t: number): void {
    const g = this.gateways[p]!;
    g.onPacket(this.packets[msg]!);
    const mid = viewMid(g);
    if (mid !== mid || mid === this.lastMid[p]) return;
    this.lastMid[p] = mid;
    this.inbound.setMid(p, t, mid);
    const s = this.strategies[p];
    if (s === 'maker') this.maker(p, t);
    else if (s === 'momentum') this.momentum(p, t, mid);
  }

  private maker(p: number, t: number): void {
    if (t < this.nextAllowed[p]! || t >= this.duration) return;
    const mid = viewMid(this.gateways[p]!);
    if (mid !== mid) return;
    const center = mid + this.newsShift[p]!;
    this.newsShift[p] = 0;
    this.nextAllowed[p] = t + this.algo.makerRequoteNs;
    const s = this.algo.makerSpread;
    this.schedule(p, t, { side: 'bid', price: Math.max(1, center - s), quantity: this.algo.makerSize, ioc: false });
    this.schedule(p, t, { side: 'ask', price: Math.max(1, center + s), quantity: this.algo.makerSize, ioc: false });
  }

  private momentum(p: number, t: number, mid: number): void {
    const ref = this.actedMid[p]!;
    this.actedMid[p] = mid;
    if (ref !== ref || mid === ref || t < this.nextAllowed[p]! || t >= this.duration) return;
    const g = this.gateways[p]!;
    const up = mid > ref;
    const price = up ? g.bestAsk : g.bestBid;
    if (price !== price) return;
    this.nextAllowed[p] = t + this.algo.momentumCooldownNs;
    this.schedule(p, t, { side: up ? 'bid' : 'ask', price, quantity: 1 + this.rng.int(3), ioc: true });
  }

  // ---- the exchange ----

  private readonly sink = (e: MatchingEvent): void => this.onEngineEvent(e);

  private onEngineEvent(e: MatchingEvent): void {
    if (e.type === 'level') this.publisher.onLevel(e);
    else if (e.type === 'trade') {
      this.trades++;
      if (e.takerId === this.currentTaker) this.currentMatched = true;
    }
  }

  /** The sequencer hands the engine an order. */
  private process(t: number, order: InboundOrder): void {
    const id = order.id;
    const taker = `o${id}`;
    const command = { type: 'new', id: taker, account: `p${order.participant}`, symbol: SYMBOL, side: order.side === 'bid' ? 'buy' : 'sell', orderType: 'limit', price: order.price, quantity: order.quantity, tif: this.ioc[id] ? 'ioc' : 'gtc' };
    this.apply(command, taker, () => this.recorder.processed(t, this.genT[id]!, order.participant, id, this.currentMatched));
  }
}
