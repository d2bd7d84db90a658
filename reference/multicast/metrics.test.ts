import { describe, expect, it } from 'vitest';
import { MetricStream, messageMetrics, nearestRank, pfFromCount, probabilityOfFairness } from './metrics.ts';

describe('metrics', () => {
  it('nearest rank: the ceil(p·n/100)-th smallest', () => {
    const s = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(nearestRank(s, 50)).toBe(50);
    expect(nearestRank(s, 51)).toBe(60);
    expect(nearestRank(s, 90)).toBe(90);
    expect(nearestRank(s, 99)).toBe(100);
    expect(nearestRank(s, 1)).toBe(10);
    expect(nearestRank([7], 95)).toBe(7);
    expect(nearestRank([], 50)).toBeNaN();
  });

  it('OML is the last release − send, DWS the last − the first', () => {
    expect(messageMetrics(100, [150, 130, 190])).toEqual({ oml: 90, dws: 60 });
  });

  it('P(F) is the highest p whose nearest-rank percentile of DWS is ≤ the threshold', () => {
    // Checked against the definition directly, for every count.
    for (let n = 1; n <= 60; n++) for (let within = 0; within <= n; within++) {
      const dws = Array.from({ length: n }, (_, i) => (i < within ? 500 : 5000));
      let want = 0;
      for (let p = 1; p <= 100; p++) if (nearestRank(dws, p) <= 1000) want = p;
      expect(probabilityOfFairness(dws, 1000)).toBe(want);
      expect(pfFromCount(within, n)).toBe(want);
    }
    expect(probabilityOfFairness([1000, 1001], 1000)).toBe(50);
    expect(probabilityOfFairness([1000, 1001])).toBe(50); // default threshold 1 µs
    expect(pfFromCount(0, 0)).toBe(0);
  });

  it('MetricStream: exact nearest-rank while within its limit, HDR (3 digits) past it', () => {
    const exact = new MetricStream(1000);
    const hdr = new MetricStream(0);
    for (let v = 1; v <= 1000; v++) {
      exact.record(v * 1000);
      hdr.record(v * 1000);
    }
    expect(exact.isExact).toBe(true);
    expect(exact.summary()).toEqual({ p50: 500_000, p90: 900_000, p99: 990_000, mean: 500_500, max: 1_000_000 });
    expect(hdr.isExact).toBe(false);
    const h = hdr.summary();
    expect(Math.abs(h.p99 - 990_000) / 990_000).toBeLessThan(1e-3);
    expect(h.max).toBe(1_000_000);
    const over = new MetricStream(2);
    [1, 2, 3].forEach((v) => over.record(v));
    expect(over.isExact).toBe(false);
    exact.destroy();
    hdr.destroy();
    over.destroy();
  });
});
