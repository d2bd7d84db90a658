import { ALL_INBOUND_CAPABILITIES, type InboundAdapter } from '../inbound.ts';
import { referenceInboundNode } from '../../reference/inbound/reference-node.ts';
import { MdDecodeCache, type MarketDataSubject, type MdGateway } from '../../reference/sim/exchange/md-gateway.ts';
import { BookView, type LevelView } from '../../reference/sim/exchange/book-view.ts';
import type { MdUpdate } from '../../reference/sim/exchange/md-update.ts';
import type { Mutant } from './registry.ts';

/**
 * A gateway feed handler that skips level deletions (size 0): a level the engine emptied stays
 * in its view with its last size. Its inbound nodes are the reference's.
 */
class DropsLevelDelete implements MdGateway {
  private readonly view = new BookView();
  constructor(private readonly decoder: MdDecodeCache) {}
  onPacket(bytes: Uint8Array): void {
    const u = this.decoder.decode(bytes);
    const kept: MdUpdate = { ...u, entries: u.entries.filter((e) => e.size !== 0) };
    this.view.offer(kept);
  }
  get bestBid(): number {
    return this.view.bestBid;
  }
  get bestAsk(): number {
    return this.view.bestAsk;
  }
  levels(): { bids: readonly LevelView[]; asks: readonly LevelView[] } {
    return this.view.levels();
  }
}

export const exchangeMdDropsLevelDelete: Mutant<InboundAdapter & MarketDataSubject> = {
  name: 'exchange-md-drops-level-delete',
  component: 'exchange',
  bug: "a gateway's market-data handler ignores level deletions (size 0), so emptied levels stay in its book",
  killedBy: ['exchange.market-data.view'],
  create: () => {
    const decoder = new MdDecodeCache();
    return {
      name: 'mutant:exchange-md-drops-level-delete',
      component: 'exchange',
      capabilities: ALL_INBOUND_CAPABILITIES,
      node: referenceInboundNode,
      marketDataGateway: () => new DropsLevelDelete(decoder),
    };
  },
};
