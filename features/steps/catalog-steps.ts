import { strict as assert } from 'node:assert';
import { Then, When } from '@cucumber/cucumber';
import type { Adapter } from '../../adapters/adapter.ts';
import { componentEntry } from '../../properties/catalogs.ts';
import { runCatalog, type PropertyResult } from '../../properties/runner.ts';
import { option, shellWord } from '../../properties/command-line.ts';
import { catalogProblems } from '../../properties/verdict.ts';
import { adapterSpecFor, type FairwireWorld } from '../support/world.ts';
import { expectThat } from './expect-that.ts';

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
    // The same replay lines `conform` prints: a failing scenario tells how to rerun the case alone.
    const replayCommand = ['npx fairwire conform', `--component ${shellWord(component)}`, option('adapter', adapterSpecFor(component)), option('seed', seed)].join(' ');
    reports.set(this, { component, results: await runCatalog({ catalog: entry.catalog, subject, oracle, seed, runs, replayCommand }) });
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
  const problems = catalogProblems(component, results);
  expectThat(
    problems.length === 0,
    () => `${problems.length} of the ${results.length} properties of the ${component} catalog did not hold (each line: property, verdict, first line of its explanation, the command that replays it):\n  ${problems.join('\n  ')}`,
  );
});

Then('property {string} is {string}', function (this: FairwireWorld, id: string, status: string) {
  const r = report(this).results.find((x) => x.id === id);
  assert.ok(r, `no property '${id}' in the catalog`);
  // A property the adapter cannot be asked (capability not declared) says nothing either way:
  // this step is skipped with the reason — never passed, never a false alarm.
  if (r.status === 'skipped' && status !== 'skipped') {
    this.log(`property ${id} was not checked: ${r.reason ?? 'skipped'}`);
    return 'skipped';
  }
  expectThat(r.status === status, () => `property ${id} should be "${status}" but is "${r.status}"${r.message ? `: ${r.message.split('\n')[0]}` : ''}`);
  return undefined;
});
