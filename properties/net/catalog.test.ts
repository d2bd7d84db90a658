import { describe, expect, it } from 'vitest';
import { NET_MUTANTS as netMutants } from '../../adapters/mutants/net-mutants.ts';
import { referenceNetAdapter } from '../../adapters/reference/net.ts';
import { runCatalog } from '../runner.ts';
import { netCatalog } from './catalog.ts';

// The reference passes its own catalog, and each mutant is killed by the properties it names,
// at several seeds (the kill matrix uses one fixed seed; this guards against a lucky one).
describe('net catalog', () => {
  it('the reference passes every property', async () => {
    const results = await runCatalog({ catalog: netCatalog, subject: referenceNetAdapter(), oracle: referenceNetAdapter(), seed: 42 });
    expect(results.filter((r) => r.status !== 'passed').map((r) => `${r.id}: ${r.status}: ${r.message}`)).toEqual([]);
    expect(results.map((r) => r.id)).toEqual(netCatalog.map((p) => p.id));
  });

  for (const m of netMutants) {
    it(`kills ${m.name} with ${m.killedBy?.join(', ')} at 2 seeds`, async () => {
      const props = netCatalog.filter((p) => m.killedBy?.includes(p.id));
      expect(props.length).toBeGreaterThan(0);
      for (const seed of [7, 20261121]) {
        const subject = await m.create();
        const results = await runCatalog({ catalog: props, subject, oracle: referenceNetAdapter(), seed });
        expect(results.some((r) => r.status === 'failed'), `${m.name} survived at seed ${seed}`).toBe(true);
      }
    });
  }
});
