/**
 * The Monte Carlo model of proxy hedging (Jasper, Appendix C), and its numeric cross-check.
 *
 * Model: T(0) = 0. A node at depth d receives H+1 copies of a message; copy k arrives at
 * T_k(d−1) + U_k, where every T_k(d−1) is an independent draw of the parent layer's latency and
 * every U_k ~ U(0,1) is the link's latency; T(d) is the earliest arrival. Times are in the model's
 * unit (a link's latency is U(0,1)), so floats are right here, not integer ns.
 *
 * Independence, exactly. The naive recursion draws a fresh tree of (H+1)^D links per sample —
 * exact, but 3125 links a sample at D = 5, H = 4. We keep that tree of independent draws and
 * prune it: a copy whose link latency alone already reaches the best arrival found so far cannot
 * become the minimum, and neither can anything above it, so its subtree is never drawn. Skipping
 * draws whose values cannot change the result leaves the distribution of the result unchanged
 * (each subtree's draws are used by that subtree only), so every sample is still an exact,
 * independent draw of T(D) — no shared populations, no resampling caveat. Which draws are skipped
 * depends on earlier draws, so the PRNG stream differs from the naive recursion's; the result is
 * still deterministic given the seed.
 *
 * Cross-check: `hedgingDistribution` computes T(d)'s CDF numerically by the recursion
 * F_X(t) = ∫₀¹ F_{d−1}(t−u) du, F_d(t) = 1 − (1 − F_X(t))^{H+1} on a grid, and its mean and std.
 */

/** A bad parameter (not an integer, out of range): a usage error for callers, never a hang. */
export class MonteCarloInputError extends RangeError {
  override readonly name = 'MonteCarloInputError';
}

/**
 * Bounds on one call. Pruning keeps a sample far below (H+1)^D link draws, but the cost still
 * grows with both: ~2 µs a sample at D = 5, H = 4, ~0.6 ms at the limits D = 12, H = 16.
 */
export const MONTE_CARLO_LIMITS = { maxDepth: 12, maxHedge: 16, maxIterations: 100_000_000 } as const;

export interface MonteCarloOptions {
  readonly depth: number;
  readonly hedge: number;
  readonly iterations: number;
  readonly seed: number;
  /** Keep every sample (for CDF plots); off by default to stay O(1) in memory. */
  readonly keepSamples?: boolean;
}

export interface MonteCarloResult {
  readonly depth: number;
  readonly hedge: number;
  readonly iterations: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1). */
  readonly std: number;
  readonly samples?: Float64Array;
}

function checkInt(name: string, v: number, min: number, max: number): void {
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new MonteCarloInputError(`${name} must be an integer in ${min}..${max}, got ${String(v)}`);
  }
}

/**
 * A small seeded uniform generator (sfc32: 128-bit state, 32-bit output). Kept private: the
 * Monte Carlo is pure math with its own stream, independent of the simulator's PRNG.
 */
class Uniform {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 spreads any integer seed (also negative or > 2^32) over the four state words.
    let s = (seed | 0) ^ Math.floor(seed / 0x1_0000_0000);
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1) with 32 random bits. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) * 2.3283064365386963e-10;
  }
}

/**
 * Draws of T(d) with a bound: exact when T(d) < bound, else +Infinity (nothing below can win).
 * A node draws its H+1 link latencies first and descends in increasing order: the best arrival
 * tightens fastest, and once a link alone reaches it every later one does too.
 */
class HedgedTree {
  /** One scratch row of H+1 link latencies per depth (the recursion is at most D deep). */
  private readonly links: Float64Array[];

  constructor(
    private readonly rng: Uniform,
    private readonly copies: number,
    depth: number,
  ) {
    this.links = Array.from({ length: depth + 1 }, () => new Float64Array(copies));
  }

  sample(d: number, bound: number): number {
    if (d === 0) return 0;
    const rng = this.rng;
    const n = this.copies;
    if (d === 1) {
      let best = bound;
      for (let k = 0; k < n; k++) {
        const u = rng.next();
        if (u < best) best = u;
      }
      return best < bound ? best : Number.POSITIVE_INFINITY;
    }
    const links = this.links[d]!;
    for (let k = 0; k < n; k++) {
      // insertion sort as they come: n ≤ 17
      const u = rng.next();
      let j = k;
      while (j > 0 && links[j - 1]! > u) {
        links[j] = links[j - 1]!;
        j--;
      }
      links[j] = u;
    }
    let best = bound;
    let found = false;
    for (let k = 0; k < n; k++) {
      const u = links[k]!;
      if (u >= best) break; // arrives at ≥ u ≥ best, and so does every later (larger) link
      const t = u + this.sample(d - 1, best - u);
      if (t < best) {
        best = t;
        found = true;
      }
    }
    return found ? best : Number.POSITIVE_INFINITY;
  }
}

/**
 * One (D, H) run that can advance in slices (a CLI yields between them to show progress and
 * honour Ctrl-C); the result is the same however the run is sliced.
 */
export class MonteCarloRun {
  private readonly tree: HedgedTree;
  private readonly samples: Float64Array | undefined;
  private done = 0;
  // Welford's update: a numerically stable mean and variance in one pass.
  private mean = 0;
  private m2 = 0;

  constructor(private readonly o: MonteCarloOptions) {
    checkInt('depth', o.depth, 0, MONTE_CARLO_LIMITS.maxDepth);
    checkInt('hedge', o.hedge, 0, MONTE_CARLO_LIMITS.maxHedge);
    checkInt('iterations', o.iterations, 2, MONTE_CARLO_LIMITS.maxIterations);
    if (!Number.isSafeInteger(o.seed)) throw new MonteCarloInputError(`seed must be a safe integer, got ${String(o.seed)}`);
    this.tree = new HedgedTree(new Uniform(o.seed), o.hedge + 1, o.depth);
    this.samples = o.keepSamples ? new Float64Array(o.iterations) : undefined;
  }

  get completed(): number {
    return this.done;
  }

  /** Draws up to `max` more samples; true once all `iterations` are drawn. */
  advance(max: number): boolean {
    const end = Math.min(this.o.iterations, this.done + Math.max(0, Math.floor(max)));
    const { tree, samples, o } = this;
    let { mean, m2 } = this;
    for (let i = this.done; i < end; i++) {
      const t = tree.sample(o.depth, Number.POSITIVE_INFINITY);
      if (samples) samples[i] = t;
      const delta = t - mean;
      mean += delta / (i + 1);
      m2 += delta * (t - mean);
    }
    this.mean = mean;
    this.m2 = m2;
    this.done = end;
    return end === o.iterations;
  }

  result(): MonteCarloResult {
    if (this.done < this.o.iterations) throw new Error(`Monte Carlo run not finished: ${this.done} of ${this.o.iterations} samples`);
    const { depth, hedge, iterations } = this.o;
    const std = Math.sqrt(this.m2 / (iterations - 1));
    return this.samples ? { depth, hedge, iterations, mean: this.mean, std, samples: this.samples } : { depth, hedge, iterations, mean: this.mean, std };
  }
}

/** Mean and std of T for one (D, H): `iterations` independent exact draws. */
export function monteCarloHedging(o: MonteCarloOptions): MonteCarloResult {
  const run = new MonteCarloRun(o);
  run.advance(o.iterations);
  return run.result();
}

/**
 * The paper's table: every (D, H) pair. Every pair starts from the same seed, so one cell is
 * reproduced alone (`--depth D --hedge H --seed S`) with the same value; cells share random
 * numbers (common random numbers), which only makes the differences between them less noisy.
 */
export function monteCarloTable(o: { depths: readonly number[]; hedges: readonly number[]; iterations: number; seed: number }): MonteCarloResult[] {
  const out: MonteCarloResult[] = [];
  for (const depth of o.depths) for (const hedge of o.hedges) out.push(monteCarloHedging({ depth, hedge, iterations: o.iterations, seed: o.seed }));
  return out;
}

export interface HedgingDistribution {
  readonly depth: number;
  readonly hedge: number;
  readonly mean: number;
  readonly std: number;
  /** Grid step (model units) and the CDF at t = i·step, i = 0 .. depth/step. */
  readonly step: number;
  readonly cdf: Float64Array;
}

/**
 * T(d)'s CDF by numeric recursion (trapezoid rule, error O(step²) per level). With G the running
 * integral of F_{d−1}, F_X(t) = G(t) − G(t−1); T(d) ∈ [0, d], so the grid covers [0, depth].
 */
export function hedgingDistribution(depth: number, hedge: number, stepsPerUnit = 2000): HedgingDistribution {
  checkInt('depth', depth, 0, MONTE_CARLO_LIMITS.maxDepth);
  checkInt('hedge', hedge, 0, MONTE_CARLO_LIMITS.maxHedge);
  checkInt('stepsPerUnit', stepsPerUnit, 1, 100_000);
  const k = stepsPerUnit;
  const h = 1 / k;
  const n = depth * k + 1;
  let f = new Float64Array(n).fill(1); // T(0) = 0: F_0(t) = 1 for t ≥ 0
  const g = new Float64Array(n);
  for (let d = 1; d <= depth; d++) {
    g[0] = 0;
    for (let i = 1; i < n; i++) g[i] = g[i - 1]! + ((f[i - 1]! + f[i]!) * h) / 2;
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const fx = Math.min(1, g[i]! - (i >= k ? g[i - k]! : 0));
      next[i] = 1 - (1 - fx) ** (hedge + 1);
    }
    f = next;
  }
  // E[T] = ∫ (1 − F), E[T²] = ∫ 2t (1 − F) over [0, depth] (F = 1 beyond).
  let m1 = 0;
  let m2 = 0;
  for (let i = 1; i < n; i++) {
    const a = 1 - f[i - 1]!;
    const b = 1 - f[i]!;
    m1 += ((a + b) * h) / 2;
    m2 += ((2 * (i - 1) * h * a + 2 * i * h * b) * h) / 2;
  }
  return { depth, hedge, mean: m1, std: Math.sqrt(Math.max(0, m2 - m1 * m1)), step: h, cdf: f };
}
