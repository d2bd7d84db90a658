import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { InboundAdapter } from '../../adapters/inbound.ts';
import { exchangeMdDropsLevelDelete } from '../../adapters/mutants/exchange-md-drops-level-delete.ts';
import { loadProcessAdapter } from '../../adapters/process/load.ts';
import { referenceInboundAdapter } from '../../adapters/reference/inbound.ts';
import { runCatalog } from '../runner.ts';
import { exchangeCatalog } from './catalog.ts';

/**
 * `exchange.market-data.view` judges only a feed handler the subject offers and declares
 * (`marketData`): a subject without one is skipped with a reason, never checked on the
 * reference's handler and counted as its own pass (a false green).
 */
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const ID = 'exchange.market-data.view';
const PYTHON = fileURLToPath(new URL('../../adapters/examples/python/inbound.py', import.meta.url));
const oracle = referenceInboundAdapter();
const run = (subject: InboundAdapter, runs = 20) => runCatalog({ catalog: exchangeCatalog, subject, oracle, seed: SEED, runs, propertyIds: [ID], flakyTries: 1, maxFindings: 1 });

describe(`${ID} is a declared capability (seed ${SEED}; rerun: FAIRWIRE_SEED=${SEED} npx vitest run properties/exchange/market-data-capability.test.ts)`, () => {
  it('the reference passes, every run checked', async () => {
    const [r] = await run(referenceInboundAdapter());
    expect(r?.status, JSON.stringify(r)).toBe('passed');
    expect(r?.runs).toBe(20);
  });

  it('the mutant feed handler fails', async () => {
    const [r] = await run((await exchangeMdDropsLevelDelete.create()) as InboundAdapter, 100);
    expect(r?.status, JSON.stringify(r)).toBe('failed');
  });

  it('the Python inbound example (no feed handler over the protocol) is skipped with a reason, not passed', async () => {
    const subject = (await loadProcessAdapter({ command: 'python3', args: [PYTHON], name: 'python inbound.py' }, 'exchange')) as InboundAdapter;
    try {
      expect(subject.capabilities.marketData).toBeUndefined();
      const [r] = await run(subject);
      expect(r?.status, JSON.stringify(r)).toBe('skipped');
      expect(r?.reason).toMatch(/marketData/);
      expect(r?.runs).toBe(0);
    } finally {
      await subject.close?.();
    }
  }, 60_000);

  it('an adapter with inbound nodes only (no marketData) is skipped, even though our handler would pass', async () => {
    const { marketDataGateway: _dropped, ...nodesOnly } = referenceInboundAdapter();
    const [r] = await run({ ...nodesOnly, capabilities: { gateway: true, proxy: true, sequencer: true, loq: true } });
    expect(r?.status).toBe('skipped');
  });

  it('declaring marketData without offering a handler fails', async () => {
    const { marketDataGateway: _dropped, ...hollow } = referenceInboundAdapter();
    const [r] = await run(hollow, 3);
    expect(r?.status, JSON.stringify(r)).toBe('failed');
    expect(r?.message).toMatch(/offers no marketDataGateway/);
  });
});
