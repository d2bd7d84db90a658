import type { InboundAdapter } from '../inbound.ts';
import type { Mutant } from './registry.ts';
import { exchangeCleanupDropsOrder } from './exchange-cleanup-drops-order.ts';
import { exchangeGatewayClockAfterQueue } from './exchange-gateway-clock-after-queue.ts';
import { exchangeGatewayLoqTagsDropped } from './exchange-gateway-loq-tags-dropped.ts';
import { exchangeMdDropsLevelDelete } from './exchange-md-drops-level-delete.ts';
import { exchangeProxyDummyClock } from './exchange-proxy-dummy-clock.ts';

/** Every exchange mutant, one known bug each (the kill matrix runs them all). */
export const EXCHANGE_MUTANTS: readonly Mutant<InboundAdapter>[] = [
  exchangeProxyDummyClock,
  exchangeCleanupDropsOrder,
  exchangeGatewayLoqTagsDropped,
  exchangeGatewayClockAfterQueue,
  exchangeMdDropsLevelDelete,
];
