/**
 * Metrics of a whole-exchange run, per window of true time and overall (spec/exchange/whole-path.md):
 * - matching rate: orders that traded on arrival (took liquidity) per second, and their share of
 *   the orders processed;
 * - order latency: engine processing − generation (true ns), nearest-rank percentiles, all orders
 *   and matched orders;
 * - OML, DWS, P(F) of the market-data publications sent in the window;
 * - inbound unfairness: among pairs of processed orders, the share processed out of generation
 *   order (generation = true time, ties by participant then id), counted exactly with a Fenwick
 *   tree and attributed to the window of the later-processed order; and by how much: for each
 *   overtaken order, the largest generation-time gap to an order processed before it.
 */
import { nearestRank, pfFromCount } from '../../multicast/metrics.ts';
import { inversionsPerPosition } from './fenwick.ts';

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface WindowRow {
  /** Window start, ns from the run's start. */
  readonly startNs: number;
  readonly burst: boolean;
  readonly processed: number;
  readonly matched: number;
  /** Matched orders per second. */
  readonly matchingRate: number;
  /** matched / processed (0 when none). */
  readonly matchedShare: number;
  readonly latencyNs: Percentiles;
  readonly matchedLatencyNs: Percentiles;
  readonly omlNs: Percentiles;
  readonly dwsNs: Percentiles;
  readonly pf: number;
  readonly inversions: number;
  readonly pairs: number;
  /** inversions / pairs. */
  readonly unfairness: number;
  readonly overtakeGapNs: Percentiles;
}

export interface RunMetrics {
  readonly windowNs: number;
  readonly windows: WindowRow[];
  readonly overall: Omit<WindowRow, 'startNs' | 'burst'>;
  readonly burst: Omit<WindowRow, 'startNs' | 'burst'>;
  readonly calm: Omit<WindowRow, 'startNs' | 'burst'>;
}

function pct(values: number[]): Percentiles {
  if (values.length === 0) return { count: 0, p50: 0, p99: 0, max: 0 };
  const s = Float64Array.from(values).sort();
  return { count: s.length, p50: nearestRank(s, 50), p99: nearestRank(s, 99), max: s[s.length - 1]! };
}

/** Collects a run's raw records (times relative to the run's start) and reduces them. */
export class MetricsRecorder {
  // Per processed order, in processing order.
  private procT: number[] = [];
  private genT: number[] = [];
  private part: number[] = [];
  private ids: number[] = [];
  private matchedFlag: number[] = [];
  // Per market-data message that reached every participant.
  private msgT: number[] = [];
  private msgOml: number[] = [];
  private msgDws: number[] = [];

  constructor(
    readonly windowNs: number,
    readonly pfThresholdNs: number,
    private readonly isBurst: (tNs: number) => boolean,
  ) {}

  processed(tNs: number, genNs: number, participant: number, id: number, matched: boolean): void {
    this.procT.push(tNs);
    this.genT.push(genNs);
    this.part.push(participant);
    this.ids.push(id);
    this.matchedFlag.push(matched ? 1 : 0);
  }

  message(sentNs: number, omlNs: number, dwsNs: number): void {
    this.msgT.push(sentNs);
    this.msgOml.push(omlNs);
    this.msgDws.push(dwsNs);
  }

  get processedCount(): number {
    return this.procT.length;
  }

  reduce(): RunMetrics {
    const n = this.procT.length;
    // Generation ranks: sort by (generation time, participant, id).
    const byGen = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.genT[a]! - this.genT[b]! || this.part[a]! - this.part[b]! || this.ids[a]! - this.ids[b]!);
    const ranks = new Int32Array(n);
    byGen.forEach((j, r) => (ranks[j] = r));
    const inv = inversionsPerPosition(ranks);
    const gap = new Float64Array(n);
    let maxGen = -Infinity;
    for (let j = 0; j < n; j++) {
      const g = this.genT[j]!;
      gap[j] = maxGen > g ? maxGen - g : 0;
      if (g > maxGen) maxGen = g;
    }

    const W = this.windowNs;
    let last = 0;
    for (const t of this.procT) if (t > last) last = t;
    for (const t of this.msgT) if (t > last) last = t;
    const count = Math.floor(last / W) + 1;
    type Acc = { processed: number; matched: number; lat: number[]; mlat: number[]; oml: number[]; dws: number[]; within: number; inv: number; pairs: number; gaps: number[]; spanNs: number };
    const acc = (): Acc => ({ processed: 0, matched: 0, lat: [], mlat: [], oml: [], dws: [], within: 0, inv: 0, pairs: 0, gaps: [], spanNs: 0 });
    const rows = Array.from({ length: count }, acc);
    const all = acc();
    const burst = acc();
    const calm = acc();
    const wb = rows.map((_, w) => this.isBurst(w * W));
    const into = (w: number): Acc[] => [rows[w]!, all, wb[w] ? burst : calm];
    for (let j = 0; j < n; j++) {
      const w = Math.floor(this.procT[j]! / W);
      for (const a of into(w)) {
        a.processed++;
        const lat = this.procT[j]! - this.genT[j]!;
        a.lat.push(lat);
        if (this.matchedFlag[j]) {
          a.matched++;
          a.mlat.push(lat);
        }
        a.inv += inv[j]!;
        a.pairs += j;
        if (gap[j]! > 0) a.gaps.push(gap[j]!);
      }
    }
    for (let k = 0; k < this.msgT.length; k++) {
      const w = Math.floor(this.msgT[k]! / W);
      for (const a of into(w)) {
        a.oml.push(this.msgOml[k]!);
        a.dws.push(this.msgDws[k]!);
        if (this.msgDws[k]! <= this.pfThresholdNs) a.within++;
      }
    }
    rows.forEach((r, w) => (r.spanNs = W));
    all.spanNs = count * W;
    burst.spanNs = wb.filter(Boolean).length * W;
    calm.spanNs = (count - wb.filter(Boolean).length) * W;
    const row = (a: Acc) => ({
      processed: a.processed,
      matched: a.matched,
      matchingRate: a.spanNs === 0 ? 0 : (a.matched * 1e9) / a.spanNs,
      matchedShare: a.processed === 0 ? 0 : a.matched / a.processed,
      latencyNs: pct(a.lat),
      matchedLatencyNs: pct(a.mlat),
      omlNs: pct(a.oml),
      dwsNs: pct(a.dws),
      pf: pfFromCount(a.within, a.dws.length),
      inversions: a.inv,
      pairs: a.pairs,
      unfairness: a.pairs === 0 ? 0 : a.inv / a.pairs,
      overtakeGapNs: pct(a.gaps),
    });
    return {
      windowNs: W,
      windows: rows.map((a, w) => ({ startNs: w * W, burst: wb[w]!, ...row(a) })),
      overall: row(all),
      burst: row(burst),
      calm: row(calm),
    };
  }
}
