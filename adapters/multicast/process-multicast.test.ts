import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterFault } from '../fault.ts';
import type { MulticastAdapter, NodeConfig } from '../multicast.ts';
import { VendorSession } from '../process/vendor-session.ts';
import { createProcessMulticast, eventParams } from './process-multicast.ts';

const EXAMPLE = fileURLToPath(new URL('../examples/python/multicast.py', import.meta.url));
const MALFORMED = fileURLToPath(new URL('./testing/malformed_multicast.py', import.meta.url));

const base = {
  depth: 1,
  layerIndex: 0,
  layerSize: 1,
  nextLayer: [],
  fanout: 2,
  hedge: 0,
  spraying: false,
  parents: ['root'],
  holdRelease: false,
  reportIntervalNs: 0,
  reportPercentile: 95,
} satisfies Omit<NodeConfig, 'id' | 'role'>;

const proxy = (over: Partial<NodeConfig>): NodeConfig => ({ ...base, id: 'p1.1', role: 'proxy', ...over });
const receiver = (over: Partial<NodeConfig>): NodeConfig => ({ ...base, id: 'r0', role: 'receiver', depth: 2, ...over });
const packet = (msg: number, deadline: number | null = null) => ({ msg, sentAt: 10, deadline });

let session: VendorSession;
let vendor: MulticastAdapter;

beforeAll(async () => {
  session = await VendorSession.open({ command: 'python3', args: [EXAMPLE] });
  vendor = createProcessMulticast(session, 'python-example');
});
afterAll(() => vendor.close?.());

describe('process multicast (the Python example over the protocol)', () => {
  it('declares both roles and every feature', () => {
    expect(vendor.capabilities).toEqual({ proxy: true, receiver: true, spraying: true, hedging: true, holdRelease: true });
  });

  it('events go out as op params naming the node', () => {
    expect(eventParams('r3', { type: 'timer', time: 5, timer: 'x' })).toEqual({ node: 'r3', time: 5, timer: 'x' });
  });

  it('a spraying proxy rotates its block and drops later copies', async () => {
    const p = vendor.node(proxy({ layerIndex: 1, layerSize: 2, spraying: true, nextLayer: ['r0', 'r1', 'r2', 'r3'] }))!;
    const sends = async (msg: number) =>
      (await p.onEvent({ type: 'packet', time: 100, from: 'root', packet: packet(msg) })).map((a) => (a.type === 'send' ? a.to : a.type));
    expect(await sends(0)).toEqual(['r2', 'r3']);
    expect(await sends(1)).toEqual(['r0', 'r1']);
    expect(await sends(1)).toEqual([]);
  });

  it('a hedging proxy serves its block and the next H, each child once', async () => {
    const p = vendor.node(proxy({ id: 'p1.0', layerSize: 2, hedge: 3, nextLayer: ['r0', 'r1', 'r2'] }))!;
    const out = await p.onEvent({ type: 'packet', time: 1, from: 'root', packet: packet(0) });
    expect(out.map((a) => (a.type === 'send' ? a.to : a.type))).toEqual(['r0', 'r1', 'r2']);
  });

  it('a receiver holds to the deadline, releases a late copy at once, and once only', async () => {
    const r = vendor.node(receiver({ holdRelease: true, reportIntervalNs: 1000 }))!;
    const first = await r.onEvent({ type: 'packet', time: 100, from: 'p1.0', packet: packet(0, 500) });
    expect(first).toEqual([
      { type: 'timer', at: 1100, timer: 'report' },
      { type: 'timer', at: 500, timer: 'release:0' },
    ]);
    expect(await r.onEvent({ type: 'packet', time: 200, from: 'p1.1', packet: packet(0, 500) })).toEqual([]);
    expect(await r.onEvent({ type: 'timer', time: 500, timer: 'release:0' })).toEqual([{ type: 'release', msg: 0 }]);
    expect(await r.onEvent({ type: 'packet', time: 900, from: 'p1.0', packet: packet(1, 600) })).toEqual([{ type: 'release', msg: 1 }]);
    expect(await r.onEvent({ type: 'packet', time: 950, from: 'p1.1', packet: packet(1, 600) })).toEqual([]);
    // delays 90, 190, 890, 940: p95 by nearest rank is the 4th
    expect(await r.onEvent({ type: 'timer', time: 1100, timer: 'report' })).toEqual([
      { type: 'report', to: 'root', owdNs: 940 },
      { type: 'timer', at: 2100, timer: 'report' },
    ]);
  });

  it('one process hosts many nodes; a node of an undeclared role is left to the harness', async () => {
    const pid = session.pid;
    const nodes = ['r5', 'r6', 'r7'].map((id) => vendor.node(receiver({ id }))!);
    const out = await Promise.all(nodes.map((n, i) => n.onEvent({ type: 'packet', time: 50, from: 'p1.0', packet: packet(i) })));
    expect(out).toEqual([[{ type: 'release', msg: 0 }], [{ type: 'release', msg: 1 }], [{ type: 'release', msg: 2 }]]);
    expect(session.pid).toBe(pid);
    const proxiesOnly = createProcessMulticast(session, 'proxies-only', { proxy: true, spraying: true });
    expect(proxiesOnly.node(receiver({}))).toBeUndefined();
    expect(proxiesOnly.node(proxy({}))).toBeDefined();
  });

  it('a vendor declaring neither role is refused at load (it would leave the reference everywhere)', async () => {
    const s = await VendorSession.open({ command: 'python3', args: [EXAMPLE] });
    expect(() => createProcessMulticast(s, 'no-roles', { spraying: true })).toThrow(/neither the proxy nor the receiver role/);
    await s.close();
  });

  it('a malformed action is a fault naming the node, the event and the action', async () => {
    const s = await VendorSession.open({ command: 'python3', args: [MALFORMED] });
    const bad = createProcessMulticast(s, 'malformed');
    try {
      const p = bad.node(proxy({ nextLayer: ['r0', 'r1'] }))!;
      const err = await Promise.resolve(p.onEvent({ type: 'packet', time: 7, from: 'root', packet: packet(3) })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AdapterFault);
      const msg = (err as Error).message;
      expect(msg).toContain('node p1.1 (proxy), packet event');
      expect(msg).toContain('"msg":3');
      expect(msg).toContain(`actions[0] = {"type":"send","to":"r0"}: must have required property 'packet'`);
      // The node's state died with the process: using it again is a fault, not a fresh node.
      const again = await Promise.resolve(p.onEvent({ type: 'packet', time: 8, from: 'root', packet: packet(4) })).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(AdapterFault);
      expect((again as Error).message).toContain('lost when the vendor restarted');
    } finally {
      await bad.close?.();
    }
  });
});
