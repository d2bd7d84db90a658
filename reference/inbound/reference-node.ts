import { GatewayNode } from './gateway-node.ts';
import { MergeNode } from './merge-node.ts';
import type { InboundNode, InboundNodeConfig } from './node.ts';

/** The reference's node for a config: what the harness uses where no adapter gives one. */
export function referenceInboundNode(config: InboundNodeConfig): InboundNode {
  return config.role === 'gateway' ? new GatewayNode(config) : new MergeNode(config);
}
