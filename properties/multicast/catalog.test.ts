import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { referenceMulticastAdapter } from '../../adapters/multicast/reference.ts';
import { MULTICAST_MUTANTS } from '../../adapters/mutants/multicast-mutants.ts';
import { loadProcessAdapter } from '../../adapters/process/load.ts';
import type { MulticastAdapter } from '../../adapters/multicast.ts';
import { runCatalog, type PropertyResult } from '../runner.ts';
import { multicastCatalog } from './catalog.ts';
import { ALL_MULTICAST_CAPABILITIES, type MulticastNode, type NodeConfig } from '../../adapters/multicast.ts';
import { referenceNode } from '../../adapters/multicast/reference.ts';

/** The reference's nodes with one role's answers edited (ad-hoc wrong implementations for these tests). */
function edited(name: string, role: 'proxy' | 'receiver', edit: (c: NodeConfig, n: MulticastNode) => MulticastNode): MulticastAdapter {
  return {
    name,
    component: 'multicast',
    capabilities: ALL_MULTICAST_CAPABILITIES,
    node: (c) => (c.role === role ? edit(c, referenceNode(c)) : referenceNode(c)),
  };
}

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const oracle = referenceMulticastAdapter();
const PYTHON = fileURLToPath(new URL('../../adapters/examples/python/multicast.py', import.meta.url));
const MALFORMED = fileURLToPath(new URL('../../adapters/multicast/testing/malformed_multicast.py', import.meta.url));

/** Every status, so a fault, a skip or a run that never happened cannot pass as "not failed". */
const statuses = (results: readonly PropertyResult[]) =>
  Object.fromEntries(results.map((r) => [r.id, r.status === 'failed' || r.status === 'fault' ? `${r.status}: ${r.message}` : r.status]));

const ALL_PASS = Object.fromEntries(multicastCatalog.map((p) => [p.id, 'passed']));

describe(`multicast catalog (seed ${SEED})`, () => {
  it('passes the reference: every property ran and passed', async () => {
    const results = await runCatalog({ catalog: multicastCatalog, subject: referenceMulticastAdapter(), oracle, seed: SEED, runs: 60 });
    expect(statuses(results)).toEqual(ALL_PASS);
    for (const r of results) expect(r.runs).toBe(60);
  });

  it('passes the Python example vendor over the protocol', async () => {
    const vendor = (await loadProcessAdapter(`cmd:python3 ${PYTHON}`, 'multicast')) as MulticastAdapter;
    try {
      const results = await runCatalog({ catalog: multicastCatalog, subject: vendor, oracle, seed: SEED, runs: 25 });
      expect(statuses(results)).toEqual(ALL_PASS);
    } finally {
      await vendor.close?.();
    }
  }, 120_000);

  for (const m of MULTICAST_MUTANTS) {
    it(`kills ${m.name} with ${m.killedBy?.join(', ')}`, async () => {
      const ids = m.killedBy ?? [];
      const results = await runCatalog({ catalog: multicastCatalog, subject: await m.create(), oracle, seed: SEED, propertyIds: [...ids] });
      const killed = results.filter((r) => r.status === 'failed' || r.status === 'fault');
      expect(killed.map((r) => r.id), JSON.stringify(statuses(results))).toEqual(ids);
      // A readable counterexample: the input in words and a timeline of the run.
      for (const r of killed) {
        if (r.status === 'failed') {
          expect(r.counterexample).toMatchObject({ tree: expect.any(String), schedule: expect.any(String), timeline: expect.arrayContaining([expect.stringMatching(/RELEASES/)]) });
          expect(r.message).toMatch(/timeline/);
        }
      }
    }, 180_000);
  }

  it('receivers that never report fail deadline-from-reports (the root would stamp from headroom alone)', async () => {
    const silent = edited('silent-receivers', 'receiver', (c, n) => ({ config: c, onEvent: (e) => (n.onEvent(e) as readonly { type: string }[]).filter((a) => a.type !== 'report') as never }));
    const [r] = await runCatalog({ catalog: multicastCatalog, subject: silent, oracle, seed: SEED, propertyIds: ['multicast.hold-release.deadline-from-reports'] });
    expect(r?.status).toBe('failed');
    expect(r?.signature).toBe('report-missing at receivers[].reports[]');
  });

  it('an impossible action (a send outside the next layer) is a fault naming the node, the event and the action', async () => {
    const stray = edited('stray-sends', 'proxy', (c, n) => ({
      config: c,
      onEvent: (e) => (n.onEvent(e) as readonly { type: string; to?: string }[]).map((a) => (a.type === 'send' ? { ...a, to: 'root' } : a)) as never,
    }));
    const [r] = await runCatalog({ catalog: multicastCatalog, subject: stray, oracle, seed: SEED, propertyIds: ['multicast.routing.spraying'] });
    expect(r?.status).toBe('fault');
    expect(r?.message).toMatch(/node p1\.\d+ \(stray-sends\): send to "root", which is not in its next layer/);
    expect(r?.message).toMatch(/event: \{"type":"packet"/);
    expect(r?.message).toMatch(/action: \{"type":"send","to":"root"/);
    // The counterexample is the shrunk scenario (a fault is shrunk like a failure); what the node did is in `requests`.
    expect(r?.counterexample).toMatchObject({ scenario: { receivers: expect.any(Number) } });
    expect(r?.requests?.[0]).toMatchObject({ node: expect.stringMatching(/^p1\./), action: { type: 'send', to: 'root' } });
  });

  it('an adapter that fills no role, or withholds a node of a role it declares, fails instead of passing on the reference', async () => {
    const none: MulticastAdapter = { ...referenceMulticastAdapter(), name: 'no-roles', capabilities: { ...ALL_MULTICAST_CAPABILITIES, proxy: false, receiver: false } };
    const lazy: MulticastAdapter = { ...referenceMulticastAdapter(), name: 'lazy', node: (c) => (c.role === 'proxy' ? referenceNode(c) : undefined) };
    for (const [subject, why] of [[none, /declares neither the proxy nor the receiver role/], [lazy, /declares the receiver role but gave no node for r0/]] as const) {
      const [r] = await runCatalog({ catalog: multicastCatalog, subject, oracle, seed: SEED, propertyIds: ['multicast.delivery.exactly-once'] });
      expect(r?.status).toBe('failed');
      expect(r?.message).toMatch(why);
    }
  });

  it('a node that throws is a failure of the subject, not a fault', async () => {
    const throwing = edited('throws', 'receiver', (c) => ({ config: c, onEvent: () => { throw new Error('receiver crashed on purpose'); } }));
    const [r] = await runCatalog({ catalog: multicastCatalog, subject: throwing, oracle, seed: SEED, propertyIds: ['multicast.delivery.exactly-once'] });
    expect(r?.status).toBe('failed');
    expect(r?.message).toMatch(/receiver crashed on purpose/);
  });

  const impossible = [
    ['stray-send', 'multicast.routing.spraying', /node p1\.\d+ \(cmd:.*\): send to "root", which is not in its next layer\n  event: \{"type":"packet".*\n  action: \{"type":"send","to":"root"/],
    ['release-unreceived', 'multicast.delivery.exactly-once', /node r\d+ \(cmd:.*\): release of message 10\d\d, which it never received\n  event: \{"type":"packet".*\n  action: \{"type":"release","msg":10\d\d\}/],
    ['past-timer', 'multicast.hold-release.within-2eps', /node r\d+ \(cmd:.*\): timer at \d+, in the past \(local time \d+\)\n  event: \{"type":"packet".*\n  action: \{"type":"timer"/],
  ] as const;
  for (const [mode, id, named] of impossible) {
    it(`a vendor's impossible action (${mode}) is an adapter fault naming the node, the event and the action`, async () => {
      const vendor = (await loadProcessAdapter(`cmd:python3 ${MALFORMED} ${mode}`, 'multicast')) as MulticastAdapter;
      try {
        const [r] = await runCatalog({ catalog: multicastCatalog, subject: vendor, oracle, seed: SEED, propertyIds: [id] });
        expect(r?.status).toBe('fault');
        expect(r?.message).toMatch(named);
      } finally {
        await vendor.close?.();
      }
    }, 180_000);
  }

  it("a vendor's malformed reply is an adapter fault, with the node and event", async () => {
    const vendor = (await loadProcessAdapter(`cmd:python3 ${MALFORMED}`, 'multicast')) as MulticastAdapter;
    try {
      const [r] = await runCatalog({ catalog: multicastCatalog, subject: vendor, oracle, seed: SEED, propertyIds: ['multicast.routing.spraying'] });
      expect(r?.status).toBe('fault');
      expect(r?.message).toMatch(/node p1\.\d+ \(proxy\), packet event \{"node":"p1\.\d+"/);
      expect(r?.message).toMatch(/must have required property 'packet'/);
    } finally {
      await vendor.close?.();
    }
  }, 180_000);
});
