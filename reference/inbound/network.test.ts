import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SimulationInputError } from '../sim/errors.ts';
import { InboundFault, InboundNetwork, type InboundNetworkOptions } from './network.ts';
import type { InboundAction, InboundEvent, InboundNode, InboundNodeConfig } from './node.ts';
import { referenceInboundNode } from './reference-node.ts';
import { runInbound, type Submission } from './run-inbound.ts';
import type { InboundShape } from './tree.ts';
import { strictClassSequencer } from './testing/strict-class-sequencer.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const note = `(seed ${SEED}; rerun: FAIRWIRE_SEED=${SEED} npx vitest run reference/inbound/network.test.ts)`;

const BASE: InboundNetworkOptions = {
  seed: 1,
  shape: [['g', 'g'], ['g', ['g', 'g']], 'g'],
  heartbeatPeriodNs: 500,
  latency: { kind: 'scripted', delaysNs: [10, 700, 40, 1500, 0] },
  clocks: { epsilonNs: 60 },
  gatewayUplinkNs: [300, 0, 900],
  proxyUplinkNs: [50, 0],
  gatewayCredits: 1,
  proxyCredits: 2,
  record: 'trace',
};

function burst(participants: number, n: number, seed = 1): Submission[] {
  const out: Submission[] = [];
  let s = seed;
  const rnd = (m: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % m;
  };
  for (let id = 0; id < n; id++) out.push({ participant: rnd(participants), atNs: rnd(8) * 400 + rnd(3), id, side: rnd(2) ? 'bid' : 'ask', price: 995 + rnd(10), quantity: 1 + rnd(3) });
  return out.sort((a, b) => a.atNs - b.atNs).map((x, id) => ({ ...x, id }));
}

/** (stamp, participant) of each released order, in release order. */
function keys(r: Awaited<ReturnType<typeof runInbound>>): [number, number][] {
  return r.released.map((id) => [r.records.get(id)!.expectedStamp, r.records.get(id)!.order.participant]);
}

const sorted = (ks: [number, number][]) => ks.every((k, i) => i === 0 || ks[i - 1]![0] < k[0] || (ks[i - 1]![0] === k[0] && ks[i - 1]![1] <= k[1]));

describe('InboundNetwork with the reference nodes', () => {
  it('without LOQ releases every order once, in (timestamp, participant) order, stamped at submit', async () => {
    const r = await runInbound(BASE, { submissions: burst(6, 80), drainNs: 1_000_000 });
    expect(r.fault).toBeUndefined();
    expect(r.released).toHaveLength(80);
    expect(new Set(r.released).size).toBe(80);
    expect(sorted(keys(r))).toBe(true);
    for (const x of r.records.values()) expect(x.stamp).toBe(x.expectedStamp);
    // Bursts queued at gateways: the uplink, not the harness, held them.
    expect(r.trace.some((e) => e.kind === 'credit')).toBe(true);
  });

  it('keeps timestamp order for generated shapes, delays and clocks', async () => {
    const shape: fc.Arbitrary<InboundShape> = fc.array(fc.oneof(fc.constant('g' as const), fc.array(fc.oneof(fc.constant('g' as const), fc.array(fc.constant('g' as const), { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(shape, fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 300 }), fc.nat(1000), async (s, delays, eps, seed) => {
        const countG = (x: unknown): number => (x === 'g' ? 1 : (x as unknown[]).reduce((a: number, c) => a + countG(c), 0));
        const p = countG(s);
        const r = await runInbound({ ...BASE, shape: s, latency: { kind: 'scripted', delaysNs: delays }, clocks: { epsilonNs: eps }, seed }, { submissions: burst(p, 30, seed + 1), drainNs: 2_000_000 });
        return r.fault === undefined && r.released.length === 30 && sorted(keys(r));
      }),
      { seed: SEED, numRuns: 40 },
    ).catch((e: unknown) => {
      throw new Error(`${String(e)} ${note}`);
    });
  });

  it('with LOQ and class-aware merges releases everything with the tags the gateways gave (a session closed by a mid change)', async () => {
    const p = 6;
    const mids = [0, 1, 2, 3, 4, 5].flatMap((g) => [
      { participant: g, atNs: 1500, mid: 1002 },
      { participant: g, atNs: 4000, mid: 1003 },
    ]);
    const r = await runInbound({ ...BASE, loq: { window: 1, mid: 1000 }, proxyLoq: true }, { submissions: burst(p, 60), mids, drainNs: 1_000_000 });
    expect(r.fault).toBeUndefined();
    expect(r.released).toHaveLength(60);
    for (const x of r.records.values()) {
      expect(x.epoch).toBe(x.expectedEpoch);
      expect(x.critical).toBe(x.expectedCritical);
    }
  });

  it('with LOQ releases every order without a closing mid change (liveness); the old strict merge does not', async () => {
    // Both sides, both classes, over 5.8 µs; one mid change at 3 µs and none after the last
    // submission: the last epoch never ends. The drain (200 µs) is 400 heartbeat periods.
    const submissions: Submission[] = Array.from({ length: 60 }, (_, id) => ({ participant: id % 6, atNs: id * 97, id, side: id % 3 === 0 ? 'ask' : 'bid', price: 995 + ((id * 7) % 10), quantity: 1 }));
    const mids = [0, 1, 2, 3, 4, 5].map((g) => ({ participant: g, atNs: 3000, mid: 1002 }));
    const schedule = { submissions, mids, drainNs: 200_000 };
    const options = { ...BASE, loq: { window: 1, mid: 1000 }, proxyLoq: true };
    const r = await runInbound(options, schedule);
    expect(r.fault).toBeUndefined();
    expect(r.released).toHaveLength(60);
    // Each class reaches the engine sorted by (epoch, stamp, participant), epochs never decrease.
    const ks = r.released.map((id) => r.records.get(id)!).map((x) => [x.expectedEpoch, x.expectedCritical ? 0 : 1, x.expectedStamp, x.order.participant] as const);
    const le = (a: readonly number[], b: readonly number[]) => a[0]! < b[0]! || (a[0] === b[0] && (a[2]! < b[2]! || (a[2] === b[2] && a[3]! <= b[3]!)));
    for (const c of [0, 1]) {
      const cls = ks.filter((k) => k[1] === c);
      expect(cls.every((k, i) => i === 0 || le(cls[i - 1]!, k))).toBe(true);
    }
    expect(ks.every((k, i) => i === 0 || ks[i - 1]![0] <= k[0])).toBe(true);
    // The old rule (smallest (epoch, class, timestamp, participant) head) at the sequencer holds
    // the last epoch's non-critical orders for ever: the same run ends with them still queued.
    const strict = await runInbound({ ...options, nodes: strictClassSequencer }, schedule);
    expect(strict.fault).toBeUndefined();
    const stuck = [...strict.records.values()].filter((x) => !strict.released.includes(x.order.id));
    expect(stuck.length).toBeGreaterThan(0);
    expect(stuck.every((x) => x.expectedEpoch === 1 && !x.expectedCritical)).toBe(true);
  });

  it('step-wise: submit, setMid, runUntil, onRelease with the harness copy', async () => {
    const seen: { t: number; id: number; frozen: boolean }[] = [];
    const net = new InboundNetwork({ ...BASE, onRelease: (t, o) => seen.push({ t, id: o.id, frozen: Object.isFrozen(o) }) });
    net.submit(0, net.startNs + 10, { id: 0, participant: 0, side: 'bid', price: 1000, quantity: 1 });
    await net.runUntil(net.startNs + 100);
    net.submit(1, net.startNs + 200, { id: 1, participant: 1, side: 'ask', price: 1000, quantity: 1 });
    await net.runUntil(net.startNs + 1_000_000);
    expect(seen.map((x) => x.id)).toEqual([0, 1]);
    expect(seen.every((x) => x.frozen)).toBe(true);
    expect(() => net.submit(2, net.startNs, { id: 2, participant: 2, side: 'bid', price: 1, quantity: 1 })).toThrow(SimulationInputError);
    expect(() => net.submit(0, net.now, { id: 1, participant: 0, side: 'bid', price: 1, quantity: 1 })).toThrow(/twice/);
    expect(() => net.submit(9, net.now, { id: 5, participant: 9, side: 'bid', price: 1, quantity: 1 })).toThrow(SimulationInputError);
    expect(() => net.submit(0, net.now, { id: 6, participant: 0, side: 'buy' as 'bid', price: 1, quantity: 1 })).toThrow(SimulationInputError);
    expect(() => net.submit(0, net.now, { id: 7, participant: 0, side: 'bid', price: 1, quantity: 0 })).toThrow(SimulationInputError);
  });

  it('refuses bad options with a typed error', () => {
    expect(() => new InboundNetwork({ ...BASE, heartbeatPeriodNs: 0 })).toThrow(SimulationInputError);
    expect(() => new InboundNetwork({ ...BASE, merge: 'class-aware' })).toThrow(/LOQ/);
    expect(() => new InboundNetwork({ ...BASE, latency: { kind: 'constant', delayNs: 1, lossRate: 0.1 } })).toThrow(/reliable/);
    expect(() => new InboundNetwork({ ...BASE, shape: [] })).toThrow(SimulationInputError);
  });
});

/** A tree whose node `id` is the reference's with its answers passed through `edit`. */
function withEdited(id: string, edit: (e: InboundEvent, a: readonly InboundAction[], c: InboundNodeConfig) => readonly InboundAction[]) {
  return (c: InboundNodeConfig): InboundNode | undefined => {
    if (c.id !== id) return undefined;
    const inner = referenceInboundNode(c);
    return { config: c, onEvent: (e) => edit(e, inner.onEvent(e) as readonly InboundAction[], c) };
  };
}

async function faultOf(o: Partial<InboundNetworkOptions>, subs = burst(3, 12)): Promise<InboundFault> {
  const r = await runInbound({ ...BASE, shape: [['g', 'g'], 'g'], ...o }, { submissions: subs, drainNs: 1_000_000 });
  expect(r.fault).toBeInstanceOf(InboundFault);
  return r.fault!;
}

describe('the harness checks every action and names the node', () => {
  it('an order sent twice', async () => {
    const f = await faultOf({ nodes: withEdited('proxy-0', (_e, a) => [...a, ...a.filter((x) => x.type === 'send' && x.message.kind === 'order')]) });
    expect(f.node).toBe('proxy-0');
    expect(f.reason).toMatch(/already sent/);
  });

  it('an order it never received', async () => {
    const f = await faultOf({
      nodes: withEdited('proxy-0', (e, a, c) =>
        e.type === 'start' ? [{ type: 'send', to: c.parent!, message: { kind: 'order', order: { id: 11, participant: 0, side: 'bid', price: 1, quantity: 1 }, timestamp: 0 } }] : a,
      ),
    });
    expect(f.node).toBe('proxy-0');
    expect(f.reason).toMatch(/never submitted|does not hold/);
  });

  it('a send to someone other than its parent, and a release by a proxy', async () => {
    expect((await faultOf({ nodes: withEdited('gateway-0', (_e, a) => a.map((x) => (x.type === 'send' ? { ...x, to: 'sequencer' } : x))) })).reason).toMatch(/not its parent/);
    const f = await faultOf({ nodes: withEdited('proxy-0', (e, a) => (e.type === 'message' && e.message.kind === 'order' ? [{ type: 'release', id: e.message.order.id }] : a)) });
    expect(f.reason).toMatch(/not the sequencer/);
  });

  it('an order with its stamp altered below the gateway, or its fields', async () => {
    const bump = withEdited('proxy-0', (_e, a) => a.map((x) => (x.type === 'send' && x.message.kind === 'order' ? { ...x, message: { ...x.message, timestamp: x.message.timestamp + 1 } } : x)));
    expect((await faultOf({ nodes: bump })).reason).toMatch(/stamp or tags altered/);
    const price = withEdited('gateway-1', (_e, a) => a.map((x) => (x.type === 'send' && x.message.kind === 'order' ? { ...x, message: { ...x.message, order: { ...x.message.order, price: x.message.order.price + 1 } } } : x)));
    expect((await faultOf({ nodes: price })).reason).toMatch(/fields altered/);
  });

  it('an order sent without an uplink credit', async () => {
    // A gateway that ignores credits: it forwards every order at once.
    const eager = (c: InboundNodeConfig): InboundNode | undefined =>
      c.id !== 'gateway-2' ? undefined : { config: c, onEvent: (e) => (e.type === 'submit' ? [{ type: 'send', to: c.parent!, message: { kind: 'order', order: e.order, timestamp: e.time } }] : []) };
    const subs: Submission[] = [0, 1, 2].map((id) => ({ participant: 2, atNs: 0, id, side: 'bid', price: 1000, quantity: 1 }));
    const f = await faultOf({ nodes: eager, gatewayUplinkNs: 1000 }, subs);
    expect(f.node).toBe('gateway-2');
    expect(f.reason).toMatch(/no uplink credit/);
  });

  it('a timer in the past, a malformed action, a throw, a second release', async () => {
    expect((await faultOf({ nodes: withEdited('gateway-0', (e, a) => (e.type === 'start' ? [{ type: 'timer', at: e.time - 1, timer: 'x' }] : a)) })).reason).toMatch(/in the past/);
    expect((await faultOf({ nodes: withEdited('gateway-0', (e, a) => (e.type === 'start' ? [{ type: 'jump' } as unknown as InboundAction] : a)) })).reason).toMatch(/unknown action/);
    const thrower = (c: InboundNodeConfig): InboundNode | undefined => (c.id === 'proxy-0' ? { config: c, onEvent: () => { throw new Error('boom'); } } : undefined);
    expect((await faultOf({ nodes: thrower })).reason).toMatch(/threw: boom/);
    const twice = withEdited('sequencer', (_e, a) => [...a, ...a]);
    expect((await faultOf({ nodes: twice })).reason).toMatch(/second time \(duplicated\)/);
  });

  it('an untagged message to a class-aware parent', async () => {
    const strip = withEdited('gateway-0', (_e, a) => a.map((x) => (x.type === 'send' ? { ...x, message: { ...x.message, epoch: undefined, critical: undefined } } : x)));
    const f = await faultOf({ nodes: strip, loq: { window: 0, mid: 1000 } });
    expect(f.node).toBe('gateway-0');
    expect(f.reason).toMatch(/untagged/);
  });

  it('an async node is awaited, and its rejection is a fault', async () => {
    const slow = (c: InboundNodeConfig): InboundNode | undefined => {
      if (c.role !== 'proxy') return undefined;
      const inner = referenceInboundNode(c);
      return { config: c, onEvent: async (e) => inner.onEvent(e) };
    };
    const r = await runInbound({ ...BASE, nodes: slow }, { submissions: burst(6, 20), drainNs: 1_000_000 });
    expect(r.fault).toBeUndefined();
    expect(r.released).toHaveLength(20);
    const broken = (c: InboundNodeConfig): InboundNode | undefined => (c.role === 'proxy' ? { config: c, onEvent: async () => Promise.reject(new Error('pipe closed')) } : undefined);
    expect((await faultOf({ nodes: broken })).reason).toMatch(/failed: pipe closed/);
  });
});
