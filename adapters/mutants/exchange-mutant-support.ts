import { type InboundAdapter, type InboundCapabilities, type InboundAction, type InboundEvent, type InboundNode, type InboundNodeConfig, type InboundRole } from '../inbound.ts';
import { referenceInboundNode } from '../../reference/inbound/reference-node.ts';
import type { Mutant } from './registry.ts';

/**
 * Exchange (inbound) mutants: one role's nodes carry one bug, the subject declares only that
 * role (and `loq` when the bug lives in an LOQ tree), so every case puts the buggy node inside
 * an otherwise reference tree.
 */
export function exchangeMutant(
  name: string,
  role: InboundRole,
  loq: boolean,
  bug: string,
  killedBy: readonly string[],
  make: (config: InboundNodeConfig) => InboundNode,
): Mutant<InboundAdapter> {
  const capabilities: InboundCapabilities = { gateway: role === 'gateway', proxy: role === 'proxy', sequencer: role === 'sequencer', loq };
  return {
    name,
    component: 'exchange',
    bug,
    killedBy,
    create: () => ({
      name: `mutant:${name}`,
      component: 'exchange',
      capabilities,
      node: (config) => (config.role === role ? make(config) : undefined),
    }),
  };
}

/** A reference node whose answers pass through `edit` (the bug). */
export function editedInboundNode(config: InboundNodeConfig, edit: (event: InboundEvent, actions: readonly InboundAction[]) => readonly InboundAction[]): InboundNode {
  const inner = referenceInboundNode(config);
  return {
    config,
    onEvent(event) {
      const out = inner.onEvent(event);
      if (out instanceof Promise) throw new Error('reference nodes answer synchronously');
      return edit(event, out);
    },
  };
}
