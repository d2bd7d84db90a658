import { ALL_INBOUND_CAPABILITIES, type InboundAdapter } from '../inbound.ts';
import { referenceInboundNode } from '../../reference/inbound/reference-node.ts';
import { MdDecodeCache, ReferenceMdGateway, type MarketDataSubject } from '../../reference/sim/exchange/md-gateway.ts';

export { referenceInboundNode } from '../../reference/inbound/reference-node.ts';

/**
 * The reference exchange adapter: every inbound role, LOQ trees included, the reference nodes;
 * and the reference gateway's market-data feed handler (one decode per packet shared by all
 * participants), so `exchange.market-data.view` checks the reference through the same door a
 * vendor's gateway comes in by.
 */
export function referenceInboundAdapter(): InboundAdapter & MarketDataSubject {
  const decoder = new MdDecodeCache();
  return {
    name: 'reference',
    component: 'exchange',
    capabilities: ALL_INBOUND_CAPABILITIES,
    node: referenceInboundNode,
    marketDataGateway: () => new ReferenceMdGateway(decoder),
  };
}
