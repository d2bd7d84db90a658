import { ALL_MULTICAST_CAPABILITIES, type MulticastAdapter } from '../multicast.ts';
import { ProxyNode } from '../../reference/multicast/proxy-node.ts';
import { ReceiverNode } from '../../reference/multicast/receiver-node.ts';
import type { MulticastNode, NodeConfig } from '../../reference/multicast/node.ts';

/** The reference's own node for a config (what the harness uses where no adapter gives one). */
export function referenceNode(config: NodeConfig): MulticastNode {
  return config.role === 'proxy' ? new ProxyNode(config) : new ReceiverNode(config);
}

/** The reference multicast adapter: both roles, every feature, the reference nodes. */
export function referenceMulticastAdapter(): MulticastAdapter {
  return { name: 'reference', component: 'multicast', capabilities: ALL_MULTICAST_CAPABILITIES, node: referenceNode };
}
