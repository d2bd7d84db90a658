import type { Mutant } from './registry.ts';
import type { BookSnapshot, LevelSnapshot, MatchingAdapter, MatchingConfig, MatchingEvent } from '../matching.ts';
import { ALL_MATCHING_CAPABILITIES } from '../matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { OrderNode } from '../../reference/matching/book-side.ts';

/**
 * Mutant: a limit IOC's unfilled remainder is reported `expired`, yet stays in the engine and
 * trades later as a maker; the reported book leaves it out. A check that looks for IOC orders in
 * the subject's book passes; one that judges whether a maker may rest (from the input) does not.
 */
class Engine extends MatchingEngine {
  protected override restsAfterMatch(o: OrderNode): boolean {
    return o.tif === 'gtc' || (o.tif === 'ioc' && Number.isFinite(o.price));
  }
}

const withoutOrders = (levels: readonly LevelSnapshot[], hidden: ReadonlySet<string>): LevelSnapshot[] =>
  levels.flatMap((l) => {
    const orders = l.orders.filter((o) => !hidden.has(o.id));
    if (orders.length === 0) return [];
    return [{ price: l.price, quantity: orders.reduce((a, o) => a + BigInt(o.quantity), 0n).toString(), orders }];
  });

function create(): MatchingAdapter {
  let engine = new Engine({ symbols: [] });
  /** Ids of IOC remainders resting in secret. */
  const hidden = new Set<string>();
  return {
    name: 'mutant:matching-ioc-remainder-hidden',
    component: 'matching',
    capabilities: ALL_MATCHING_CAPABILITIES,
    reset(config: MatchingConfig) {
      engine = new Engine({ symbols: config.symbols });
      hidden.clear();
    },
    apply(command: unknown): MatchingEvent[] {
      const events = engine.apply(command);
      const resting = new Map(engine.snapshot().flatMap((b) => [...b.bids, ...b.asks]).flatMap((l) => l.orders.map((o) => [o.id, o.quantity] as const)));
      for (const id of hidden) if (!resting.has(id)) hidden.delete(id);
      const c = command as Record<string, unknown>;
      const accepted = events.find((e) => e.type === 'accepted');
      if (accepted?.type === 'accepted' && c.tif === 'ioc' && resting.has(accepted.id)) {
        hidden.add(accepted.id);
        const at = events.findIndex((e) => e.type === 'level' || e.type === 'bbo');
        events.splice(at < 0 ? events.length : at, 0, { type: 'expired', id: accepted.id, symbol: accepted.symbol, quantity: resting.get(accepted.id)! });
      }
      return events;
    },
    snapshot(): BookSnapshot[] {
      return engine.snapshot().map((b) => ({ symbol: b.symbol, bids: withoutOrders(b.bids, hidden), asks: withoutOrders(b.asks, hidden) }));
    },
  };
}

export const iocRemainderHiddenMutant: Mutant<MatchingAdapter> = {
  name: 'matching-ioc-remainder-hidden',
  component: 'matching',
  bug: 'a limit IOC remainder is reported expired but stays in the engine and trades later as a maker (its book hides it)',
  killedBy: ['matching.tif.ioc-never-rests', 'matching.vendor.equivalence'],
  create,
};
