import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_MULTICAST_CAPABILITIES, type MulticastCapabilities } from '../../adapters/multicast.ts';
import { referenceMulticastAdapter } from '../../adapters/multicast/reference.ts';
import { simulateTree } from '../../reference/multicast/harness.ts';
import { buildTree } from '../../reference/multicast/tree.ts';
import { simulateWith, simulationOptions } from '../multicast/run.ts';
import { MULTICAST_LIMITS, multicastScenarioArb } from './multicast-scenario.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const NONE: MulticastCapabilities = { proxy: true, receiver: true, spraying: false, hedging: false, holdRelease: false };

describe(`multicastScenarioArb (seed ${SEED})`, () => {
  it('stays inside the capabilities: no hedging, spraying or hold-and-release unless declared', () => {
    for (const s of fc.sample(multicastScenarioArb(NONE), { numRuns: 300, seed: SEED })) {
      expect([s.hedge, s.spraying, s.holdRelease]).toEqual([0, false, null]);
    }
  });

  it('forces a feature on when asked, and refuses to force one that is not declared', () => {
    const on = fc.sample(multicastScenarioArb(ALL_MULTICAST_CAPABILITIES, { hedge: 'on', spraying: 'on', holdRelease: 'on', minDepth: 2 }), { numRuns: 200, seed: SEED });
    for (const s of on) {
      expect(s.hedge).toBeGreaterThanOrEqual(1);
      expect(s.spraying).toBe(true);
      expect(s.holdRelease).not.toBeNull();
      expect(s.shape?.depth).toBeGreaterThanOrEqual(2);
    }
    expect(() => multicastScenarioArb(NONE, { hedge: 'on' })).toThrow(/hedging forced on but not declared/);
  });

  it('every scenario is a tree the harness builds, within the documented limits', () => {
    for (const s of fc.sample(multicastScenarioArb(ALL_MULTICAST_CAPABILITIES), { numRuns: 300, seed: SEED })) {
      const o = simulationOptions(s);
      const tree = buildTree({ receivers: o.receivers, ...(o.fanout !== undefined ? { fanout: o.fanout, depth: o.depth! } : {}), receiverHedge: s.receiverHedge });
      expect(tree.leaves).toBe(s.receiverHedge ? 2 * s.receivers : s.receivers);
      expect(s.receivers).toBeLessThanOrEqual(MULTICAST_LIMITS.maxReceivers);
      expect(Math.max(...s.delaysNs)).toBeLessThanOrEqual(MULTICAST_LIMITS.maxDelayNs);
    }
  });

  it('shrinks to the smallest tree and schedule', () => {
    const r = fc.check(
      fc.property(multicastScenarioArb(ALL_MULTICAST_CAPABILITIES), () => false),
      { seed: SEED, numRuns: 1 },
    );
    expect(r.counterexample?.[0]).toEqual({
      seed: 0, receivers: 1, shape: null, hedge: 0, spraying: false, receiverHedge: false,
      messages: 1, intervalNs: 0, delaysNs: [0], epsilonNs: 0, holdRelease: null,
    });
  });

  it('hold-and-release scenarios exercise both sides of the bound, and reports reach the root', async () => {
    const scenarios = fc.sample(multicastScenarioArb(ALL_MULTICAST_CAPABILITIES, { holdRelease: 'on', maxMessages: 16 }), { numRuns: 150, seed: SEED });
    let allOnTime = 0;
    let someLate = 0;
    let withReports = 0;
    const ref = referenceMulticastAdapter();
    for (const s of scenarios) {
      const { perMessage, trace } = await simulateWith(ref, s);
      for (const m of perMessage) {
        const late = m.receivers.some((r) => Math.min(...r.arrivals) + r.clockOffsetNs > m.deadline!);
        if (late) someLate++;
        else allOnTime++;
      }
      if (trace.some((e) => e.kind === 'report' && e.node === 'root')) withReports++;
    }
    expect(allOnTime).toBeGreaterThan(200);
    expect(someLate).toBeGreaterThan(50);
    expect(withReports).toBeGreaterThan(50);
  });

  it('routing scenarios have proxies to judge: a layer below the first proxy layer', async () => {
    for (const s of fc.sample(multicastScenarioArb(ALL_MULTICAST_CAPABILITIES, { spraying: 'on', minDepth: 2 }), { numRuns: 50, seed: SEED })) {
      const r = await simulateTree({ ...simulationOptions(s), record: 'summary' });
      expect(r.tree.depth).toBeGreaterThanOrEqual(2);
      expect(r.undelivered).toBe(0);
    }
  });
});
