import { strict as assert } from 'node:assert';
import { Then, When } from '@cucumber/cucumber';
import type { Adapter } from '../../adapters/adapter.ts';
import { componentEntry } from '../../properties/catalogs.ts';
import { runCatalog, type PropertyResult } from '../../properties/runner.ts';
import { catalogProblems } from '../../properties/verdict.ts';
import type { FairwireWorld } from '../support/world.ts';

/**
 * Runs a whole property catalog from Gherkin: the adapter under test as subject, the component's
 * reference as oracle. "As expected": passed, skipped (a capability the adapter does not declare)
 * or expected-failure (a documented unfairness that was observed); a catalog whose properties
 * were all skipped, or with a property that did not run or was vacuous, is not (verdict.ts).
 */
const reports = new WeakMap<FairwireWorld, { component: string; results: PropertyResult[] }>();

When('I run the {string} catalog with {int} runs and seed {int}', async function (this: FairwireWorld, component: string, runs: number, seed: number) {
  const entry = componentEntry(component);
  assert.ok(entry, `no catalog for component '${component}'`);
  const subject = await this.adapter<Adapter<object>>(component);
  const oracle = await entry.reference();
  try {
    reports.set(this, { component, results: await runCatalog({ catalog: entry.catalog, subject, oracle, seed, runs }) });
  } finally {
    await oracle.close?.();
  }
});

function report(w: FairwireWorld) {
  const r = reports.get(w);
  assert.ok(r, 'no catalog was run (say "When I run the ... catalog ...")');
  return r;
}

Then('every property holds or fails as expected', function (this: FairwireWorld) {
  const { component, results } = report(this);
  assert.deepEqual(catalogProblems(component, results), [], `${component} catalog: not as expected`);
});

Then('property {string} is {string}', function (this: FairwireWorld, id: string, status: string) {
  const r = report(this).results.find((x) => x.id === id);
  assert.ok(r, `no property '${id}' in the catalog`);
  assert.equal(r.status, status, `${id}${r.message ? `: ${r.message.split('\n')[0]}` : ''}`);
});
