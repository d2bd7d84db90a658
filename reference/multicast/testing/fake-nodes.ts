/**
 * Test helpers: nodes whose answers a test writes, to drive the harness into each impossible
 * action, and a wrapper that answers asynchronously (as a vendor over a pipe does).
 */
import type { MulticastNode, NodeAction, NodeConfig, NodeEvent } from '../node.ts';
import { ProxyNode } from '../proxy-node.ts';
import { ReceiverNode } from '../receiver-node.ts';

export type Answer = (event: NodeEvent, config: NodeConfig) => readonly NodeAction[] | Promise<readonly NodeAction[]>;

/** A node answering with `answer`. */
export function fakeNode(config: NodeConfig, answer: Answer): MulticastNode {
  return { config, onEvent: (e) => answer(e, config) };
}

/** The reference node for `config`. */
export function referenceNode(config: NodeConfig): MulticastNode {
  return config.role === 'proxy' ? new ProxyNode(config) : new ReceiverNode(config);
}

/** The reference node, answering through a resolved Promise. */
export function asyncReferenceNode(config: NodeConfig): MulticastNode {
  const inner = referenceNode(config);
  return { config, onEvent: (e) => Promise.resolve(inner.onEvent(e)) };
}

/** The reference node, except that `patch` may rewrite its answer to the chosen events. */
export function patchedNode(config: NodeConfig, patch: (event: NodeEvent, actions: readonly NodeAction[]) => readonly NodeAction[]): MulticastNode {
  const inner = referenceNode(config);
  return { config, onEvent: (e) => patch(e, inner.onEvent(e) as readonly NodeAction[]) };
}
