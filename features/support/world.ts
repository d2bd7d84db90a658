import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { After, Before, World, setDefaultTimeout, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import type { Adapter } from '../../adapters/adapter.ts';
import { componentEntry } from '../../properties/catalogs.ts';
import { loadSubject } from '../../properties/subject.ts';
import { fairwireParameters, resolveAdapterSpec, type FairwireParameters } from './adapter-spec.ts';
import { VENDOR_STDERR_LOG } from './run-control.ts';

export { fairwireParameters, type FairwireParameters } from './adapter-spec.ts';

// The parameters of the scenario running now (cucumber runs one scenario at a time in a process),
// so that step code without a world at hand (adapterSpecFor(component)) sees them too.
let active: FairwireParameters | undefined;

/**
 * Which adapter a component's scenarios run against: the `fairwire` world parameters of the
 * scenario running now, else FAIRWIRE_ADAPTER_<COMPONENT> / FAIRWIRE_ADAPTER, else 'reference'
 * (adapter-spec.ts resolveAdapterSpec, which says how mutants are confined to their component).
 */
export function adapterSpecFor(component: string, env: NodeJS.ProcessEnv = process.env, parameters: FairwireParameters | undefined = active): string {
  return resolveAdapterSpec(component, parameters, env);
}

// Where fairwire's own files are: the repository root from the sources (features/support/ is two
// levels down), or, compiled, the output folder or the package root above it.
const OWN_ROOTS = ['../../', '../../../'].map((up) => fileURLToPath(new URL(up, import.meta.url)));

/**
 * A data file a scenario names (e.g. "features/fast/templates.xml"): relative to the working
 * directory when it is there, else to fairwire's own folder (where the bundled features live), so
 * the bundled scenarios run from any directory and from the installed package.
 */
export function dataFile(path: string): string {
  const here = resolve(path);
  if (existsSync(here)) return here;
  return OWN_ROOTS.map((root) => resolve(root, path)).find((p) => existsSync(p)) ?? here;
}

/** A scenario's world: the adapters under test, loaded once per component and closed after the scenario. */
export class FairwireWorld extends World {
  private readonly adapters = new Map<string, Promise<Adapter<object>>>();
  /** This run's `fairwire` world parameters (undefined: the FAIRWIRE_ADAPTER* variables decide). */
  readonly fairwire: FairwireParameters | undefined;

  constructor(options: IWorldOptions) {
    super(options);
    this.fairwire = fairwireParameters(options.parameters);
  }

  /** The adapter spec under test for `component` (see adapterSpecFor). */
  adapterSpec(component: string): string {
    return adapterSpecFor(component, process.env, this.fairwire);
  }

  /** The adapter under test for `component` (same instance for the whole scenario). */
  adapter<A extends Adapter<object>>(component: string): Promise<A> {
    let a = this.adapters.get(component);
    if (!a) {
      const entry = componentEntry(component);
      if (!entry) return Promise.reject(new Error(`no component '${component}' is registered`));
      try {
        a = loadSubject(this.adapterSpec(component), entry);
      } catch (err) {
        return Promise.reject(err as Error);
      }
      this.adapters.set(component, a);
    }
    return a as Promise<A>;
  }

  /** The embedded reference of `component` (the oracle), never the adapter under test. */
  async reference<A extends Adapter<object>>(component: string): Promise<A> {
    const entry = componentEntry(component);
    if (!entry) throw new Error(`no component '${component}' is registered`);
    return (await entry.reference()) as A;
  }

  /**
   * After a scenario that did not pass: what each vendor process under test wrote on stderr (its
   * last lines), logged into the scenario, so the summary and the reports show it beside the failure.
   */
  async logVendorStderr(): Promise<void> {
    for (const [component, p] of this.adapters) {
      const a = await p.catch(() => undefined);
      const tail = a?.observe?.().stderrTail?.trimEnd();
      if (tail) this.log(`${VENDOR_STDERR_LOG} (${component}), last lines:\n${tail}`);
    }
  }

  async closeAll(): Promise<void> {
    const pending = [...this.adapters.values()];
    this.adapters.clear();
    for (const p of pending) {
      const a = await p.catch(() => undefined);
      await a?.close?.();
    }
  }
}

setWorldConstructor(FairwireWorld);

// Cucumber's default (5 s a step) fails a whole catalog run against a vendor process on a busy
// machine: a false alarm. A vendor that hangs is caught by its own per-request deadline (an
// adapter fault, spec/protocol/); this only bounds a step that never settles.
setDefaultTimeout(10 * 60 * 1000);

Before(function (this: FairwireWorld) {
  active = this.fairwire;
});

After(async function (this: FairwireWorld, { result }) {
  if (result && result.status !== 'PASSED' && result.status !== 'SKIPPED') await this.logVendorStderr();
  await this.closeAll();
});
