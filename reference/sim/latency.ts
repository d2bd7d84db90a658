/**
 * Latency models for the simulated cloud network (documented with sources in ./README.md).
 *
 * One copy of a packet from node `from` to node `to` leaving at true time t arrives at
 *   t + link delay (the link model) + spike extra (if a spike covers that link at t),
 * or is lost (probability `lossRate`). A sender's copies leave one after another, each taking
 * `serializationNs` of its egress (the harness queues them); a straggler node adds `extraNs` to
 * every copy it sends while it straggles. All results are integer nanoseconds.
 */
import { SimulationInputError, requireInt, requireNumber } from './errors.ts';
import { normalQuantile, type Rng } from './rng.ts';

/** Knots of the jitter's quantile table: 8 KiB, so it stays in L1 next to everything else. */
const KNOTS = 1024;
/** KNOTS / 2^32 (= 2^-22): a uniform uint32's position among the knots. */
const X_SCALE = KNOTS / 4294967296;

/** Paper-derived defaults (Jasper §4, App. A; see README.md for the reasoning). */
export const LATENCY_DEFAULTS = {
  /** Fixed part of one overlay hop: "a unit increment in D adds ≈30 µs per layer". */
  baseNs: 30_000,
  /** Median of the lognormal jitter added to every hop. */
  jitterMedianNs: 2_000,
  /** Shape of that lognormal (σ of the underlying normal). */
  jitterSigma: 1.0,
  /** Egress time of one copy: "a unit increment in F adds ≈2.7 µs per layer" (460 B messages). */
  serializationNs: 2_700,
  lossRate: 0,
  /** A spike's extra delay when a spike gives none. */
  spikeExtraNs: 500_000,
  /** A straggler's extra delay per copy when a straggler gives none. */
  stragglerExtraNs: 100_000,
} as const;

/** How long one hop takes, before spikes and stragglers. */
export type LinkModelSpec =
  /** base + lognormal(median, σ) per traversal: the cloud's long-tailed hop latency. */
  | { readonly kind: 'lognormal'; readonly baseNs?: number; readonly jitterMedianNs?: number; readonly jitterSigma?: number }
  /** The same delay on every hop. */
  | { readonly kind: 'constant'; readonly delayNs: number }
  /** The k-th packet-copy traversal of the run takes delaysNs[k mod length] (properties: shrinks well). */
  | { readonly kind: 'scripted'; readonly delaysNs: readonly number[] };

/**
 * A latency model: the link model plus the per-sender and per-copy terms. Serialization defaults
 * to 2.7 µs for `lognormal` and to 0 for `constant` and `scripted` (which then give exactly the
 * delays they state). Hold-and-release reports travel one hop each, taking `reportDelayNs`
 * (default: the link model's fixed part — baseNs, delayNs, or 0 for scripted), never lost.
 */
export type LatencyModelSpec = LinkModelSpec & {
  readonly serializationNs?: number;
  readonly lossRate?: number;
  readonly reportDelayNs?: number;
};

/** A latency spike on one directed link (`from` → `to`, node indices) for [startNs, endNs) true time. */
export interface LinkSpike {
  readonly from: number;
  readonly to: number;
  readonly startNs: number;
  readonly endNs: number;
  readonly extraNs: number;
}

/** A straggler node: every copy it sends during [startNs, endNs) leaves extraNs later. */
export interface Straggler {
  readonly node: number;
  readonly extraNs: number;
  readonly startNs: number;
  readonly endNs: number;
}

const MAX_DELAY_NS = 10_000_000_000; // 10 s: past any hop we model; guards against runaway input
const MAX_SCRIPT = 1_000_000;

export class LatencyModel {
  readonly serializationNs: number;
  readonly reportDelayNs: number;
  readonly lossRate: number;
  private readonly kind: 0 | 1 | 2;
  private readonly base: number;
  private readonly median: number;
  private readonly sigma: number;
  private readonly script: Float64Array;
  /** Lognormal quantiles at p = i / KNOTS (lognormal model only). */
  private readonly quantiles: Float64Array;
  private k = 0;
  private readonly spikes: readonly LinkSpike[];
  /** Per node: its straggler windows (most nodes: none). */
  private readonly stragglers: Map<number, Straggler[]>;

  constructor(
    spec: LatencyModelSpec | undefined,
    private readonly jitterRng: Rng,
    private readonly lossRng: Rng,
    spikes: readonly LinkSpike[] = [],
    stragglers: readonly Straggler[] = [],
  ) {
    const s = spec ?? { kind: 'lognormal' };
    if (s.kind === 'lognormal') {
      this.kind = 0;
      this.base = requireInt('latency.baseNs', s.baseNs ?? LATENCY_DEFAULTS.baseNs, 0, MAX_DELAY_NS);
      this.median = requireNumber('latency.jitterMedianNs', s.jitterMedianNs ?? LATENCY_DEFAULTS.jitterMedianNs, 0, MAX_DELAY_NS);
      this.sigma = requireNumber('latency.jitterSigma', s.jitterSigma ?? LATENCY_DEFAULTS.jitterSigma, 0, 5);
      this.script = new Float64Array(0);
      this.quantiles = new Float64Array(KNOTS + 1);
      for (let i = 1; i < KNOTS; i++) this.quantiles[i] = this.median * Math.exp(this.sigma * normalQuantile(i / KNOTS));
    } else if (s.kind === 'constant') {
      this.kind = 1;
      this.base = requireInt('latency.delayNs', s.delayNs, 0, MAX_DELAY_NS);
      this.median = 0;
      this.sigma = 0;
      this.script = new Float64Array(0);
      this.quantiles = new Float64Array(0);
    } else if (s.kind === 'scripted') {
      this.kind = 2;
      if (!Array.isArray(s.delaysNs) || s.delaysNs.length === 0 || s.delaysNs.length > MAX_SCRIPT) {
        throw new SimulationInputError(`latency.delaysNs must list 1..${MAX_SCRIPT} delays`);
      }
      this.script = Float64Array.from(s.delaysNs, (d, i) => requireInt(`latency.delaysNs[${i}]`, d, 0, MAX_DELAY_NS));
      this.base = 0;
      this.median = 0;
      this.sigma = 0;
      this.quantiles = new Float64Array(0);
    } else {
      throw new SimulationInputError(`unknown latency model kind ${JSON.stringify((s as { kind?: unknown }).kind)}`);
    }
    const defaultSer = this.kind === 0 ? LATENCY_DEFAULTS.serializationNs : 0;
    this.serializationNs = requireInt('latency.serializationNs', s.serializationNs ?? defaultSer, 0, MAX_DELAY_NS);
    this.lossRate = requireNumber('latency.lossRate', s.lossRate ?? 0, 0, 1);
    this.reportDelayNs = requireInt('latency.reportDelayNs', s.reportDelayNs ?? this.base, 0, MAX_DELAY_NS);
    for (const sp of spikes) {
      requireInt('spike.startNs', sp.startNs, 0, Number.MAX_SAFE_INTEGER);
      requireInt('spike.endNs', sp.endNs, sp.startNs, Number.MAX_SAFE_INTEGER);
      requireInt('spike.extraNs', sp.extraNs, 0, MAX_DELAY_NS);
    }
    this.spikes = spikes;
    this.stragglers = new Map();
    for (const st of stragglers) {
      requireInt('straggler.startNs', st.startNs, 0, Number.MAX_SAFE_INTEGER);
      requireInt('straggler.endNs', st.endNs, st.startNs, Number.MAX_SAFE_INTEGER);
      requireInt('straggler.extraNs', st.extraNs, 0, MAX_DELAY_NS);
      const list = this.stragglers.get(st.node) ?? [];
      list.push(st);
      this.stragglers.set(st.node, list);
    }
  }

  /** Packet-copy traversals so far (the scripted model's k). */
  get traversals(): number {
    return this.k;
  }

  /** Delay (ns) of one packet copy from → to leaving at true time t, or −1 if it is lost. */
  linkDelay(from: number, to: number, t: number): number {
    const k = this.k++;
    let d: number;
    if (this.kind === 0) d = this.base + this.jitter();
    else if (this.kind === 1) d = this.base;
    else d = this.script[k % this.script.length]!;
    if (this.spikes.length !== 0) {
      for (const s of this.spikes) if (s.from === from && s.to === to && t >= s.startNs && t < s.endNs) d += s.extraNs;
    }
    if (this.lossRate !== 0 && this.lossRng.float() < this.lossRate) return -1;
    return d;
  }

  /**
   * One lognormal jitter draw, rounded to ns. Inside the central 1 − 2/1024 of probability the
   * quantile function is interpolated linearly between 1025 exact knots (median·e^(σ·z(p)));
   * the tails are computed exactly. Same stream, a fraction of the cost of exp per copy.
   */
  private jitter(): number {
    const u = this.jitterRng.nextU32();
    // x = p · KNOTS for p = (u + 0.5) / 2^32, by one multiplication: scaling by powers of two is
    // exact, so x, the tail tests (p < 1/KNOTS ⟺ x < 1) and the draws are the same as by division.
    const x = (u + 0.5) * X_SCALE;
    if (x < 1 || x > KNOTS - 1) {
      const p = (u + 0.5) / 4294967296;
      return Math.min(MAX_DELAY_NS, Math.round(this.median * Math.exp(this.sigma * normalQuantile(p))));
    }
    const i = x | 0;
    const q = this.quantiles;
    const lo = q[i]!;
    return roundNonNegative(lo + (q[i + 1]! - lo) * (x - i));
  }

  /** Extra delay (ns) a node adds to what it sends at true time t (0 unless it straggles then). */
  stragglerDelay(node: number, t: number): number {
    if (this.stragglers.size === 0) return 0;
    const list = this.stragglers.get(node);
    if (list === undefined) return 0;
    let d = 0;
    for (const s of list) if (t >= s.startNs && t < s.endNs) d += s.extraNs;
    return d;
  }
}

/**
 * Math.round(v) for v ≥ 0, without its branch: V8 compiles Math.round to a compare-and-branch
 * that a random draw mispredicts half the time (≈ 9 ns a draw here). Exact: f = floor(v) and the
 * fraction v − f are exact in binary64, doubling is exact, and floor(2·(v − f)) is 1 iff v − f ≥ ½.
 */
export function roundNonNegative(v: number): number {
  const f = Math.floor(v);
  return f + Math.floor((v - f) * 2);
}
