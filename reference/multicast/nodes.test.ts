import { describe, expect, it } from 'vitest';
import type { MarketDataPacket, NodeConfig } from './node.ts';
import { ProxyNode } from './proxy-node.ts';
import { ReceiverNode } from './receiver-node.ts';

const proxyConfig = (over: Partial<NodeConfig> = {}): NodeConfig => ({
  id: 'p1.1',
  role: 'proxy',
  depth: 1,
  layerIndex: 1,
  layerSize: 3,
  nextLayer: ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8'],
  fanout: 3,
  hedge: 0,
  spraying: false,
  parents: ['root'],
  holdRelease: false,
  reportIntervalNs: 1000,
  reportPercentile: 95,
  ...over,
});
const receiverConfig = (over: Partial<NodeConfig> = {}): NodeConfig =>
  proxyConfig({ id: 'r4', role: 'receiver', depth: 2, layerIndex: 4, layerSize: 9, nextLayer: [], parents: ['p1.0', 'p1.1', 'p1.2'], participant: 4, ...over });
const pkt = (msg: number, sentAt = 0, deadline: number | null = null): MarketDataPacket => ({ msg, sentAt, deadline });

describe('ProxyNode', () => {
  it('forwards the first copy to its block, drops later copies (dedup)', () => {
    const p = new ProxyNode(proxyConfig());
    const first = p.onEvent({ type: 'packet', time: 5, from: 'root', packet: pkt(0) });
    expect(first).toEqual(['r3', 'r4', 'r5'].map((to) => ({ type: 'send', to, packet: pkt(0) })));
    expect(p.onEvent({ type: 'packet', time: 6, from: 'root', packet: pkt(0) })).toEqual([]);
    expect(p.onEvent({ type: 'packet', time: 7, from: 'root', packet: pkt(1) })).toHaveLength(3);
  });

  it('hedging H serves its own block then H siblings’ blocks, each child once', () => {
    const p = new ProxyNode(proxyConfig({ hedge: 2 }));
    const to = p.onEvent({ type: 'packet', time: 5, from: 'root', packet: pkt(0) }).map((a) => (a.type === 'send' ? a.to : '?'));
    expect(to).toEqual(['r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r0', 'r1', 'r2']);
    // H past the siblings is capped: never the same child twice.
    const q = new ProxyNode(proxyConfig({ hedge: 7 }));
    const to2 = q.onEvent({ type: 'packet', time: 5, from: 'root', packet: pkt(0) }).map((a) => (a.type === 'send' ? a.to : '?'));
    expect(new Set(to2).size).toBe(9);
    expect(to2).toHaveLength(9);
  });

  it('spraying rotates its block per message', () => {
    const p = new ProxyNode(proxyConfig({ spraying: true }));
    const block = (m: number) => p.onEvent({ type: 'packet', time: m, from: 'root', packet: pkt(m) }).map((a) => (a.type === 'send' ? a.to : '?'))[0];
    expect([block(0), block(1), block(2), block(3)]).toEqual(['r3', 'r6', 'r0', 'r3']);
  });

  it('hold-and-release: keeps the latest report per child and sends the max up every interval', () => {
    const p = new ProxyNode(proxyConfig({ holdRelease: true, depth: 2, parents: ['p0.0', 'p0.1'], layerIndex: 4 }));
    expect(p.onEvent({ type: 'report', time: 100, from: 'r3', owdNs: 700 })).toEqual([{ type: 'timer', at: 1100, timer: 'report' }]);
    expect(p.onEvent({ type: 'report', time: 200, from: 'r4', owdNs: 900 })).toEqual([]);
    expect(p.onEvent({ type: 'report', time: 300, from: 'r4', owdNs: 400 })).toEqual([]);
    // Parent in the unsprayed tree: floor(4 / 3) = 1.
    expect(p.onEvent({ type: 'timer', time: 1100, timer: 'report' })).toEqual([
      { type: 'timer', at: 2100, timer: 'report' },
      { type: 'report', to: 'p0.1', owdNs: 700 },
    ]);
  });
});

describe('ReceiverNode', () => {
  it('releases each message once, on arrival, without hold-and-release', () => {
    const r = new ReceiverNode(receiverConfig());
    expect(r.onEvent({ type: 'packet', time: 5, from: 'p1.1', packet: pkt(0) })).toEqual([{ type: 'release', msg: 0 }]);
    expect(r.onEvent({ type: 'packet', time: 6, from: 'p1.2', packet: pkt(0) })).toEqual([]);
    expect(r.onEvent({ type: 'packet', time: 7, from: 'p1.2', packet: pkt(2) })).toEqual([{ type: 'release', msg: 2 }]);
    expect(r.onEvent({ type: 'packet', time: 8, from: 'p1.2', packet: pkt(1) })).toEqual([{ type: 'release', msg: 1 }]);
    expect(r.onEvent({ type: 'packet', time: 9, from: 'p1.0', packet: pkt(1) })).toEqual([]);
  });

  it('holds until the deadline (timer), releases on arrival when late, and reports its percentile', () => {
    const r = new ReceiverNode(receiverConfig({ holdRelease: true, reportPercentile: 50 }));
    expect(r.onEvent({ type: 'packet', time: 500, from: 'p1.1', packet: pkt(0, 100, 900) })).toEqual([
      { type: 'timer', at: 900, timer: 'release:0' },
      { type: 'timer', at: 1500, timer: 'report' },
    ]);
    expect(r.onEvent({ type: 'timer', time: 900, timer: 'release:0' })).toEqual([{ type: 'release', msg: 0 }]);
    // Late: arrival after the deadline is released at once.
    expect(r.onEvent({ type: 'packet', time: 1200, from: 'p1.1', packet: pkt(1, 200, 1000) })).toEqual([{ type: 'release', msg: 1 }]);
    expect(r.onEvent({ type: 'packet', time: 1300, from: 'p1.1', packet: pkt(2, 1000, 2000) })).toHaveLength(1);
    // Delays 400, 1000, 300: the median is 400; parent floor(4 / 3) = p1.1.
    expect(r.onEvent({ type: 'timer', time: 1500, timer: 'report' })).toEqual([
      { type: 'timer', at: 2500, timer: 'report' },
      { type: 'report', to: 'p1.1', owdNs: 400 },
    ]);
    // Nothing new since: no report, the timer goes on.
    expect(r.onEvent({ type: 'timer', time: 2500, timer: 'report' })).toEqual([{ type: 'timer', at: 3500, timer: 'report' }]);
    expect(r.onEvent({ type: 'timer', time: 2000, timer: 'release:2' })).toEqual([{ type: 'release', msg: 2 }]);
  });

  it('a packet without a deadline is released on arrival even under hold-and-release', () => {
    const r = new ReceiverNode(receiverConfig({ holdRelease: true }));
    expect(r.onEvent({ type: 'packet', time: 5, from: 'p1.1', packet: pkt(0) })[0]).toEqual({ type: 'release', msg: 0 });
  });
});
