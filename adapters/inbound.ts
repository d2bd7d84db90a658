import type { Adapter } from './adapter.ts';
import type { InboundNode, InboundNodeConfig, InboundRole } from '../reference/inbound/node.ts';

/**
 * contract v1 (see reference/inbound/node.ts for the node contract and its CHANGES).
 */
export type {
  HeartbeatMessage,
  InboundAction,
  InboundEvent,
  InboundLoqConfig,
  InboundMessage,
  InboundNode,
  InboundNodeConfig,
  InboundNodeId,
  InboundOrder,
  InboundRole,
  LoqTag,
  OrderMessage,
  Side,
} from '../reference/inbound/node.ts';

/**
 * What an inbound-path implementation declares. `gateway`, `proxy` and `sequencer` are the
 * roles it implements (at least one); the harness puts reference nodes in the other roles, so a
 * vendor's proxies run between reference gateways and a reference sequencer, and so on.
 * `loq`: its nodes handle LOQ trees — a gateway runs an LOQ and tags what it sends, a proxy runs
 * an egress LOQ that keeps upstream tags, proxies and the sequencer merge class-aware
 * (configs with `loq` set or `merge: 'class-aware'`). Without it, properties build trees
 * without LOQ around its nodes.
 * `marketData`: it offers a gateway's market-data feed handler (`marketDataGateway`,
 * reference/sim/exchange/md-gateway.ts's MarketDataSubject), so `exchange.market-data.view`
 * judges its handler; absent or false, that property is skipped — never run on our own handler
 * and counted as the subject's pass.
 */
export interface InboundCapabilities {
  readonly gateway: boolean;
  readonly proxy: boolean;
  readonly sequencer: boolean;
  readonly loq: boolean;
  readonly marketData?: boolean;
}

export const ALL_INBOUND_CAPABILITIES: InboundCapabilities = { gateway: true, proxy: true, sequencer: true, loq: true, marketData: true };

/**
 * The inbound contract: node logic for the roles the implementation declares. `node` is called
 * once per node of each simulated tree, before any event; it returns undefined for a role the
 * adapter does not implement (the harness then uses its reference node there). Synchronous, as
 * in MulticastAdapter: an out-of-process node configures itself on the way to its first event.
 */
export interface InboundAdapter extends Adapter<InboundCapabilities> {
  readonly component: 'exchange';
  node(config: InboundNodeConfig): InboundNode | undefined;
}

export const INBOUND_ROLES: readonly InboundRole[] = ['gateway', 'proxy', 'sequencer'];

/** The roles a capability set implements. */
export function inboundRolesOf(capabilities: InboundCapabilities): InboundRole[] {
  return INBOUND_ROLES.filter((r) => capabilities[r]);
}
