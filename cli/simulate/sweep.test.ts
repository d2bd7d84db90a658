import { describe, expect, it } from 'vitest';
import { planSweep, shapes, shapeVerdicts, type SweepOptions, type SweepPoint } from './sweep.ts';

const options: SweepOptions = {
  receivers: 100,
  depths: [1, 2, 3, 4, 5],
  hedge: 0,
  hedges: [0, 1, 2],
  headroomHedge: 2,
  headroomsNs: [0, 10_000],
  hedgeHeadroomNs: 10_000,
  messages: 300,
  intervalNs: 500_000,
  epsilonNs: 100,
  seed: 9,
  spraying: false,
  parts: ['shape', 'hedge', 'headroom'],
  scenarios: ['calm', 'straggler', 'spike'],
};

describe('sweep plan', () => {
  it('takes the paper\'s Table 4 shapes by default: the smallest F with F^D ≥ N', () => {
    expect(shapes(100, [1, 2, 3], undefined).pairs).toEqual([{ depth: 1, fanout: 100 }, { depth: 2, fanout: 10 }, { depth: 3, fanout: 5 }]);
    expect(shapes(1000, [2, 3, 4], undefined).pairs).toEqual([{ depth: 2, fanout: 32 }, { depth: 3, fanout: 10 }, { depth: 4, fanout: 6 }]);
    expect(shapes(10, [1, 2], undefined).pairs).toEqual([{ depth: 1, fanout: 10 }, { depth: 2, fanout: 4 }]);
  });

  it('skips shapes that cannot hold N, or whose last layer serves nobody new, and says why', () => {
    const s = shapes(100, [2, 3], [5, 10, 100]);
    expect(s.pairs).toEqual([{ depth: 2, fanout: 10 }, { depth: 3, fanout: 5 }]);
    expect(s.skipped).toEqual([
      'D=2 F=5: 5^2 < 100 receivers',
      'D=2 F=100: depth 1 already holds 100 receivers',
      'D=3 F=10: depth 2 already holds 100 receivers',
      'D=3 F=100: depth 2 already holds 100 receivers',
    ]);
  });

  it('plans every run with one seed, the faults per scenario, and hold-and-release where it belongs', () => {
    const { runs, heuristic } = planSweep(options);
    expect(heuristic).toEqual({ depth: 2, fanout: 10 });
    expect(runs).toHaveLength(5 * 3 + 3 * 3 + 3);
    expect(new Set(runs.map((r) => r.options.seed))).toEqual(new Set([9]));
    const shape = runs.filter((r) => r.point.part === 'shape');
    expect(shape.every((r) => r.options.holdRelease === null && r.options.hedge === 0)).toBe(true);
    const straggler = shape.filter((r) => r.point.scenario === 'straggler');
    expect(straggler.find((r) => r.point.depth === 1)!.options.stragglers).toEqual([]); // no proxy to slow
    expect(straggler.find((r) => r.point.depth === 2)!.options.stragglers).toEqual([{ node: 'p1.0' }]);
    const spike = shape.find((r) => r.point.scenario === 'spike' && r.point.depth === 3)!;
    expect(spike.options.spikes).toEqual([{ from: 'root', to: 'p1.0', startNs: 50_000_000, endNs: 100_000_000 }]);
    const hedge = runs.filter((r) => r.point.part === 'hedge');
    expect(hedge.every((r) => r.options.holdRelease?.headroomNs === 10_000 && r.options.depth === 2 && r.options.fanout === 10)).toBe(true);
    expect(runs.filter((r) => r.point.part === 'headroom').map((r) => r.options.holdRelease)).toEqual([null, { headroomNs: 0 }, { headroomNs: 10_000 }]);
  });
});

describe('shapeVerdicts', () => {
  const point = (scenario: SweepPoint['scenario'], depth: number, fanout: number, p50: number): SweepPoint => ({
    part: 'shape', scenario, depth, fanout, hedge: 0, headroomNs: null,
    oml: { p50, p90: p50, p99: p50, mean: p50, max: p50 }, dws: { p50: 0, p90: 0, p99: 0, mean: 0, max: 0 }, pf: 0, messages: 10, undelivered: 0,
  });

  it('finds the best shape per scenario by OML p50 and how far the heuristic is from it', () => {
    const v = shapeVerdicts([point('calm', 2, 10, 130_000), point('calm', 3, 5, 150_000), point('straggler', 2, 10, 200_000), point('straggler', 3, 5, 160_000)], { depth: 2, fanout: 10 });
    expect(v).toEqual([
      { scenario: 'calm', heuristic: { depth: 2, fanout: 10, omlP50: 130_000 }, best: { depth: 2, fanout: 10, omlP50: 130_000 }, ratio: 1 },
      { scenario: 'straggler', heuristic: { depth: 2, fanout: 10, omlP50: 200_000 }, best: { depth: 3, fanout: 5, omlP50: 160_000 }, ratio: 1.25 },
    ]);
    expect(shapeVerdicts([point('calm', 3, 5, 1)], { depth: 2, fanout: 10 })[0]!.heuristic).toBeNull();
  });
});
