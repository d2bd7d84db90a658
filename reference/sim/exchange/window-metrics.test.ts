import { describe, expect, it } from 'vitest';
import { MetricsRecorder } from './window-metrics.ts';

describe('MetricsRecorder', () => {
  it('matching rate, latency, unfairness and market-data metrics per window, bursts apart', () => {
    const m = new MetricsRecorder(10, 1_000, (t) => t >= 10 && t < 20);
    // Window 0: orders generated at 1, 2 processed in order. Window 1 (burst): generated 5 then 3 → one inversion.
    m.processed(4, 1, 0, 0, true);
    m.processed(6, 2, 1, 1, false);
    m.processed(12, 5, 0, 2, true);
    m.processed(15, 3, 1, 3, true);
    m.message(0, 7, 0);
    m.message(11, 9, 2_000);
    const r = m.reduce();
    expect(r.windows.map((w) => [w.startNs, w.burst, w.processed, w.matched])).toEqual([
      [0, false, 2, 1],
      [10, true, 2, 2],
    ]);
    const [w0, w1] = r.windows;
    expect(w0!.matchingRate).toBe(1e8); // one matched order in 10 ns
    expect(w0!.latencyNs).toEqual({ count: 2, p50: 3, p99: 4, max: 4 });
    expect([w0!.inversions, w0!.pairs]).toEqual([0, 1]);
    expect([w1!.inversions, w1!.pairs, w1!.unfairness]).toEqual([1, 5, 0.2]);
    expect(w1!.overtakeGapNs).toEqual({ count: 1, p50: 2, p99: 2, max: 2 }); // 3 was overtaken by 5
    expect([w0!.pf, w1!.pf, r.overall.pf]).toEqual([100, 0, 50]);
    expect([r.overall.inversions, r.overall.pairs]).toEqual([1, 6]);
    expect([r.burst.processed, r.calm.processed]).toEqual([2, 2]);
  });
});
