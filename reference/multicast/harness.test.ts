import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SimulationInputError } from '../sim/errors.ts';
import { simulateTree, type SimulateTreeOptions, type SimulateTreeResult } from './harness.ts';
import type { NodeAction, NodeConfig, NodeEvent } from './node.ts';
import { asyncReferenceNode, fakeNode, patchedNode } from './testing/fake-nodes.ts';
import { buildTree } from './tree.ts';
import { messageMetrics, nearestRank } from './metrics.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const base: SimulateTreeOptions = { seed: 1, receivers: 12, messages: 6, intervalNs: 5_000, latency: { kind: 'constant', delayNs: 1_000 }, record: 'messages' };

/** A tree's shape and options for properties: small trees, short scripted schedules. */
const treeArb = fc.record({
  seed: fc.nat(1000),
  receivers: fc.integer({ min: 1, max: 40 }),
  fanout: fc.option(fc.integer({ min: 2, max: 6 }), { nil: undefined }),
  hedge: fc.integer({ min: 0, max: 3 }),
  spraying: fc.boolean(),
  receiverHedge: fc.boolean(),
  messages: fc.integer({ min: 1, max: 6 }),
  intervalNs: fc.integer({ min: 0, max: 3_000 }),
  delays: fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 8 }),
});

type TreeCase = typeof treeArb extends fc.Arbitrary<infer T> ? T : never;

function options(a: TreeCase): SimulateTreeOptions {
  return {
    seed: a.seed,
    receivers: a.receivers,
    ...(a.fanout !== undefined ? { fanout: a.fanout } : {}),
    hedge: a.hedge,
    spraying: a.spraying,
    receiverHedge: a.receiverHedge,
    messages: a.messages,
    intervalNs: a.intervalNs,
    latency: { kind: 'scripted', delaysNs: a.delays },
    record: 'trace',
  };
}

/** Copies each node of layer d receives per message: min(H, L−1) + 1 for a parent layer of L. */
function copiesPerNode(layerSizes: number[], d: number, hedge: number): number {
  return Math.min(hedge, layerSizes[d - 1]! - 1) + 1;
}

describe('simulateTree with reference nodes', () => {
  it('every receiver releases every message exactly once; each node gets min(H, L−1)+1 copies, forwards only the first', async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, async (a) => {
        const o = options(a);
        const r = await simulateTree(o);
        expect(r.fault).toBeUndefined();
        expect(r.undelivered).toBe(0);
        const sizes = r.tree.layerSizes;
        const arrive = new Map<string, number>();
        const sends = new Map<string, number>();
        for (const e of r.trace!) {
          if (e.kind === 'arrive' || e.kind === 'dedup') arrive.set(`${e.node}/${e.msg}`, (arrive.get(`${e.node}/${e.msg}`) ?? 0) + 1);
          if (e.kind === 'send') sends.set(`${e.node}/${e.msg}`, (sends.get(`${e.node}/${e.msg}`) ?? 0) + 1);
        }
        const t = buildTree({ receivers: a.receivers, ...(a.fanout !== undefined ? { fanout: a.fanout } : {}), receiverHedge: a.receiverHedge });
        for (let m = 0; m < a.messages; m++) {
          for (let d = 1; d <= t.depth; d++) {
            for (const id of t.layers[d]!) expect(arrive.get(`${id}/${m}`), `${id} msg ${m}`).toBe(copiesPerNode(sizes, d, a.hedge));
          }
          const rec = r.perMessage![m]!;
          for (const x of rec.receivers) {
            expect(x.releaseTrue).not.toBeNull();
            expect(x.arrivals.length).toBe(copiesPerNode(sizes, t.depth, a.hedge));
            expect(x.releaseTrue).toBe(Math.min(...x.arrivals)); // no hold: released on the first copy
          }
        }
        const releases = r.trace!.filter((e) => e.kind === 'release');
        expect(releases.length).toBe(a.messages * t.leaves);
        expect(new Set(releases.map((e) => `${e.node}/${e.msg}`)).size).toBe(releases.length);
        // A proxy forwards one message at most once per child.
        for (const [key, n] of sends) {
          if (key.startsWith('root/')) continue;
          const layer = Number(key.slice(1, key.indexOf('.')));
          const nextSize = sizes[layer + 1]!;
          expect(n).toBeLessThanOrEqual(Math.min(nextSize, (Math.min(a.hedge, sizes[layer]! - 1) + 1) * r.tree.fanout));
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('without hedging, spraying gives every child exactly one parent per message, and rotates them', async () => {
    const r = await simulateTree({ ...base, receivers: 27, fanout: 3, spraying: true, messages: 4, record: 'trace' });
    const parents = new Map<string, string[]>();
    for (const e of r.trace!) if (e.kind === 'arrive' || e.kind === 'dedup') parents.set(`${e.node}/${e.msg}`, [...(parents.get(`${e.node}/${e.msg}`) ?? []), e.from!]);
    for (const [, ps] of parents) expect(ps).toHaveLength(1);
    // r0's parent: block (i + k) mod 9 = 0 → i = −k mod 9.
    expect([0, 1, 2, 3].map((m) => parents.get(`r0/${m}`)![0])).toEqual(['p2.0', 'p2.8', 'p2.7', 'p2.6']);
  });

  it('is deterministic per seed, and the seed matters', async () => {
    const o: SimulateTreeOptions = { seed: 5, receivers: 50, hedge: 1, spraying: true, messages: 30, intervalNs: 20_000, clocks: { epsilonNs: 50, driftPpb: 1000 }, holdRelease: { headroomNs: 20_000, reportIntervalNs: 100_000 }, record: 'messages' };
    const a = await simulateTree(o);
    expect(await simulateTree(o)).toEqual(a);
    expect(await simulateTree({ ...o, seed: 6 })).not.toEqual(a);
  });

  it('metrics are the definitions applied to the recorded releases (exact nearest rank)', async () => {
    const r = await simulateTree({ seed: 3, receivers: 30, hedge: 1, messages: 40, intervalNs: 50_000, record: 'messages', pfThresholdNs: 20_000 });
    const oml: number[] = [];
    const dws: number[] = [];
    for (const m of r.perMessage!) {
      const byP = new Map<number, number>();
      for (const x of m.receivers) byP.set(x.participant, Math.min(byP.get(x.participant) ?? Infinity, x.releaseTrue!));
      const mm = messageMetrics(m.sentTrue, [...byP.values()]);
      expect([m.oml, m.dws]).toEqual([mm.oml, mm.dws]);
      oml.push(mm.oml);
      dws.push(mm.dws);
    }
    const s = (xs: number[]) => [...xs].sort((x, y) => x - y);
    expect(r.exact).toBe(true);
    expect(r.oml.p50).toBe(nearestRank(s(oml), 50));
    expect(r.oml.p99).toBe(nearestRank(s(oml), 99));
    expect(r.dws.p90).toBe(nearestRank(s(dws), 90));
    expect(r.dws.max).toBe(Math.max(...dws));
    let want = 0;
    for (let p = 1; p <= 100; p++) if (nearestRank(s(dws), p) <= 20_000) want = p;
    expect(r.pf).toBe(want);
  });

  it('direct unicast: the root serializes N copies, so the last receiver waits N × 2.7 µs', async () => {
    const r = await simulateTree({ ...base, receivers: 100, unicast: true, messages: 1, latency: { kind: 'constant', delayNs: 30_000, serializationNs: 2_700 } });
    expect(r.tree.layerSizes).toEqual([1, 100]);
    const rel = r.perMessage![0]!.receivers.map((x) => x.releaseTrue! - r.perMessage![0]!.sentTrue);
    expect(rel).toEqual(Array.from({ length: 100 }, (_, j) => (j + 1) * 2_700 + 30_000));
    expect(r.oml.max).toBe(100 * 2_700 + 30_000);
    expect(r.dws.max).toBe(99 * 2_700);
  });

  it('a tree beats unicast at N = 1000 under the paper’s cost model (App. A)', async () => {
    const lat = { kind: 'constant' as const, delayNs: 30_000, serializationNs: 2_700 };
    const tree = await simulateTree({ seed: 1, receivers: 1000, messages: 3, intervalNs: 1_000_000, latency: lat });
    const uni = await simulateTree({ seed: 1, receivers: 1000, unicast: true, messages: 3, intervalNs: 4_000_000, latency: lat });
    expect(tree.oml.max).toBe(3 * 30_000 + 3 * 10 * 2_700); // depth 3, each hop the 10th copy last
    expect(uni.oml.max).toBe(30_000 + 1000 * 2_700);
  });

  it('receiver hedging: a participant’s latency is its earlier receiver’s', async () => {
    const spiked = { spikes: [{ from: 'p1.0', to: 'r3', startNs: 0, endNs: 1e9, extraNs: 400_000 }] };
    const o: SimulateTreeOptions = { seed: 2, receivers: 50, messages: 5, intervalNs: 100_000, latency: { kind: 'constant', delayNs: 30_000, serializationNs: 1_000 }, record: 'messages' };
    const plain = await simulateTree({ ...o, receiverHedge: true });
    const hurt = await simulateTree({ ...o, receiverHedge: true, ...spiked });
    const single = await simulateTree({ ...o, ...spiked, spikes: [{ from: 'p1.0', to: 'r3', startNs: 0, endNs: 1e9, extraNs: 400_000 }] });
    expect(hurt.oml.max).toBe(plain.oml.max); // r53 (participant 3's other receiver) is untouched
    expect(single.oml.max).toBeGreaterThan(400_000);
    const r3 = hurt.perMessage![0]!.receivers.find((x) => x.id === 'r3')!;
    expect(r3.participant).toBe(3);
    expect(hurt.perMessage![0]!.receivers.find((x) => x.id === 'r53')!.participant).toBe(3);
  });

  it('a straggler proxy slows its subtree; hedging routes around it', async () => {
    const o: SimulateTreeOptions = { seed: 2, receivers: 100, messages: 20, intervalNs: 200_000, latency: { kind: 'constant', delayNs: 30_000, serializationNs: 1_000 }, stragglers: [{ node: 'p1.3', extraNs: 300_000 }] };
    const h0 = await simulateTree(o);
    const h1 = await simulateTree({ ...o, hedge: 1 });
    expect(h0.oml.p50).toBeGreaterThan(300_000);
    expect(h1.oml.max).toBeLessThan(100_000);
  });

  it('loss: a message some participant never got is undelivered and counts against P(F)', async () => {
    const r = await simulateTree({ ...base, latency: { kind: 'constant', delayNs: 10, lossRate: 1 }, drainNs: 1_000 });
    expect([r.messages, r.undelivered, r.pf]).toEqual([6, 6, 0]);
    const some = await simulateTree({ ...base, receivers: 30, messages: 200, latency: { kind: 'constant', delayNs: 10, lossRate: 0.01 }, record: 'summary', drainNs: 10_000 });
    expect(some.undelivered).toBeGreaterThan(0);
    expect(some.undelivered).toBeLessThan(200);
    expect(some.pf).toBeLessThanOrEqual(Math.floor((100 * (200 - some.undelivered)) / 200));
  });

  it('async answers give the same run as sync ones', async () => {
    const o: SimulateTreeOptions = { seed: 9, receivers: 30, hedge: 1, spraying: true, messages: 10, intervalNs: 10_000, holdRelease: { headroomNs: 100_000, reportIntervalNs: 30_000 }, clocks: { epsilonNs: 20 }, record: 'trace' };
    expect(await simulateTree({ ...o, nodes: asyncReferenceNode })).toEqual(await simulateTree(o));
  });
});

describe('hold-and-release', () => {
  it('when every one-way delay fits the headroom, every message’s releases fall within 2ε (DWS ≤ 2ε)', async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 2000 }), async (a, eps, drift) => {
        const maxDelay = Math.max(...a.delays);
        const depth = buildTree({ receivers: a.receivers, ...(a.fanout !== undefined ? { fanout: a.fanout } : {}), receiverHedge: a.receiverHedge }).depth;
        // Scripted hops have no serialization: the true delay is at most depth × max hop; the
        // clocks can make it look up to 2ε longer.
        const headroom = depth * maxDelay + 2 * eps;
        const r = await simulateTree({ ...options(a), record: 'messages', clocks: { epsilonNs: eps, driftPpb: drift }, holdRelease: { headroomNs: headroom, reportIntervalNs: 7_000 } });
        expect(r.fault).toBeUndefined();
        for (const m of r.perMessage!) {
          const rel = m.receivers.map((x) => x.releaseTrue!);
          expect(Math.max(...rel) - Math.min(...rel), `message ${m.msg}`).toBeLessThanOrEqual(2 * eps);
          for (const x of m.receivers) expect(x.releaseTrue! + x.clockOffsetNs).toBeGreaterThanOrEqual(m.deadline!);
        }
        expect(r.dws.max).toBeLessThanOrEqual(2 * eps);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('when it does not, the late receivers are exactly those whose delay passed the deadline, released on arrival', async () => {
    // Unicast, 1 µs per copy, no clock error: receiver j arrives at (j+1) µs + 10 µs; headroom 15 µs.
    const r = await simulateTree({ ...base, receivers: 10, unicast: true, messages: 1, latency: { kind: 'constant', delayNs: 10_000, serializationNs: 1_000 }, holdRelease: { headroomNs: 15_000 } });
    const m = r.perMessage![0]!;
    expect(m.deadline).toBe(m.sentAt + 15_000);
    const rel = m.receivers.map((x) => x.releaseTrue! - m.sentTrue);
    expect(rel).toEqual([15_000, 15_000, 15_000, 15_000, 15_000, 16_000, 17_000, 18_000, 19_000, 20_000]);
  });

  it('the root stamps deadline = sentAt + max(reported percentiles) + headroom', async () => {
    const r = await simulateTree({ ...base, receivers: 10, unicast: true, messages: 8, intervalNs: 50_000, latency: { kind: 'constant', delayNs: 10_000, serializationNs: 1_000 }, holdRelease: { headroomNs: 5_000, percentile: 100, reportIntervalNs: 60_000 } });
    const dl = r.perMessage!.map((m) => m.deadline! - m.sentAt);
    // Before any report: headroom only. The slowest receiver sees 20 µs, reported (1 hop = 10 µs) before message 3.
    expect(dl[0]).toBe(5_000);
    expect(dl[dl.length - 1]).toBe(20_000 + 5_000);
    expect(r.perMessage![7]!.receivers.every((x) => x.releaseTrue === r.perMessage![7]!.sentTrue + 25_000)).toBe(true);
  });
});

describe('faults: a node’s impossible action stops the run, naming node, event and action', () => {
  type Fake = (e: NodeEvent, c: NodeConfig) => readonly NodeAction[] | Promise<readonly NodeAction[]>;
  const run = (who: (c: NodeConfig) => boolean, answer: Fake, extra: Partial<SimulateTreeOptions> = {}): Promise<SimulateTreeResult> =>
    simulateTree({ ...base, receivers: 9, fanout: 3, ...extra, nodes: (c) => (who(c) ? fakeNode(c, answer) : undefined) });
  const isProxy = (c: NodeConfig) => c.id === 'p1.0';
  const isReceiver = (c: NodeConfig) => c.id === 'r0';

  const cases: [string, (c: NodeConfig) => boolean, Fake, RegExp][] = [
    ['send to a node outside its next layer', isProxy, (e) => (e.type === 'packet' ? [{ type: 'send', to: 'p1.1', packet: e.packet }] : []), /not in its next layer/],
    ['send to an unknown node', isProxy, (e) => (e.type === 'packet' ? [{ type: 'send', to: 'nobody', packet: e.packet }] : []), /not in its next layer/],
    ['send by a receiver', isReceiver, (e) => (e.type === 'packet' ? [{ type: 'send', to: 'r1', packet: e.packet }] : []), /not in its next layer/],
    ['send of a message it never received', isProxy, (e) => (e.type === 'packet' ? [{ type: 'send', to: 'r0', packet: { ...e.packet, msg: e.packet.msg + 1 } }] : []), /never received|no valid message id/],
    ['send of an altered packet', isProxy, (e) => (e.type === 'packet' ? [{ type: 'send', to: 'r0', packet: { ...e.packet, sentAt: e.packet.sentAt - 1 } }] : []), /altered/],
    ['release of a message it never received', isReceiver, (e) => (e.type === 'packet' ? [{ type: 'release', msg: e.packet.msg + 3 }] : []), /never received/],
    ['release twice', isReceiver, (e) => (e.type === 'packet' ? [{ type: 'release', msg: e.packet.msg }, { type: 'release', msg: e.packet.msg }] : []), /second release/],
    ['release by a proxy', isProxy, (e) => (e.type === 'packet' ? [{ type: 'release', msg: e.packet.msg }] : []), /only receivers/],
    ['timer in the past', isReceiver, (e) => [{ type: 'timer', at: e.time - 1, timer: 'x' }], /in the past/],
    ['timer at a non-integer time', isReceiver, (e) => [{ type: 'timer', at: e.time + 0.5, timer: 'x' }], /not an integer/],
    ['report to a non-parent', isReceiver, () => [{ type: 'report', to: 'r1', owdNs: 5 }], /not in its parent layer/],
    ['report of a non-integer', isReceiver, () => [{ type: 'report', to: 'p1.0', owdNs: 1.5 }], /not an integer/],
    ['unknown action', isReceiver, () => [{ type: 'explode' } as unknown as NodeAction], /unknown action type/],
    ['not a list', isReceiver, () => ({}) as unknown as NodeAction[], /not a list/],
    ['a node that throws', isReceiver, () => { throw new Error('boom'); }, /threw: boom/],
    ['an async answer that rejects', isReceiver, () => Promise.reject(new Error('pipe closed')), /failed: pipe closed/],
    ['an async impossible action', isReceiver, (e) => Promise.resolve(e.type === 'packet' ? [{ type: 'release', msg: 99 }] : []), /never received/],
  ];
  for (const [name, who, answer, reason] of cases) {
    it(name, async () => {
      const r = await run(who, answer);
      expect(r.fault, name).toBeDefined();
      expect(r.fault!.reason).toMatch(reason);
      expect(r.fault!.node).toBe(who({ id: 'p1.0' } as NodeConfig) ? 'p1.0' : 'r0');
      expect(r.fault!.event.type).toBe('packet');
    });
  }

  it('the fault carries the offending action itself', async () => {
    const r = await run(isReceiver, (e) => (e.type === 'packet' ? [{ type: 'release', msg: 77 }] : []));
    expect(r.fault!.action).toEqual({ type: 'release', msg: 77 });
    expect(r.fault!.event).toMatchObject({ type: 'packet', from: 'p1.0' });
  });

  it('a reference node patched into a late duplicate release is caught', async () => {
    const r = await simulateTree({
      ...base,
      hedge: 1,
      receivers: 9,
      fanout: 3,
      nodes: (c) => (c.role === 'receiver' ? patchedNode(c, (e, a) => (e.type === 'packet' && a.length === 0 ? [{ type: 'release', msg: e.packet.msg }] : a)) : undefined),
    });
    expect(r.fault?.reason).toMatch(/second release/);
  });

  it('a node that schedules without end is stopped by maxEvents', async () => {
    const r = await run(isReceiver, (e) => (e.type === 'packet' ? [{ type: 'release', msg: e.packet.msg }, { type: 'timer', at: e.time, timer: 't' }] : [{ type: 'timer', at: e.time, timer: 't' }]), { maxEvents: 5_000 });
    expect(r.fault?.reason).toMatch(/maxEvents/);
  });

  it('a receiver that never releases leaves its messages undelivered (no hang)', async () => {
    const r = await run(isReceiver, () => [], { drainNs: 1_000 });
    expect(r.fault).toBeUndefined();
    expect(r.undelivered).toBe(6);
  });
});

describe('bad options', () => {
  it('reject with a typed error', async () => {
    const bad: Partial<SimulateTreeOptions>[] = [
      { receivers: 0 },
      { messages: -1 },
      { intervalNs: 1.5 },
      { hedge: -1 },
      { seed: -3 },
      { fanout: 2, depth: 1 },
      { latency: { kind: 'scripted', delaysNs: [] } },
      { spikes: [{ from: 'nope', to: 'r0', startNs: 0, endNs: 1 }] },
      { stragglers: [{ node: 'ghost' }] },
      { holdRelease: { headroomNs: -5 } },
      { record: 'everything' as 'trace' },
    ];
    for (const b of bad) await expect(simulateTree({ ...base, ...b }), JSON.stringify(b)).rejects.toThrow(SimulationInputError);
  });
});
