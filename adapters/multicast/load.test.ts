import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulateTree, type SimulateTreeOptions } from '../../reference/multicast/harness.ts';
import type { NodeConfig } from '../../reference/multicast/node.ts';
import { loadMulticastNodes, MulticastAdapterError } from './load.ts';

const PYTHON = fileURLToPath(new URL('../examples/python/multicast.py', import.meta.url));

const config = (role: 'proxy' | 'receiver'): NodeConfig => ({
  id: role === 'proxy' ? 'p1.0' : 'r0',
  role,
  depth: role === 'proxy' ? 1 : 2,
  layerIndex: 0,
  layerSize: 1,
  nextLayer: role === 'proxy' ? ['r0'] : [],
  fanout: 1,
  hedge: 0,
  spraying: false,
  parents: role === 'proxy' ? ['root'] : ['p1.0'],
  holdRelease: false,
  reportIntervalNs: 1000,
  reportPercentile: 95,
});

const tree: SimulateTreeOptions = {
  seed: 3, receivers: 9, fanout: 3, depth: 2, hedge: 1, spraying: true,
  holdRelease: { headroomNs: 20_000, reportIntervalNs: 50_000 },
  messages: 30, intervalNs: 10_000, latency: { kind: 'scripted', delaysNs: [5_000, 9_000, 1_000] },
  clocks: { epsilonNs: 50 }, record: 'trace',
};

describe('loadMulticastNodes (--adapter for simulate tree)', () => {
  it('reference: both roles, the reference nodes', async () => {
    const loaded = await loadMulticastNodes('reference');
    expect(loaded.roles).toEqual(['proxy', 'receiver']);
    expect(loaded.factory(config('proxy'))?.config.id).toBe('p1.0');
    await loaded.close();
  });

  it('mutant:<name> gives that mutant; unknown names and specs are usage errors', async () => {
    const loaded = await loadMulticastNodes('mutant:multicast-proxy-no-rotation');
    expect(loaded.adapter.name).toBe('mutant:multicast-proxy-no-rotation');
    await expect(loadMulticastNodes('mutant:nope')).rejects.toThrow(MulticastAdapterError);
    await expect(loadMulticastNodes('vendor.exe')).rejects.toThrow(/unknown multicast adapter/);
  });

  it("a vendor's proxies (manifest: proxies only) run above reference receivers and route as the reference does", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairwire-mc-'));
    const manifest = join(dir, 'proxies.json');
    writeFileSync(manifest, JSON.stringify({
      name: 'python-proxies', command: 'python3', args: [PYTHON],
      capabilities: { multicast: { proxy: true, spraying: true, hedging: true, holdRelease: true } },
    }));
    const loaded = await loadMulticastNodes(manifest);
    try {
      expect(loaded.roles).toEqual(['proxy']);
      expect(loaded.factory(config('receiver'))).toBeUndefined();
      let vendorProxies = 0;
      const mixed = await simulateTree({
        ...tree,
        nodes: (c) => {
          const n = loaded.factory(c);
          if (n) vendorProxies++;
          return n;
        },
      });
      const reference = await simulateTree(tree);
      expect(vendorProxies).toBe(3);
      expect(mixed.fault).toBeUndefined();
      expect(mixed.undelivered).toBe(0);
      const sends = (t: typeof mixed.trace) => (t ?? []).filter((e) => e.kind === 'send').map((e) => `${e.node}>${e.to}#${e.msg}`).sort();
      expect(sends(mixed.trace)).toEqual(sends(reference.trace));
    } finally {
      await loaded.close();
    }
  });
});
