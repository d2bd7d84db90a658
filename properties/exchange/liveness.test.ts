import { describe, expect, it } from 'vitest';
import type { InboundAdapter } from '../../adapters/inbound.ts';
import { referenceInboundAdapter } from '../../adapters/reference/inbound.ts';
import { strictClassSequencer } from '../../reference/inbound/testing/strict-class-sequencer.ts';
import { runCatalog } from '../runner.ts';
import { exchangeCatalog } from './catalog.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);

/**
 * A sequencer with the class-aware merge's old rule (smallest (epoch, class, timestamp,
 * participant) head) is safe but holds a non-critical order until the next mid change: cases
 * without a closing mid change must show it as a liveness failure.
 */
const strict: InboundAdapter = {
  name: 'strict-class-sequencer',
  component: 'exchange',
  capabilities: { gateway: false, proxy: false, sequencer: true, loq: true },
  node: strictClassSequencer,
};

describe(`exchange.inbound.liveness (seed ${SEED}; rerun: FAIRWIRE_SEED=${SEED} npx vitest run properties/exchange/liveness.test.ts)`, () => {
  it('catches a merge that releases non-critical orders only at the next epoch', async () => {
    const [r] = await runCatalog({ catalog: exchangeCatalog, subject: strict, oracle: referenceInboundAdapter(), seed: SEED, runs: 60, propertyIds: ['exchange.inbound.liveness'] });
    expect(r!.status, r!.message).toBe('failed');
    // The counterexample is an LOQ case whose session does not end with a mid change.
    expect(JSON.stringify(r!.counterexample)).toMatch(/"closingMid":false/);
  }, 120_000);
});
