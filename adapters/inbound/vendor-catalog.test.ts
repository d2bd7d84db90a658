import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exchangeCatalog } from '../../properties/exchange/catalog.ts';
import { componentEntry } from '../../properties/components.ts';
import '../../properties/exchange/register.ts';
import { runCatalog, type PropertyResult } from '../../properties/runner.ts';
import { loadSubject } from '../../properties/subject.ts';
import type { InboundAdapter } from '../inbound.ts';
import { loadProcessAdapter } from '../process/load.ts';
import { referenceInboundAdapter } from '../reference/inbound.ts';

/**
 * The `exchange` catalog (H6's properties/exchange) against vendors over the protocol: the
 * Python example passes it; planted bugs and protocol faults are caught, naming the node.
 */
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const PYTHON = fileURLToPath(new URL('../examples/python/inbound.py', import.meta.url));
const MALFORMED = fileURLToPath(new URL('./testing/malformed_inbound.py', import.meta.url));
const oracle = referenceInboundAdapter();
/** One try, one finding: these tests look at what a failure says, not at flakiness or further bugs. */
const ONE_FINDING = { flakyTries: 1, maxFindings: 1 } as const;

/** Every status, so a fault, a skip or a run that never happened cannot pass as "not failed". */
const statuses = (results: readonly PropertyResult[]) =>
  Object.fromEntries(results.map((r) => [r.id, r.status === 'failed' || r.status === 'fault' ? `${r.status}: ${r.message}` : r.status]));

const vendor = async (env: Record<string, string> = {}, args: readonly string[] = [PYTHON]) =>
  (await loadProcessAdapter({ command: 'python3', args, env, name: `python ${args.map((a) => a.split('/').pop()).join(' ')}` }, 'exchange')) as InboundAdapter;

async function withVendor<T>(a: InboundAdapter, f: (a: InboundAdapter) => Promise<T>): Promise<T> {
  try {
    return await f(a);
  } finally {
    await a.close?.();
  }
}

describe(`exchange catalog against vendors' inbound nodes (seed ${SEED})`, () => {
  it('the Python example passes the whole catalog (every property ran; the naive composition is the expected failure)', async () => {
    const results = await withVendor(await vendor(), (subject) => runCatalog({ catalog: exchangeCatalog, subject, oracle, seed: SEED, runs: 25 }));
    // No feed handler over the protocol: market-data.view is skipped (properties/exchange/market-data-capability.test.ts).
    const expected = Object.fromEntries(exchangeCatalog.map((p) => [p.id, p.expectedFailure ? 'expected-failure' : p.id === 'exchange.market-data.view' ? 'skipped' : 'passed']));
    expect(statuses(results)).toEqual(expected);
    for (const r of results) if (r.status !== 'skipped') expect(r.runs, r.id).toBeGreaterThan(0);
  }, 180_000);

  for (const [bug, node] of [
    ['proxy-dummy-now', /^proxy-[0-9.]+ \(python inbound\.py\) .*heartbeat/s],
    ['gateway-late-clock', /^gateway-\d+ \(python inbound\.py\) .*heartbeat/s],
  ] as const) {
    it(`a planted bug (FAIRWIRE_INBOUND_BUG=${bug}) fails exchange.inbound.heartbeat-promise, naming the node`, async () => {
      const [r] = await withVendor(await vendor({ FAIRWIRE_INBOUND_BUG: bug }), (subject) =>
        runCatalog({ catalog: exchangeCatalog, subject, oracle, seed: SEED, propertyIds: ['exchange.inbound.heartbeat-promise'], ...ONE_FINDING }),
      );
      expect(r?.status, JSON.stringify(r)).toBe('failed');
      expect(r?.message).toMatch(node);
    }, 120_000);
  }

  // The class-aware merge's old rule (reference/loq/class-merge.ts) is safe, so only liveness can
  // see it: a non-critical order waits for a mid change that a session without one never brings.
  it('the old strict class-aware merge (FAIRWIRE_INBOUND_BUG=strict-class-merge) fails exchange.inbound.liveness, still safe', async () => {
    const ids = ['exchange.inbound.liveness', 'exchange.inbound.timestamp-order', 'exchange.inbound.heartbeat-promise'];
    const results = await withVendor(await vendor({ FAIRWIRE_INBOUND_BUG: 'strict-class-merge' }), (subject) =>
      runCatalog({ catalog: exchangeCatalog, subject, oracle, seed: SEED, propertyIds: ids, ...ONE_FINDING }),
    );
    const byId = new Map(results.map((r) => [r.id, r]));
    const liveness = byId.get('exchange.inbound.liveness');
    expect(liveness?.status, JSON.stringify(liveness)).toBe('failed');
    // An order held by one of the vendor's merges, in an LOQ case whose session ends without a mid change.
    expect(liveness?.message).toMatch(/never reached the matching engine.*is held by (sequencer|proxy-[0-9.]+)/s);
    expect(JSON.stringify(liveness?.counterexample)).toMatch(/"closingMid":false/);
    for (const id of ids.slice(1)) {
      const r = byId.get(id);
      expect(r?.status, `${id}: ${r?.message}`).toBe('passed');
      expect(r?.runs, id).toBeGreaterThan(0);
    }
  }, 180_000);

  it('roles: composes the buggy gateway with reference proxies and sequencer; the finding names the gateway', async () => {
    const entry = componentEntry('exchange')!;
    const spec = `roles:gateway=cmd:python3 ${PYTHON} ,proxy=reference`;
    const subject = (await loadSubject(spec, entry)) as InboundAdapter;
    expect(subject.capabilities).toEqual({ gateway: true, proxy: true, sequencer: false, loq: true });
    await subject.close?.();
    // The planted bug reaches the vendor through the harness's environment.
    process.env.FAIRWIRE_INBOUND_BUG = 'gateway-late-clock';
    try {
      const [r] = await withVendor((await loadSubject(`roles:gateway=cmd:python3 ${PYTHON}`, entry)) as InboundAdapter, (s) =>
        runCatalog({ catalog: exchangeCatalog, subject: s, oracle, seed: SEED, propertyIds: ['exchange.inbound.heartbeat-promise'], ...ONE_FINDING }),
      );
      expect(r?.status, JSON.stringify(r)).toBe('failed');
      expect(r?.message).toMatch(/^gateway-\d+ \(roles:gateway=cmd:python3 .*\) .*heartbeat/s);
    } finally {
      delete process.env.FAIRWIRE_INBOUND_BUG;
    }
  }, 120_000);

  const faults = [
    ['missing-message', 'exchange.inbound.timestamp-order', /node gateway-\d+ \(gateway\), submit event \{"node":"gateway-\d+".*must have required property 'message'/s],
    ['stray-send', 'exchange.inbound.timestamp-order', /node proxy-[0-9.]+ \(python malformed_inbound\.py stray-send\): .*send/s],
    ['release-twice', 'exchange.inbound.timestamp-order', /node sequencer \(python malformed_inbound\.py release-twice\): .*release/s],
    ['crash-on-credit', 'exchange.inbound.timestamp-order', /node gateway-\d+ \(gateway\), credit event .*exited with status 7/s],
  ] as const;
  for (const [mode, id, named] of faults) {
    it(`a vendor fault (${mode}) is an adapter fault naming the node`, async () => {
      const [r] = await withVendor(await vendor({}, [MALFORMED, mode]), (subject) => runCatalog({ catalog: exchangeCatalog, subject, oracle, seed: SEED, propertyIds: [id], ...ONE_FINDING }));
      expect(r?.status, JSON.stringify(r)).toBe('fault');
      expect(r?.message).toMatch(named);
      if (mode === 'crash-on-credit') expect(JSON.stringify(r)).toContain('giving up on credit');
    }, 120_000);
  }
});
