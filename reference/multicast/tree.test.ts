import { describe, expect, it } from 'vitest';
import { SimulationInputError } from '../sim/errors.ts';
import { buildTree, fanoutFor, heuristicShape, type Tree } from './tree.ts';

/** Every node of layer d is served (block i·F..i·F+F−1) by exactly one node of layer d−1. */
function expectEveryChildHasOneParent(t: Tree): void {
  for (let d = 1; d <= t.depth; d++) {
    const parents = t.layers[d - 1]!.length;
    const served = new Array<number>(t.layers[d]!.length).fill(0);
    for (let i = 0; i < parents; i++) for (let c = i * t.fanout; c < Math.min((i + 1) * t.fanout, served.length); c++) served[c]!++;
    expect(served.every((x) => x === 1), `layer ${d} of ${JSON.stringify(t.layers.map((l) => l.length))}`).toBe(true);
  }
}

describe('tree', () => {
  it('heuristic: F ≈ 10, D = round(log10 N), F the smallest with F^D ≥ N (App. A)', () => {
    expect(heuristicShape(1000)).toEqual({ fanout: 10, depth: 3 });
    expect(heuristicShape(100)).toEqual({ fanout: 10, depth: 2 });
    expect(heuristicShape(200)).toEqual({ fanout: 15, depth: 2 }); // the paper rounds to "about 14"; 14² < 200
    expect(heuristicShape(10)).toEqual({ fanout: 10, depth: 1 });
    expect(heuristicShape(1)).toEqual({ fanout: 1, depth: 1 });
    expect(heuristicShape(32)).toEqual({ fanout: 6, depth: 2 });
  });

  it('shapes for every N = 1..1000: all receivers are leaves, every child has exactly one parent', () => {
    for (let n = 1; n <= 1000; n++) {
      const t = buildTree({ receivers: n });
      expect(Math.pow(t.fanout, t.depth)).toBeGreaterThanOrEqual(n);
      expect(t.layers[0]).toEqual(['root']);
      expect(t.layers.length).toBe(t.depth + 1);
      expect(t.layers[t.depth]!.length).toBe(n);
      expect(t.layers[1]!.length).toBeLessThanOrEqual(t.fanout);
      expectEveryChildHasOneParent(t);
      const ids = t.layers.flat();
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('explicit F and D, and either alone', () => {
    const t = buildTree({ receivers: 1000, fanout: 10, depth: 3 });
    expect(t.layers.map((l) => l.length)).toEqual([1, 10, 100, 1000]);
    expect(buildTree({ receivers: 100, fanout: 5, depth: 3 }).layers.map((l) => l.length)).toEqual([1, 4, 20, 100]);
    expect(buildTree({ receivers: 1000, depth: 2 }).fanout).toBe(32);
    expect(buildTree({ receivers: 1000, fanout: 4 }).depth).toBe(5);
    expect(buildTree({ receivers: 1000, fanout: 1000, depth: 1 }).layers.map((l) => l.length)).toEqual([1, 1000]);
    for (const [n, f, d] of [[37, 3, 4], [500, 8, 3], [999, 10, 4], [2, 2, 5]] as const) expectEveryChildHasOneParent(buildTree({ receivers: n, fanout: f, depth: d }));
  });

  it('receiver hedging doubles the leaves; participant p has r{p} and r{p+N} in different blocks', () => {
    const t = buildTree({ receivers: 100, receiverHedge: true });
    expect(t.leaves).toBe(200);
    expect(t.layers[t.depth]!.length).toBe(200);
    expect(t.participantOf(7)).toBe(7);
    expect(t.participantOf(107)).toBe(7);
    expect(Math.floor(7 / t.fanout)).not.toBe(Math.floor(107 / t.fanout));
  });

  it('unicast is depth 1 with the root serving every receiver', () => {
    const t = buildTree({ receivers: 300, unicast: true });
    expect([t.depth, t.fanout, t.layers[1]!.length]).toEqual([1, 300, 300]);
  });

  it('fanoutFor is the smallest F with F^D ≥ N', () => {
    for (let n = 1; n <= 3000; n += 7) for (let d = 1; d <= 5; d++) {
      const f = fanoutFor(n, d);
      expect(Math.pow(f, d)).toBeGreaterThanOrEqual(n);
      if (f > 1) expect(Math.pow(f - 1, d)).toBeLessThan(n);
    }
  });

  it('rejects impossible shapes with a typed error', () => {
    expect(() => buildTree({ receivers: 0 })).toThrow(SimulationInputError);
    expect(() => buildTree({ receivers: 1.5 })).toThrow(SimulationInputError);
    expect(() => buildTree({ receivers: 1000, fanout: 5, depth: 2 })).toThrow(/fewer than the 1000/);
    expect(() => buildTree({ receivers: 10, fanout: 1 })).toThrow(SimulationInputError);
    expect(() => buildTree({ receivers: 10, depth: 0 })).toThrow(SimulationInputError);
    expect(() => buildTree({ receivers: 10, unicast: true, depth: 2 })).toThrow(SimulationInputError);
    expect(() => buildTree({ receivers: 10_000_000 })).toThrow(SimulationInputError);
  });
});
