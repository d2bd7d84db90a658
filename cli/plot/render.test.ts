import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cdfChart, ecdfPoints, figure, headroomCharts, hedgeChart, momentsCharts, shapeChart } from './charts.ts';
import { renderSvg, writeFileAtomic } from './render.ts';
import { parseSvg } from './testing/svg.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 424242);

describe('ecdfPoints', () => {
  it('is a nearest-rank CDF: non-decreasing, from the minimum to the maximum at 1, at most `points`+1 points', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 2000 }), fc.integer({ min: 1, max: 50 }), (xs, points) => {
        const pts = ecdfPoints(xs, points);
        const sorted = [...xs].sort((a, b) => a - b);
        if (pts[0]!.x !== sorted[0] || pts.at(-1)!.x !== sorted.at(-1) || pts.at(-1)!.p !== 1) throw new Error(`ends wrong: ${JSON.stringify([pts[0], pts.at(-1)])} (seed ${SEED})`);
        if (pts.length > points + 1) throw new Error(`${pts.length} points for ${points}`);
        for (let i = 1; i < pts.length; i++) {
          if (pts[i]!.x < pts[i - 1]!.x || pts[i]!.p < pts[i - 1]!.p) throw new Error(`not monotone at ${i}`);
          // the fraction of values ≤ x is at least p (nearest rank)
          const le = sorted.filter((v) => v <= pts[i]!.x).length / sorted.length;
          if (le < pts[i]!.p) throw new Error(`p ${pts[i]!.p} above the true fraction ${le}`);
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
    expect(ecdfPoints([])).toEqual([]);
  });
});

describe('renderSvg', () => {
  it('renders every chart to a well-formed standalone SVG with its titles and legends', async () => {
    const spec = figure('test figure', [
      cdfChart('CDF of OML', 'OML (µs)', [
        { label: 'H=0', values: [3, 1, 2, 5, 4] },
        { label: 'H=2', values: Float64Array.from([1, 1.5, 2]) },
      ]),
      cdfChart('CDF of DWS', 'DWS (µs)', [{ label: 'DWS', values: [0, 0.2, 0.2, 56] }], 'fraction ≤ x', 'symlog'),
      shapeChart('shape', [
        { scenario: 'calm', depth: 2, fanout: 10, omlP50Us: 128, omlP99Us: 180, heuristic: true, best: true },
        { scenario: 'calm', depth: 3, fanout: 5, omlP50Us: 150, omlP99Us: 210, heuristic: false, best: false },
        { scenario: 'straggler', depth: 2, fanout: 10, omlP50Us: 196, omlP99Us: 236, heuristic: true, best: true },
      ]),
      hedgeChart('hedge', [
        { scenario: 'calm', hedge: 0, pf: 85, omlP50Us: 144 },
        { scenario: 'calm', hedge: 1, pf: 93, omlP50Us: 139 },
      ]),
      headroomCharts('headroom', [
        { headroomUs: 0, omlP50Us: 131, omlP99Us: 147, pf: 70 },
        { headroomUs: 10, omlP50Us: 139, omlP99Us: 157, pf: 93 },
      ]),
      momentsCharts('moments', [
        { depth: 1, hedge: 0, mean: 0.5, std: 0.29 },
        { depth: 1, hedge: 1, mean: 0.33, std: 0.24 },
      ]),
    ]);
    const svg = await renderSvg(spec);
    const doc = parseSvg(svg);
    expect(doc.root).toBe('svg');
    expect(doc.rootAttributes.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(Number(doc.rootAttributes.width)).toBeGreaterThan(300);
    expect(Number(doc.rootAttributes.height)).toBeGreaterThan(1000);
    for (const t of ['test figure', 'CDF of OML', 'OML (µs)', 'H=0', 'H=2', 'straggler', 'F=10 (h)', 'P(F) (%)', 'headroom (µs)', 'OML p99', 'mean of T', 'D=1']) expect(doc.text).toContain(t);
    expect(doc.counts.get('path') ?? 0).toBeGreaterThan(20);
  });

  it('writes a file atomically (no temporary left behind)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairwire-plot-'));
    writeFileAtomic(join(dir, 'a.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(readdirSync(dir)).toEqual(['a.svg']);
    expect(readFileSync(join(dir, 'a.svg'), 'utf8')).toContain('<svg');
  });

  it('the checker rejects what is not well-formed', () => {
    expect(() => parseSvg('<svg><g></svg>')).toThrow();
  });
});
