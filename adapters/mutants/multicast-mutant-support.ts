import { ALL_MULTICAST_CAPABILITIES, type MulticastAdapter } from '../multicast.ts';
import type { MulticastNode, NodeAction, NodeConfig, NodeEvent, NodeRole } from '../../reference/multicast/node.ts';
import { referenceNode } from '../multicast/reference.ts';
import type { Mutant } from './registry.ts';

/**
 * Multicast mutants: one role's nodes are the reference's with one bug spliced in, the other
 * role stays the reference's, so each mutant isolates one wrong behaviour inside a correct tree.
 */
export type NodeBug = (config: NodeConfig) => MulticastNode;

export function multicastMutant(name: string, role: NodeRole, bug: string, killedBy: readonly string[], make: NodeBug): Mutant<MulticastAdapter> {
  return {
    name,
    component: 'multicast',
    bug,
    killedBy,
    create: () => ({
      name: `mutant:${name}`,
      component: 'multicast',
      capabilities: ALL_MULTICAST_CAPABILITIES,
      node: (config) => (config.role === role ? make(config) : referenceNode(config)),
    }),
  };
}

/** A reference node whose answers pass through `edit` (the bug). */
export function editedNode(
  config: NodeConfig,
  edit: (event: NodeEvent, actions: readonly NodeAction[]) => readonly NodeAction[],
  inner: MulticastNode = referenceNode(config),
): MulticastNode {
  return {
    config,
    onEvent(event) {
      const out = inner.onEvent(event);
      if (out instanceof Promise) throw new Error('reference nodes answer synchronously');
      return edit(event, out);
    },
  };
}
