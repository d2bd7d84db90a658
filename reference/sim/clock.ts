/**
 * Node clocks with a bounded synchronisation error ε and optional drift.
 *
 * A node's local reading is `local(t) = t + floor(e(t))` for true time t, with |e(t)| ≤ ε always:
 * - without drift, e is a constant offset drawn uniformly from the integers in [−ε, ε];
 * - with drift (|rate| ≤ driftPpb, drawn per node), e moves at the node's rate and is reflected
 *   at ±ε — the picture of a synchronisation protocol (Huygens in the paper) that keeps pulling a
 *   drifting oscillator back inside its bound. e is continuous and its slope is far below 1, so
 *   local time never runs backwards and every local instant maps to one earliest true instant.
 *
 * Consequence the hold-and-release property relies on: a node whose local clock reaches L does
 * so at a true time in [L − ε, L + ε], so two nodes releasing at the same local deadline do so
 * within 2ε of each other.
 */
import { requireInt, requireNumber } from './errors.ts';
import type { Rng } from './rng.ts';

export interface ClockSpec {
  /** Bound on |local − true| in ns (integer ≥ 0). */
  readonly epsilonNs: number;
  /** Bound on each clock's drift rate, parts per billion (0 or absent: no drift). */
  readonly driftPpb?: number;
}

/** 1% drift would be a broken oscillator, not a drifting one; the bound keeps the model monotone. */
export const MAX_DRIFT_PPB = 10_000_000;
export const MAX_EPSILON_NS = 1_000_000_000;

export class NodeClock {
  /** Error at true time 0 (ns, in [−ε, ε]). */
  readonly offsetNs: number;
  /** Signed drift rate, ns per second (ppb). */
  readonly driftPpb: number;
  private readonly eps: number;
  /** Unfolded position at t = 0 on [0, 2ε], and its speed per ns. */
  private readonly u0: number;
  private readonly speed: number;

  constructor(epsilonNs: number, offsetNs: number, driftPpb: number) {
    this.eps = epsilonNs;
    this.offsetNs = offsetNs;
    this.driftPpb = epsilonNs === 0 ? 0 : driftPpb;
    this.u0 = offsetNs + epsilonNs;
    this.speed = this.driftPpb / 1e9;
  }

  /** The clock error e(t) (ns, real, |e| ≤ ε). */
  errorAt(t: number): number {
    if (this.speed === 0) return this.offsetNs;
    const span = 4 * this.eps;
    let w = (this.u0 + this.speed * t) % span;
    if (w < 0) w += span;
    const e = (w <= 2 * this.eps ? w : span - w) - this.eps;
    return e > this.eps ? this.eps : e < -this.eps ? -this.eps : e;
  }

  /** The constant local − true offset of a drift-free clock, or NaN when the clock drifts. */
  get fixedOffsetNs(): number {
    return this.speed === 0 ? this.offsetNs : NaN;
  }

  /** Local reading at integer true time t. */
  local(t: number): number {
    return this.speed === 0 ? t + this.offsetNs : t + Math.floor(this.errorAt(t));
  }

  /** The earliest integer true time at which the local clock reads at least `localNs`. */
  trueAt(localNs: number): number {
    if (this.speed === 0) return localNs - this.offsetNs;
    // Fixed point of t = L − floor(e(t)): |e'| ≤ 1e-2, so each step shrinks the miss 100-fold;
    // four steps leave a few ns even at ε = 1 s, then walk to the exact answer.
    let t = localNs;
    for (let k = 0; k < 4; k++) t = localNs - Math.floor(this.errorAt(t));
    while (this.local(t) < localNs) t++;
    while (this.local(t - 1) >= localNs) t--;
    return t;
  }
}

/** One clock per node, drawn from `rng` in node order. */
export function createClocks(count: number, spec: ClockSpec | undefined, rng: Rng): NodeClock[] {
  const eps = requireInt('clocks.epsilonNs', spec?.epsilonNs ?? 0, 0, MAX_EPSILON_NS);
  const drift = requireNumber('clocks.driftPpb', spec?.driftPpb ?? 0, 0, MAX_DRIFT_PPB);
  const clocks: NodeClock[] = [];
  for (let i = 0; i < count; i++) {
    const offset = eps === 0 ? 0 : rng.intBetween(-eps, eps);
    const rate = drift === 0 ? 0 : (2 * rng.float() - 1) * drift;
    clocks.push(new NodeClock(eps, offset, rate));
  }
  return clocks;
}
