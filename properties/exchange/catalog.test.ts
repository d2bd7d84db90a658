import { describe, expect, it } from 'vitest';
import type { InboundAdapter } from '../../adapters/inbound.ts';
import { EXCHANGE_MUTANTS } from '../../adapters/mutants/exchange-mutants.ts';
import { referenceInboundAdapter } from '../../adapters/reference/inbound.ts';
import { runCatalog, type PropertyResult } from '../runner.ts';
import { exchangeCatalog } from './catalog.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const oracle = referenceInboundAdapter();
const INBOUND = exchangeCatalog.filter((p) => p.id.startsWith('exchange.inbound.')).map((p) => p.id);

/** Every status, so a fault, a skip or a run that never happened cannot pass as "not failed". */
const statuses = (results: readonly PropertyResult[]) =>
  Object.fromEntries(results.map((r) => [r.id, r.status === 'failed' || r.status === 'fault' ? `${r.status}: ${r.message}` : r.status]));

describe(`exchange catalog, inbound properties (seed ${SEED}; rerun: FAIRWIRE_SEED=${SEED} npx vitest run properties/exchange/catalog.test.ts)`, () => {
  it('the reference passes every property, and shows the expected failure with an explanation naming where two orders at one price swapped', async () => {
    const results = await runCatalog({ catalog: exchangeCatalog, subject: referenceInboundAdapter(), oracle, seed: SEED, runs: 30, propertyIds: INBOUND });
    const want = Object.fromEntries(INBOUND.map((id) => [id, id === 'exchange.inbound.loq-below-timestamp-merge' ? 'expected-failure' : 'passed']));
    expect(statuses(results)).toEqual(want);
    for (const r of results) if (r.status === 'passed') expect(r.runs).toBe(30);
    const xf = results.find((r) => r.status === 'expected-failure')!;
    expect(xf.signature).toBe('trades-differ at trades[]');
    expect(xf.explanation?.summary).toMatch(/Two orders at one price swapped queue priority: order \d+ .* should have reached the matching engine before order \d+/);
    expect(xf.explanation?.details?.[0]).toMatch(/They swapped at (sequencer|proxy-[\d.]+)/);
    expect(xf.explanation?.timeline?.some((t) => t.highlight && /releases order/.test(t.what))).toBe(true);
  }, 120_000);

  for (const m of EXCHANGE_MUTANTS.filter((x) => x.killedBy?.every((id) => id.startsWith('exchange.inbound.')))) {
    it(`kills ${m.name} with ${m.killedBy?.join(', ')}`, async () => {
      const ids = m.killedBy ?? [];
      const results = await runCatalog({ catalog: exchangeCatalog, subject: (await m.create()) as InboundAdapter, oracle, seed: SEED, propertyIds: [...ids] });
      expect(results.filter((r) => r.status === 'failed').map((r) => r.id).sort(), JSON.stringify(statuses(results))).toEqual([...ids].sort());
      for (const r of results) {
        // Each failure explains itself: a summary, and a timeline of the orders involved.
        expect(r.explanation?.summary, r.id).toBeTruthy();
        if (r.signature?.startsWith('out-of-order')) expect(r.explanation?.details?.join('\n')).toMatch(/swapped at/);
        if (r.signature?.startsWith('broken-promise')) expect(r.explanation?.summary).toMatch(/broke a heartbeat's promise/);
      }
    }, 120_000);
  }

  it('a subject that declares a role but gives no node for it is a failure, not a pass', async () => {
    const hollow: InboundAdapter = { name: 'hollow', component: 'exchange', capabilities: { gateway: false, proxy: true, sequencer: false, loq: false }, node: () => undefined };
    const [r] = await runCatalog({ catalog: exchangeCatalog, subject: hollow, oracle, seed: SEED, runs: 5, propertyIds: ['exchange.inbound.timestamp-order'] });
    expect(r!.status).toBe('failed');
    expect(r!.message).toMatch(/gave no node/);
  });
});
