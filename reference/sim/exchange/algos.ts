/**
 * The participants' trading algorithms of the whole-exchange simulation: seeded, reacting only to
 * what their gateway's view of the book shows (and, for makers, to the burst's news).
 * - noise: Poisson orders (rate × burst factor during a burst); a bid at mid + overlap − 1 − k,
 *   an ask at mid − overlap + 1 + k, k uniform in 0..levels−1: `overlap` levels of each side
 *   reach across the mid (the paper's "overlapping price levels", what makes orders critical);
 *   GTC, 1..5 lots.
 * - maker: quotes a bid and an ask `spread` ticks around its view's mid when the mid moved (at
 *   most once per requote period); at a burst's start it learns the news and quotes around
 *   mid ± jump: the price jump everybody else sees in market data.
 * - momentum: when its view's mid moved by ≥ 1 tick since it last acted (and its cooldown is
 *   over), an IOC for 1..3 lots at the best price on the side the mid moved to: all momentum
 *   algos fire at once on the same publication.
 */
import type { Rng } from '../rng.ts';
import { SimulationInputError, requireInt, requireNumber } from '../errors.ts';

export type Strategy = 'noise' | 'maker' | 'momentum';

export interface AlgoParams {
  /** Noise orders per second per noise participant outside bursts. */
  readonly noiseRatePerSec: number;
  /** Price levels a noise order spreads over (k in 0..levels−1). */
  readonly levels: number;
  /** Levels of each side that reach across the mid. */
  readonly overlap: number;
  readonly makerSpread: number;
  readonly makerSize: number;
  readonly makerRequoteNs: number;
  readonly momentumCooldownNs: number;
  /** Decision latency of every algo (market data in → order to its gateway), ns. */
  readonly reactNs: number;
  /** Share of participants that are makers, and momentum takers (the rest: noise). */
  readonly makerShare: number;
  readonly momentumShare: number;
}

export const ALGO_DEFAULTS: AlgoParams = {
  noiseRatePerSec: 10,
  levels: 20,
  overlap: 2,
  makerSpread: 2,
  makerSize: 5,
  makerRequoteNs: 50_000_000,
  momentumCooldownNs: 200_000_000,
  reactNs: 5_000,
  makerShare: 0.1,
  momentumShare: 0.2,
};

export function checkAlgoParams(p: AlgoParams): AlgoParams {
  requireNumber('algos.noiseRatePerSec', p.noiseRatePerSec, 0, 1e6);
  requireInt('algos.levels', p.levels, 1, 10_000);
  requireInt('algos.overlap', p.overlap, 0, p.levels);
  requireInt('algos.makerSpread', p.makerSpread, 1, 10_000);
  requireInt('algos.makerSize', p.makerSize, 1, 1e9);
  requireInt('algos.makerRequoteNs', p.makerRequoteNs, 0, 1e12);
  requireInt('algos.momentumCooldownNs', p.momentumCooldownNs, 0, 1e12);
  requireInt('algos.reactNs', p.reactNs, 1, 1e12);
  requireNumber('algos.makerShare', p.makerShare, 0, 1);
  requireNumber('algos.momentumShare', p.momentumShare, 0, 1);
  if (p.makerShare + p.momentumShare > 1) throw new SimulationInputError('algos: makerShare + momentumShare must be ≤ 1');
  return p;
}

/** Strategies for participants 0..n−1: makers, then momentum, then noise, interleaved by a seeded shuffle. */
export function assignStrategies(n: number, p: AlgoParams, rng: Rng): Strategy[] {
  const makers = Math.round(n * p.makerShare);
  const momentum = Math.round(n * p.momentumShare);
  const s: Strategy[] = Array.from({ length: n }, (_, i) => (i < makers ? 'maker' : i < makers + momentum ? 'momentum' : 'noise'));
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  return s;
}

export interface OrderIntent {
  readonly side: 'bid' | 'ask';
  readonly price: number;
  readonly quantity: number;
  readonly ioc: boolean;
}

export function noiseOrder(mid: number, p: AlgoParams, rng: Rng): OrderIntent {
  const k = rng.int(p.levels);
  const bid = rng.int(2) === 0;
  const price = bid ? mid + p.overlap - 1 - k : mid - p.overlap + 1 + k;
  return { side: bid ? 'bid' : 'ask', price: Math.max(1, price), quantity: 1 + rng.int(5), ioc: false };
}

/** Exponential gap (ns, ≥ 1) of a Poisson process at `ratePerSec`. */
export function poissonGapNs(ratePerSec: number, rng: Rng): number {
  return Math.max(1, Math.round((-Math.log(1 - rng.float()) * 1e9) / ratePerSec));
}
