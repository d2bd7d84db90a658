import { describe, expect, it } from 'vitest';
import { SimulationInputError } from '../sim/errors.ts';
import { balancedShape, buildInboundTree, nodeConfig, SEQUENCER_ID, type TreeSettings } from './tree.ts';

const SETTINGS: TreeSettings = { heartbeatPeriodNs: 100, proxyHeartbeatPeriodNs: 0, gatewayCredits: 2, proxyCredits: 1, loq: { window: 1, mid: 1000 }, proxyLoq: true, merge: 'class-aware' };

describe('inbound tree shapes', () => {
  it('numbers gateways depth first and links parents and children both ways', () => {
    const t = buildInboundTree(['g', ['g', ['g']], 'g']);
    expect(t.participants).toBe(4);
    expect(t.depth).toBe(3);
    expect(t.nodes.map((n) => n.id)).toEqual([SEQUENCER_ID, 'gateway-0', 'proxy-1', 'gateway-1', 'proxy-1.1', 'gateway-2', 'gateway-3']);
    for (let i = 1; i < t.nodes.length; i++) expect(t.nodes[t.nodes[i]!.parent]!.children).toContain(i);
    expect([...t.gatewayOf].map((i) => t.nodes[i]!.participant)).toEqual([0, 1, 2, 3]);
  });

  it('refuses empty shapes and empty proxies with a typed error', () => {
    expect(() => buildInboundTree([])).toThrow(SimulationInputError);
    expect(() => buildInboundTree(['g', []])).toThrow(/at least one child/);
    expect(() => buildInboundTree([['x' as unknown as 'g']])).toThrow(SimulationInputError);
  });

  it('balanced shapes hold every participant within fan-out', () => {
    for (const [p, f] of [[1, 2], [5, 2], [16, 4], [17, 4], [1000, 16]] as const) {
      const t = buildInboundTree(balancedShape(p, f));
      expect(t.participants).toBe(p);
      for (const n of t.nodes) expect(n.children.length).toBeLessThanOrEqual(f);
    }
    expect(() => balancedShape(0, 2)).toThrow(SimulationInputError);
    expect(() => balancedShape(4, 1)).toThrow(SimulationInputError);
  });

  it('configures each role', () => {
    const t = buildInboundTree([['g', 'g']]);
    const [root, proxy, gw] = [0, 1, 2].map((i) => nodeConfig(t, i, SETTINGS));
    expect(root).toMatchObject({ role: 'sequencer', parent: null, children: ['proxy-0'], uplinkCredits: 0, heartbeatPeriodNs: 0, loq: null, merge: 'class-aware' });
    expect(proxy).toMatchObject({ role: 'proxy', parent: SEQUENCER_ID, children: ['gateway-0', 'gateway-1'], uplinkCredits: 1, loq: { window: 1, mid: 1000 } });
    expect(gw).toMatchObject({ role: 'gateway', parent: 'proxy-0', participant: 0, participants: 2, uplinkCredits: 2, heartbeatPeriodNs: 100 });
  });
});
