import { MULTICAST_MUTANTS } from '../mutants/multicast-mutants.ts';
import { rolesOf, type MulticastAdapter } from '../multicast.ts';
import { loadProcessAdapter } from '../process/load.ts';
import { referenceMulticastAdapter } from './reference.ts';
import type { MulticastNode, NodeConfig, NodeRole } from '../../reference/multicast/node.ts';

/** Why `--adapter` could not give multicast nodes (a usage error, before any simulation). */
export class MulticastAdapterError extends Error {
  override readonly name = 'MulticastAdapterError';
}

/** A node factory for reference/multicast/harness.ts (`nodes`), the roles it fills, and its cleanup. */
export interface LoadedMulticastNodes {
  /** The adapter's node for a config, or undefined where the harness keeps its reference node. */
  readonly factory: (config: NodeConfig) => MulticastNode | undefined;
  readonly roles: readonly NodeRole[];
  readonly adapter: MulticastAdapter;
  close(): Promise<void>;
}

/** The multicast adapter an `--adapter` value names: reference | mutant:<name> | cmd:"..." | manifest.json. */
export async function loadMulticastAdapter(spec: string): Promise<MulticastAdapter> {
  if (spec === 'reference') return referenceMulticastAdapter();
  if (spec.startsWith('mutant:')) {
    const name = spec.slice('mutant:'.length);
    const m = MULTICAST_MUTANTS.find((x) => x.name === name);
    if (!m) throw new MulticastAdapterError(`no multicast mutant '${name}' (known: ${MULTICAST_MUTANTS.map((x) => x.name).join(', ')})`);
    return m.create();
  }
  if (spec.startsWith('cmd:') || spec.endsWith('.json')) {
    try {
      return (await loadProcessAdapter(spec, 'multicast')) as MulticastAdapter;
    } catch (err) {
      // A vendor that dies on start is a fault (the caller reports it so); the rest is usage.
      if ((err as Error).name === 'AdapterFault') throw err;
      throw new MulticastAdapterError((err as Error).message);
    }
  }
  throw new MulticastAdapterError(`unknown multicast adapter '${spec}': use reference | mutant:<name> | cmd:"<command line>" | <manifest.json>`);
}

/** For `fairwire simulate tree --adapter ...`: the nodes to put into the harness's tree. */
export async function loadMulticastNodes(spec: string): Promise<LoadedMulticastNodes> {
  const adapter = await loadMulticastAdapter(spec);
  const roles = rolesOf(adapter.capabilities);
  if (roles.length === 0) {
    await adapter.close?.();
    throw new MulticastAdapterError(`${adapter.name} declares neither the proxy nor the receiver role`);
  }
  return {
    factory: (config) => adapter.node(config),
    roles,
    adapter,
    close: async () => {
      await adapter.close?.();
    },
  };
}
