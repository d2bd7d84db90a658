/**
 * Outbound-fairness metrics (Jasper §6; definitions in ../../spec and the fairness note):
 * - OML (overall multicast latency) of a message: the last participant's release − the send time;
 * - DWS (delivery window size): the last participant's release − the first one's;
 * - P(F): the highest whole percentile p such that the p-th percentile (nearest rank) of DWS is at
 *   most a threshold (1 µs by default).
 * All in integer true-time nanoseconds. Percentiles are exact nearest-rank on kept values for
 * small runs, and streamed into HDR histograms (hdr-histogram-js, 3 significant digits) otherwise;
 * P(F) is exact either way (it needs only a count).
 */
import * as hdr from 'hdr-histogram-js';

export const DEFAULT_PF_THRESHOLD_NS = 1_000;

/** Nearest-rank p-th percentile of ascending `sorted` (p in (0, 100]); NaN when empty. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p * n) / 100));
  return sorted[Math.min(n, rank) - 1]!;
}

/**
 * P(F) from `within` = how many of `total` messages had DWS ≤ threshold. The p-th nearest-rank
 * percentile is ≤ threshold iff ceil(p·n/100) ≤ within, i.e. p ≤ 100·within/n.
 */
export function pfFromCount(within: number, total: number): number {
  if (total === 0) return 0;
  return Math.floor((100 * within) / total);
}

/** P(F) of a list of DWS values (ns). */
export function probabilityOfFairness(dws: readonly number[], thresholdNs = DEFAULT_PF_THRESHOLD_NS): number {
  let within = 0;
  for (const d of dws) if (d <= thresholdNs) within++;
  return pfFromCount(within, dws.length);
}

export interface Summary {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/** OML and DWS of one message from its participants' release times (true ns). */
export function messageMetrics(sentTrue: number, releases: readonly number[]): { oml: number; dws: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of releases) {
    if (r < lo) lo = r;
    if (r > hi) hi = r;
  }
  return { oml: hi - sentTrue, dws: hi - lo };
}

const EMPTY: Summary = { p50: 0, p90: 0, p99: 0, mean: 0, max: 0 };

/**
 * One metric's stream of values: always an HDR histogram, plus the exact values while
 * `exactLimit` allows (then the summary is exact nearest-rank).
 */
export class MetricStream {
  private readonly h = hdr.build({ bitBucketSize: 64, autoResize: true, numberOfSignificantValueDigits: 3 });
  private exact: number[] | null;
  private sum = 0;
  private n = 0;
  private hi = 0;

  constructor(exactLimit: number) {
    this.exact = exactLimit > 0 ? [] : null;
    this.limit = exactLimit;
  }
  private readonly limit: number;

  record(v: number): void {
    const x = v < 0 ? 0 : v;
    this.h.recordValue(x);
    this.sum += x;
    this.n++;
    if (x > this.hi) this.hi = x;
    if (this.exact !== null) {
      if (this.exact.length < this.limit) this.exact.push(x);
      else this.exact = null;
    }
  }

  get count(): number {
    return this.n;
  }

  /** True when the percentiles are exact (every value kept). */
  get isExact(): boolean {
    return this.exact !== null;
  }

  summary(): Summary {
    if (this.n === 0) return EMPTY;
    const mean = this.sum / this.n;
    if (this.exact !== null) {
      const s = Float64Array.from(this.exact).sort();
      return { p50: nearestRank(s, 50), p90: nearestRank(s, 90), p99: nearestRank(s, 99), mean, max: this.hi };
    }
    const at = (p: number) => this.h.getValueAtPercentile(p);
    return { p50: at(50), p90: at(90), p99: at(99), mean, max: this.hi };
  }

  destroy(): void {
    this.h.destroy();
  }
}
