import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterFault } from '../fault.ts';
import type { InboundAdapter, InboundNodeConfig, InboundOrder } from '../inbound.ts';
import { ProtocolFault } from '../process/protocol-fault.ts';
import { VendorSession } from '../process/vendor-session.ts';
import { createProcessInbound, inboundEventParams } from './process-inbound.ts';

const EXAMPLE = fileURLToPath(new URL('../examples/python/inbound.py', import.meta.url));
const MALFORMED = fileURLToPath(new URL('./testing/malformed_inbound.py', import.meta.url));

const gateway = (p: number, over: Partial<InboundNodeConfig> = {}): InboundNodeConfig => ({
  id: `gateway-${p}`,
  role: 'gateway',
  depth: 2,
  parent: 'proxy-0',
  children: [],
  participant: p,
  participants: 2,
  heartbeatPeriodNs: 100,
  uplinkCredits: 1,
  loq: null,
  merge: 'timestamp',
  ...over,
});
const proxy = (over: Partial<InboundNodeConfig> = {}): InboundNodeConfig => ({
  id: 'proxy-0',
  role: 'proxy',
  depth: 1,
  parent: 'sequencer',
  children: ['gateway-0', 'gateway-1'],
  participant: null,
  participants: 2,
  heartbeatPeriodNs: 0,
  uplinkCredits: 4,
  loq: null,
  merge: 'timestamp',
  ...over,
});
const sequencer = (over: Partial<InboundNodeConfig> = {}): InboundNodeConfig => ({
  ...proxy({ id: 'sequencer', role: 'sequencer', depth: 0, parent: null, uplinkCredits: 0, children: ['proxy-0'] }),
  ...over,
});
const order = (id: number, participant: number, side: 'bid' | 'ask' = 'bid', price = 100): InboundOrder => ({ id, participant, side, price, quantity: 1 });

let session: VendorSession;
let vendor: InboundAdapter;

beforeAll(async () => {
  session = await VendorSession.open({ command: 'python3', args: [EXAMPLE] });
  vendor = createProcessInbound(session, 'python-example');
});
afterAll(() => vendor.close?.());

describe('process inbound nodes (the Python example over the protocol)', () => {
  it('declares every role and LOQ', () => {
    expect(vendor.capabilities).toEqual({ gateway: true, proxy: true, sequencer: true, loq: true });
  });

  it('events go out as op params naming the node', () => {
    expect(inboundEventParams('gateway-3', { type: 'credit', time: 5 })).toEqual({ node: 'gateway-3', time: 5 });
  });

  it('a gateway stamps with its clock, holds what its credits do not cover, and heartbeats its low-water mark', async () => {
    const g = vendor.node(gateway(1, { id: 'g-a' }))!;
    expect(await g.onEvent({ type: 'start', time: 0 })).toEqual([
      { type: 'send', to: 'proxy-0', message: { kind: 'heartbeat', timestamp: 0, participant: 1 } },
      { type: 'timer', at: 100, timer: 'heartbeat' },
    ]);
    expect(await g.onEvent({ type: 'submit', time: 10, order: order(0, 1) })).toEqual([
      { type: 'send', to: 'proxy-0', message: { kind: 'order', order: order(0, 1), timestamp: 10 } },
    ]);
    expect(await g.onEvent({ type: 'submit', time: 20, order: order(1, 1) })).toEqual([]);
    // Holding order 1 (stamped 20): the heartbeat promises 20, not its clock.
    expect(await g.onEvent({ type: 'timer', time: 100, timer: 'heartbeat' })).toEqual([
      { type: 'send', to: 'proxy-0', message: { kind: 'heartbeat', timestamp: 20, participant: 1 } },
      { type: 'timer', at: 200, timer: 'heartbeat' },
    ]);
    expect(await g.onEvent({ type: 'credit', time: 150 })).toEqual([
      { type: 'send', to: 'proxy-0', message: { kind: 'order', order: order(1, 1), timestamp: 20 } },
    ]);
    expect(await g.onEvent({ type: 'timer', time: 200, timer: 'heartbeat' })).toEqual([
      { type: 'send', to: 'proxy-0', message: { kind: 'heartbeat', timestamp: 200, participant: 1 } },
      { type: 'timer', at: 300, timer: 'heartbeat' },
    ]);
  });

  it('a gateway LOQ classifies with the mid, opens an epoch on a change, pops critical first and tags', async () => {
    const g = vendor.node(gateway(0, { id: 'g-loq', loq: { mid: 100, window: 0 }, merge: 'class-aware' }))!;
    await g.onEvent({ type: 'start', time: 0 });
    const first = await g.onEvent({ type: 'submit', time: 1, order: order(0, 0, 'bid', 99) });
    expect(first).toEqual([{ type: 'send', to: 'proxy-0', message: { kind: 'order', order: order(0, 0, 'bid', 99), timestamp: 1, epoch: 0, critical: false } }]);
    await g.onEvent({ type: 'submit', time: 2, order: order(1, 0, 'bid', 99) }); // non-critical, held
    await g.onEvent({ type: 'submit', time: 3, order: order(2, 0, 'bid', 100) }); // critical, held
    expect(await g.onEvent({ type: 'mid', time: 4, mid: 101 })).toEqual([]);
    await g.onEvent({ type: 'submit', time: 5, order: order(3, 0, 'ask', 101) }); // epoch 1, critical
    const sent: unknown[] = [];
    for (let t = 6; t < 9; t++) sent.push(...(await g.onEvent({ type: 'credit', time: t })));
    expect(sent.map((a) => (a as { message: { order: InboundOrder; epoch: number; critical: boolean } }).message).map((m) => [m.order.id, m.epoch, m.critical])).toEqual([
      [2, 0, true],
      [1, 0, false],
      [3, 1, true],
    ]);
  });

  it('a proxy merges by (timestamp, participant), waits for every child, and stamps dummies with its low-water mark', async () => {
    const p = vendor.node(proxy({ id: 'p-a' }))!;
    const msg = (from: string, m: object, time = 50) => p.onEvent({ type: 'message', time, from, message: m as never });
    expect(await msg('gateway-1', { kind: 'order', order: order(7, 1), timestamp: 30 })).toEqual([]);
    // gateway-0 promises 40: order 7 (30) goes; the mark, min(40, gateway-1's last key 30), says no more than order 7 did.
    expect(await msg('gateway-0', { kind: 'heartbeat', timestamp: 40, participant: 0 })).toEqual([
      { type: 'send', to: 'sequencer', message: { kind: 'order', order: order(7, 1), timestamp: 30 } },
    ]);
    // gateway-1 promises 45: the mark moves to gateway-0's 40, never to the proxy's clock (50).
    expect(await msg('gateway-1', { kind: 'heartbeat', timestamp: 45, participant: 1 })).toEqual([
      { type: 'send', to: 'sequencer', message: { kind: 'heartbeat', timestamp: 40, participant: 0 } },
    ]);
  });

  it('the sequencer releases in key order once every child has spoken', async () => {
    const s = vendor.node(sequencer({ id: 's-a', children: ['proxy-0', 'proxy-1'] }))!;
    const msg = (from: string, m: object) => s.onEvent({ type: 'message', time: 9, from, message: m as never });
    expect(await msg('proxy-0', { kind: 'order', order: order(5, 0), timestamp: 20 })).toEqual([]);
    expect(await msg('proxy-1', { kind: 'order', order: order(6, 1), timestamp: 10 })).toEqual([{ type: 'release', id: 6 }]);
    expect(await msg('proxy-1', { kind: 'heartbeat', timestamp: 25, participant: 1 })).toEqual([{ type: 'release', id: 5 }]);
  });

  it('one process hosts many nodes; a node of an undeclared role is left to the harness', async () => {
    const pid = session.pid;
    const nodes = [0, 1, 2].map((i) => vendor.node(gateway(i, { id: `g-m${i}` }))!);
    const out = await Promise.all(nodes.map((n, i) => n.onEvent({ type: 'start', time: i })));
    expect(out.map((a) => a[1])).toEqual([0, 1, 2].map((i) => ({ type: 'timer', at: 100 + i, timer: 'heartbeat' })));
    expect(session.pid).toBe(pid);
    const gatewaysOnly = createProcessInbound(session, 'gateways-only', { gateway: true });
    expect(gatewaysOnly.node(proxy())).toBeUndefined();
    expect(gatewaysOnly.node(gateway(0))).toBeDefined();
  });

  it('a vendor declaring no role is refused at load (it would leave the reference everywhere)', async () => {
    const s = await VendorSession.open({ command: 'python3', args: [EXAMPLE] });
    expect(() => createProcessInbound(s, 'no-roles', { loq: true })).toThrow(/none of the roles gateway, proxy, sequencer/);
    await s.close();
  });

  it('a vendor refusal is a failure (not a fault) naming the node', async () => {
    const g = vendor.node(gateway(0, { id: 'g-r' }))!;
    const err = await Promise.resolve(g.onEvent({ type: 'submit', time: 1, order: order(0, 5) })).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(AdapterFault);
    expect((err as Error).message).toMatch(/node g-r \(gateway\), submit event .*bad-request/);
  });
});

describe('faults name the node', () => {
  const faultOf = async (mode: string, drive: (a: InboundAdapter) => Promise<unknown>) => {
    const s = await VendorSession.open({ command: 'python3', args: [MALFORMED, mode] });
    const a = createProcessInbound(s, `malformed ${mode}`);
    try {
      return await drive(a).then(
        () => undefined,
        (e: unknown) => e,
      );
    } finally {
      await a.close?.();
    }
  };

  it('a malformed action: the node, the event and the field', async () => {
    const err = await faultOf('missing-message', async (a) => a.node(gateway(0, { id: 'gateway-0' }))!.onEvent({ type: 'submit', time: 7, order: order(3, 0) }));
    expect(err).toBeInstanceOf(ProtocolFault);
    const msg = (err as Error).message;
    expect(msg).toContain('node gateway-0 (gateway), submit event');
    expect(msg).toContain('"id":3');
    expect(msg).toContain(`actions[0] = {"type":"send","to":"proxy-0"}: must have required property 'message'`);
  });

  it('one tag without the other is malformed', async () => {
    const err = await faultOf('half-tag', async (a) => a.node(gateway(1, { id: 'gateway-1', loq: { mid: 0, window: 0 } }))!.onEvent({ type: 'submit', time: 7, order: order(4, 1) }));
    expect(err).toBeInstanceOf(ProtocolFault);
    expect((err as Error).message).toMatch(/node gateway-1 \(gateway\), submit event .*critical/);
  });

  it('a crash: the node, the event, the stderr tail; the node is lost with its process', async () => {
    const s = await VendorSession.open({ command: 'python3', args: [MALFORMED, 'crash-on-credit'] });
    const a = createProcessInbound(s, 'crashing');
    try {
      const g = a.node(gateway(0, { id: 'gateway-0' }))!;
      const err = await Promise.resolve(g.onEvent({ type: 'credit', time: 12 })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AdapterFault);
      expect((err as Error).message).toContain('node gateway-0 (gateway), credit event {"node":"gateway-0","time":12}');
      expect((err as AdapterFault).stderrTail).toContain('giving up on credit at 12');
      const again = await Promise.resolve(g.onEvent({ type: 'credit', time: 13 })).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(AdapterFault);
      expect((again as Error).message).toMatch(/node gateway-0 \(gateway\).*lost when the vendor restarted/);
    } finally {
      await a.close?.();
    }
  });
});
