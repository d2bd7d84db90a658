import type { Adapter } from '../adapters/adapter.ts';
import type { Mutant } from '../adapters/mutants/registry.ts';
import type { Catalog } from './property.ts';

/**
 * One entry per component: its catalog, the reference adapter (the oracle and the default
 * subject) and its mutants. The CLI, vitest and cucumber all look components up here.
 */
export interface ComponentEntry<A extends Adapter<object> = Adapter<object>> {
  readonly component: string;
  readonly title: string;
  readonly catalog: Catalog<A>;
  readonly reference: () => A | Promise<A>;
  readonly mutants: readonly Mutant<A>[];
}

const entries = new Map<string, ComponentEntry<any>>();

export function registerComponent<A extends Adapter<object>>(entry: ComponentEntry<A>): void {
  if (entries.has(entry.component)) throw new Error(`component ${entry.component} registered twice`);
  entries.set(entry.component, entry);
}

export function componentEntry(component: string): ComponentEntry | undefined {
  return entries.get(component);
}

export function allComponents(): ComponentEntry[] {
  return [...entries.values()];
}
