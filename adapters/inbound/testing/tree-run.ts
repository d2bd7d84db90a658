/**
 * Test helper: generated inbound runs (a tree, its settings, a schedule of orders and mid
 * changes) and a runner that plays one through reference/inbound/network.ts with any node
 * factory, so the same run can be compared with reference nodes in process, the reference over
 * the protocol, and a vendor's nodes.
 */
import fc from 'fast-check';
import { markLess, type Mark } from '../../../reference/inbound/key.ts';
import { InboundNetwork, type InboundTraceEvent } from '../../../reference/inbound/network.ts';
import type { InboundNode, InboundNodeConfig, InboundOrder } from '../../../reference/inbound/node.ts';
import { buildInboundTree, type InboundShape, type InboundSubtree } from '../../../reference/inbound/tree.ts';

/** 'none': no LOQ (timestamp merge); 'loq': gateway LOQs, class-aware merges; 'loq-proxy': and proxy LOQs; 'naive': gateway LOQs, timestamp merges. */
export type LoqMode = 'none' | 'loq' | 'loq-proxy' | 'naive';

export interface TreeRun {
  readonly seed: number;
  readonly shape: InboundShape;
  readonly mode: LoqMode;
  readonly window: number;
  readonly heartbeatPeriodNs: number;
  readonly delaysNs: readonly number[];
  readonly epsilonNs: number;
  readonly gatewayUplinkNs: readonly number[];
  readonly proxyUplinkNs: readonly number[];
  readonly gatewayCredits: number;
  readonly proxyCredits: number;
  /** Orders by submit time (offset from the start, true ns); `participant` is taken modulo the tree's. */
  readonly orders: readonly { readonly at: number; readonly participant: number; readonly side: 'bid' | 'ask'; readonly offset: number; readonly quantity: number }[];
  /** Mid changes: all gateways at once, at `at` (offset from the start). */
  readonly mids: readonly { readonly at: number; readonly mid: number }[];
}

const MID = 1000;

const subtree: fc.Arbitrary<InboundSubtree> = fc.letrec<{ t: InboundSubtree }>((tie) => ({
  t: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant('g' as const), fc.array(tie('t'), { minLength: 1, maxLength: 3 })),
})).t;

export const treeRunArb = (modes: readonly LoqMode[] = ['none', 'loq', 'loq-proxy', 'naive']): fc.Arbitrary<TreeRun> =>
  fc.record({
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    shape: fc.array(subtree, { minLength: 1, maxLength: 3 }).filter((s) => {
      const n = buildInboundTree(s).participants;
      return n >= 1 && n <= 8;
    }),
    mode: fc.constantFrom(...modes),
    window: fc.integer({ min: 0, max: 2 }),
    heartbeatPeriodNs: fc.integer({ min: 50, max: 400 }),
    delaysNs: fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 4 }),
    epsilonNs: fc.integer({ min: 0, max: 20 }),
    gatewayUplinkNs: fc.array(fc.integer({ min: 0, max: 150 }), { minLength: 1, maxLength: 3 }),
    proxyUplinkNs: fc.array(fc.integer({ min: 0, max: 80 }), { minLength: 1, maxLength: 3 }),
    gatewayCredits: fc.integer({ min: 1, max: 2 }),
    proxyCredits: fc.integer({ min: 1, max: 3 }),
    orders: fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: 2000 }),
        participant: fc.nat(),
        side: fc.constantFrom('bid' as const, 'ask' as const),
        offset: fc.integer({ min: -3, max: 3 }),
        quantity: fc.integer({ min: 1, max: 3 }),
      }),
      { maxLength: 25 },
    ),
    mids: fc.array(fc.record({ at: fc.integer({ min: 0, max: 2000 }), mid: fc.integer({ min: MID - 2, max: MID + 2 }) }), { maxLength: 3 }),
  });

export interface TreeRunResult {
  /** Order ids in release order. */
  readonly released: readonly number[];
  /** (true time, id) per release. */
  readonly releases: readonly (readonly [number, number])[];
  readonly trace: readonly InboundTraceEvent[];
  readonly submitted: number;
}

/** Plays a run with `nodes` (undefined: every node the reference's) until every order is released or the horizon passes. */
export async function playTreeRun(run: TreeRun, nodes?: (config: InboundNodeConfig) => InboundNode | undefined): Promise<TreeRunResult> {
  const loq = run.mode === 'none' ? null : { window: run.window, mid: MID };
  const releases: [number, number][] = [];
  const net = new InboundNetwork({
    seed: run.seed,
    shape: run.shape,
    latency: { kind: 'scripted', delaysNs: run.delaysNs },
    clocks: { epsilonNs: run.epsilonNs },
    heartbeatPeriodNs: run.heartbeatPeriodNs,
    gatewayUplinkNs: run.gatewayUplinkNs,
    proxyUplinkNs: run.proxyUplinkNs,
    gatewayCredits: run.gatewayCredits,
    proxyCredits: run.proxyCredits,
    loq,
    proxyLoq: run.mode === 'loq-proxy',
    merge: run.mode === 'none' || run.mode === 'naive' ? 'timestamp' : 'class-aware',
    ...(nodes ? { nodes } : {}),
    onRelease: (t, o: InboundOrder) => releases.push([t, o.id]),
    record: 'trace',
  });
  const P = net.tree.participants;
  const start = net.startNs;
  const events = [
    ...run.orders.map((o, i) => ({ at: o.at, kind: 0, i })),
    ...run.mids.map((m, i) => ({ at: m.at, kind: 1, i })),
  ].sort((a, b) => a.at - b.at || a.kind - b.kind || a.i - b.i);
  let id = 0;
  for (const e of events) {
    if (e.kind === 0) {
      const o = run.orders[e.i]!;
      const p = o.participant % P;
      net.submit(p, start + o.at, { id: id++, participant: p, side: o.side, price: MID + o.offset, quantity: o.quantity });
    } else {
      for (let p = 0; p < P; p++) net.setMid(p, start + run.mids[e.i]!.at, run.mids[e.i]!.mid);
    }
  }
  // Under LOQ a non-critical order waits until no critical order of its epoch can follow: until
  // the next epoch. A last mid change after every order closes the epochs that hold orders.
  if (loq) {
    const last = [...run.mids].sort((a, b) => a.at - b.at).at(-1)?.mid ?? MID;
    for (let p = 0; p < P; p++) net.setMid(p, start + 2001, last + 1);
  }
  // Step by heartbeat periods until everything is out (bounded: heartbeats drain every backlog).
  const horizon = start + 2000 + 200 * run.heartbeatPeriodNs + 100 * (run.delaysNs.length + 1) * 300;
  for (let t = start + 2000; net.released.length < id && t <= horizon; t += run.heartbeatPeriodNs) await net.runUntil(t);
  return { released: [...net.released], releases, trace: net.traceEvents, submitted: id };
}

/**
 * The first heartbeat promise a node broke in a trace: an order it sent after a heartbeat (of
 * the order's class, under LOQ) whose key was above the order's. Judged from the harness's trace
 * only. Not meaningful for 'naive' runs (their proxies' heartbeats carry no class).
 */
export function firstBrokenPromise(trace: readonly InboundTraceEvent[]): string | undefined {
  const promised = new Map<string, Mark>();
  for (const e of trace) {
    if (e.kind !== 'send') continue;
    const slot = `${e.node}|${e.critical === undefined ? '' : e.critical ? 'critical' : 'non-critical'}`;
    const key: Mark = { epoch: e.epoch ?? 0, timestamp: e.timestamp!, participant: e.participant! };
    const p = promised.get(slot);
    if (e.heartbeat) {
      if (!p || markLess(p, key)) promised.set(slot, key);
    } else if (p && markLess(key, p)) {
      const show = (m: Mark) => `(${e.epoch === undefined ? '' : `epoch ${m.epoch}, `}${m.timestamp}, participant ${m.participant})`;
      return `${e.node} sent order ${String(e.order)} with key ${show(key)} at ${e.t} after a heartbeat promising nothing below ${show(p)}`;
    }
  }
  return undefined;
}
