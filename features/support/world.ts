import { After, World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import type { Adapter } from '../../adapters/adapter.ts';
import { allComponents, componentEntry } from '../../properties/catalogs.ts';
import { loadSubject } from '../../properties/subject.ts';

/**
 * Which adapter a component's scenarios run against:
 * FAIRWIRE_ADAPTER_<COMPONENT> (e.g. FAIRWIRE_ADAPTER_LOQ), else FAIRWIRE_ADAPTER, else 'reference'.
 * A `mutant:<name>` belongs to one component: the other components stay on their reference,
 * so one mutant can be run through every feature file. A mutant no component knows is an error.
 */
export function adapterSpecFor(component: string, env: NodeJS.ProcessEnv = process.env): string {
  const spec = env[`FAIRWIRE_ADAPTER_${component.toUpperCase()}`] ?? env.FAIRWIRE_ADAPTER ?? 'reference';
  if (!spec.startsWith('mutant:')) return spec;
  const name = spec.slice('mutant:'.length);
  const owner = allComponents().find((c) => c.mutants.some((m) => m.name === name));
  if (!owner) throw new Error(`FAIRWIRE_ADAPTER: no component has a mutant named '${name}'`);
  return owner.component === component ? spec : 'reference';
}

/** A scenario's world: the adapters under test, loaded once per component and closed after the scenario. */
export class FairwireWorld extends World {
  private readonly adapters = new Map<string, Promise<Adapter<object>>>();

  constructor(options: IWorldOptions) {
    super(options);
  }

  /** The adapter under test for `component` (same instance for the whole scenario). */
  adapter<A extends Adapter<object>>(component: string): Promise<A> {
    let a = this.adapters.get(component);
    if (!a) {
      const entry = componentEntry(component);
      if (!entry) return Promise.reject(new Error(`no component '${component}' is registered`));
      a = loadSubject(adapterSpecFor(component), entry);
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

After(async function (this: FairwireWorld) {
  await this.closeAll();
});
