import { allComponents } from '../../properties/catalogs.ts';

/**
 * The world parameters fairwire reads (`worldParameters: { fairwire: {...} }` in a cucumber
 * configuration; `fairwire scenarios` and `fairwire/cucumber` set them):
 * - `adapters`: the adapter spec per component, e.g. `{ "sequencer": "cmd:python3 seq.py" }`;
 * - `adapter`: the spec for every other component (a `mutant:<name>` only for its own component).
 * Same spec forms as `--adapter` (reference, mutant:<name>, cmd:"...", manifest.json, module.ts).
 * No cucumber import here: the `scenarios` command uses this module outside a cucumber run.
 */
export interface FairwireParameters {
  readonly adapter?: string;
  readonly adapters?: Readonly<Record<string, string>>;
}

/** The `fairwire` world parameters, checked: a key naming no component or a non-string spec is an error, never ignored. */
export function fairwireParameters(parameters: unknown): FairwireParameters | undefined {
  const p = (parameters as { fairwire?: unknown } | undefined)?.fairwire;
  if (p === undefined) return undefined;
  if (!p || typeof p !== 'object' || Array.isArray(p)) throw new Error('world parameter "fairwire" must be an object { adapter?, adapters? }');
  const { adapter, adapters, ...rest } = p as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw new Error(`world parameter "fairwire" has unknown key(s) ${extra.join(', ')} (known: adapter, adapters)`);
  if (adapter !== undefined && typeof adapter !== 'string') throw new Error('world parameter fairwire.adapter must be a string (an adapter spec)');
  if (adapters !== undefined) {
    if (!adapters || typeof adapters !== 'object' || Array.isArray(adapters)) {
      throw new Error('world parameter fairwire.adapters must be an object { <component>: <adapter spec> }');
    }
    const known = allComponents().map((e) => e.component);
    for (const [c, spec] of Object.entries(adapters)) {
      if (!known.includes(c)) throw new Error(`world parameter fairwire.adapters names no component '${c}' (known: ${known.join(', ')})`);
      if (typeof spec !== 'string') throw new Error(`world parameter fairwire.adapters.${c} must be a string (an adapter spec)`);
    }
  }
  return p as FairwireParameters;
}

/** The component a `mutant:<name>` spec belongs to; undefined for any other spec. */
export function mutantOwner(spec: string, what: string): string | undefined {
  if (!spec.startsWith('mutant:')) return undefined;
  const name = spec.slice('mutant:'.length);
  const owner = allComponents().find((c) => c.mutants.some((m) => m.name === name));
  if (!owner) throw new Error(`${what}: no component has a mutant named '${name}'`);
  return owner.component;
}

/**
 * Which adapter a component's scenarios run against, first found of:
 * world parameters `fairwire.adapters[component]`, `fairwire.adapter`; or, only when no `fairwire`
 * world parameters are given, the environment FAIRWIRE_ADAPTER_<COMPONENT> (e.g.
 * FAIRWIRE_ADAPTER_LOQ), FAIRWIRE_ADAPTER; else 'reference'.
 * A general `mutant:<name>` belongs to one component: the other components stay on their
 * reference, so one mutant can be run through every feature file. A mutant no component knows,
 * or a per-component one of another component, is an error.
 */
export function resolveAdapterSpec(component: string, parameters: FairwireParameters | undefined, env: NodeJS.ProcessEnv): string {
  const own = parameters ? parameters.adapters?.[component] : env[`FAIRWIRE_ADAPTER_${component.toUpperCase()}`];
  const ownWhat = parameters ? `fairwire.adapters.${component}` : `FAIRWIRE_ADAPTER_${component.toUpperCase()}`;
  if (own !== undefined) {
    const owner = mutantOwner(own, ownWhat);
    if (owner !== undefined && owner !== component) throw new Error(`${ownWhat}: '${own}' is a mutant of ${owner}, not of ${component}`);
    return own;
  }
  const general = parameters ? (parameters.adapter ?? 'reference') : (env.FAIRWIRE_ADAPTER ?? 'reference');
  const owner = mutantOwner(general, parameters ? 'fairwire.adapter' : 'FAIRWIRE_ADAPTER');
  return owner === undefined || owner === component ? general : 'reference';
}
