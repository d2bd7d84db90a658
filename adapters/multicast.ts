import type { Adapter } from './adapter.ts';
import type { MulticastNode, NodeConfig, NodeRole } from '../reference/multicast/node.ts';

export type {
  MarketDataPacket,
  MulticastNode,
  NodeAction,
  NodeConfig,
  NodeEvent,
  NodeId,
  NodeRole,
} from '../reference/multicast/node.ts';

/**
 * What a multicast implementation declares. `proxy` and `receiver` are the roles it implements
 * (at least one); the harness puts reference nodes in the other role, so a vendor's proxies run
 * above reference receivers and the other way round. The feature flags say which tree options
 * its nodes handle; properties only build trees inside them.
 */
export interface MulticastCapabilities {
  readonly proxy: boolean;
  readonly receiver: boolean;
  /** Round-robin packet spraying (proxies rotate the block of children they serve). */
  readonly spraying: boolean;
  /** Proxy hedging H > 0 (proxies serve their nieces; receivers and proxies drop duplicates). */
  readonly hedging: boolean;
  /** Hold-and-release (receivers hold to the deadline and report delays; proxies forward the max). */
  readonly holdRelease: boolean;
}

export const ALL_MULTICAST_CAPABILITIES: MulticastCapabilities = {
  proxy: true,
  receiver: true,
  spraying: true,
  hedging: true,
  holdRelease: true,
};

/**
 * The multicast contract: node logic for the roles the implementation declares. `node` is
 * called once per node of each simulated tree, before any event; it returns undefined for a
 * role the adapter does not implement (the harness then uses its reference node there).
 * It is synchronous because the harness builds a tree in one pass; an out-of-process node
 * configures itself on the way to its first event.
 */
export interface MulticastAdapter extends Adapter<MulticastCapabilities> {
  readonly component: 'multicast';
  node(config: NodeConfig): MulticastNode | undefined;
}

/** The roles a capability set implements. */
export function rolesOf(capabilities: MulticastCapabilities): NodeRole[] {
  const roles: NodeRole[] = [];
  if (capabilities.proxy) roles.push('proxy');
  if (capabilities.receiver) roles.push('receiver');
  return roles;
}
