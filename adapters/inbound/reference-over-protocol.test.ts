import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboundNetwork } from '../../reference/inbound/network.ts';
import type { InboundNode, InboundNodeConfig } from '../../reference/inbound/node.ts';
import type { InboundAdapter } from '../inbound.ts';
import { VendorSession } from '../process/vendor-session.ts';
import { createProcessInbound } from './process-inbound.ts';
import { firstBrokenPromise, playTreeRun, treeRunArb, type TreeRun } from './testing/tree-run.ts';

// The one reference vendor: every component's reference behind the protocol, inbound.* included.
const REFERENCE_VENDOR = fileURLToPath(new URL('../process/testing/reference-vendor.ts', import.meta.url));
const PYTHON = fileURLToPath(new URL('../examples/python/inbound.py', import.meta.url));
const SEED = Number(process.env.FAIRWIRE_SEED ?? 1307);

let reference: InboundAdapter;
let python: InboundAdapter;

beforeAll(async () => {
  reference = createProcessInbound(await VendorSession.open({ command: process.execPath, args: ['--import', 'tsx', REFERENCE_VENDOR] }), 'reference over the protocol');
  python = createProcessInbound(await VendorSession.open({ command: 'python3', args: [PYTHON] }), 'python example');
}, 30_000);
afterAll(async () => {
  await reference?.close?.();
  await python?.close?.();
});

/** fast-check with the suite's seed, printed on failure. */
async function check(prop: fc.IAsyncProperty<[ReturnType<typeof treeRunArb> extends fc.Arbitrary<infer T> ? T : never]>, numRuns: number): Promise<void> {
  const out = await fc.check(prop, { seed: SEED, numRuns });
  if (out.failed) throw new Error(`${fc.defaultReportMessage(out) ?? 'property failed'}\n(FAIRWIRE_SEED=${SEED})`);
}

/**
 * A generated run played as the class-aware merge's liveness needs it: no closing mid change
 * (the last epoch's non-critical orders leave on non-critical heartbeats alone) and proxies
 * sending their heartbeats at most once per `proxyPeriodNs` (protocol v1.1; 0: after every event).
 */
async function playOpenRun(run: TreeRun, proxyPeriodNs: number, nodes?: (config: InboundNodeConfig) => InboundNode | undefined) {
  const releases: [number, number][] = [];
  const net = new InboundNetwork({
    seed: run.seed,
    shape: run.shape,
    latency: { kind: 'scripted', delaysNs: run.delaysNs },
    clocks: { epsilonNs: run.epsilonNs },
    heartbeatPeriodNs: run.heartbeatPeriodNs,
    proxyHeartbeatPeriodNs: proxyPeriodNs,
    gatewayUplinkNs: run.gatewayUplinkNs,
    proxyUplinkNs: run.proxyUplinkNs,
    gatewayCredits: run.gatewayCredits,
    proxyCredits: run.proxyCredits,
    loq: { window: run.window, mid: 1000 },
    proxyLoq: run.mode === 'loq-proxy',
    merge: 'class-aware',
    ...(nodes ? { nodes } : {}),
    onRelease: (t, o) => releases.push([t, o.id]),
    record: 'trace',
  });
  const P = net.tree.participants;
  const start = net.startNs;
  const events = [...run.orders.map((o, i) => ({ at: o.at, kind: 0, i })), ...run.mids.map((m, i) => ({ at: m.at, kind: 1, i }))];
  events.sort((a, b) => a.at - b.at || a.kind - b.kind || a.i - b.i);
  let id = 0;
  for (const e of events) {
    if (e.kind === 0) {
      const o = run.orders[e.i]!;
      net.submit(o.participant % P, start + o.at, { id: id++, participant: o.participant % P, side: o.side, price: 1000 + o.offset, quantity: o.quantity });
    } else {
      for (let p = 0; p < P; p++) net.setMid(p, start + run.mids[e.i]!.at, run.mids[e.i]!.mid);
    }
  }
  const horizon = start + 2000 + 200 * (run.heartbeatPeriodNs + proxyPeriodNs) + 100 * (run.delaysNs.length + 1) * 300;
  for (let t = start + 2000; net.released.length < id && t <= horizon; t += run.heartbeatPeriodNs) await net.runUntil(t);
  return { releases, trace: net.traceEvents, submitted: id };
}

describe('inbound nodes over the protocol', () => {
  it('the reference over the protocol: the same trace and releases as in process, for generated trees and schedules', async () => {
    await check(
      fc.asyncProperty(treeRunArb(), async (run) => {
        const here = await playTreeRun(run);
        const there = await playTreeRun(run, (config) => reference.node(config));
        expect(there.releases).toEqual(here.releases);
        if (run.mode !== 'naive') expect(firstBrokenPromise(here.trace)).toBeUndefined();
        expect(there.trace).toEqual(here.trace);
        // Every order got through (the run is long enough): a comparison of two empty runs proves nothing.
        expect(here.released.length).toBe(here.submitted);
      }),
      40,
    );
  }, 120_000);

  it('the Python example, every role: the reference release order, for trees with and without LOQ', async () => {
    await check(
      fc.asyncProperty(treeRunArb(['none', 'loq', 'loq-proxy']), async (run) => {
        const here = await playTreeRun(run);
        const vendor = await playTreeRun(run, (config) => python.node(config));
        expect(vendor.released).toEqual(here.released);
        expect(here.released.length).toBe(here.submitted);
        expect(firstBrokenPromise(here.trace)).toBeUndefined();
        expect(firstBrokenPromise(vendor.trace)).toBeUndefined();
      }),
      40,
    );
  }, 120_000);

  it('the Python example, every role, no closing mid change, proxy heartbeat periods: the reference releases at the same times, the same trace', async () => {
    await check(
      fc.asyncProperty(treeRunArb(['loq', 'loq-proxy']), async (run) => {
        const proxyPeriodNs = [0, 30, 200][run.seed % 3]!;
        const here = await playOpenRun(run, proxyPeriodNs);
        const vendor = await playOpenRun(run, proxyPeriodNs, (config) => python.node(config));
        // Every order got out of the last epoch without a mid change to close it.
        expect(here.releases.length).toBe(here.submitted);
        expect(vendor.releases).toEqual(here.releases);
        expect(vendor.trace).toEqual(here.trace);
        expect(firstBrokenPromise(vendor.trace)).toBeUndefined();
      }),
      40,
    );
  }, 120_000);

  // A planted bug (the example's FAIRWIRE_INBOUND_BUG switch) is caught, and the finding names the node that broke its promise.
  for (const [bug, culprit] of [
    ['proxy-dummy-now', /^proxy-[0-9.]+ sent order/],
    ['gateway-late-clock', /^gateway-[0-9]+ sent order/],
  ] as const) {
    it(`the Python example with bug ${bug}: caught, naming the node`, async () => {
      const buggy = createProcessInbound(await VendorSession.open({ command: 'python3', args: [PYTHON], env: { FAIRWIRE_INBOUND_BUG: bug } }), bug);
      try {
        const out = await fc.check(
          fc.asyncProperty(treeRunArb(['none', 'loq']), async (run) => {
            const vendor = await playTreeRun(run, (config) => buggy.node(config));
            return firstBrokenPromise(vendor.trace) === undefined;
          }),
          { seed: SEED, numRuns: 300 },
        );
        expect(out.failed, `bug ${bug} was not caught (FAIRWIRE_SEED=${SEED})`).toBe(true);
        const shrunk = await playTreeRun(out.counterexample![0], (config) => buggy.node(config));
        expect(firstBrokenPromise(shrunk.trace)).toMatch(culprit);
      } finally {
        await buggy.close?.();
      }
    }, 120_000);
  }
});
