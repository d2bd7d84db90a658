import type { Mutant } from './registry.ts';
import type { BookSnapshot, MatchingAdapter } from '../matching.ts';
import { engineAdapter } from '../reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { Level, OrderNode } from '../../reference/matching/book-side.ts';

/**
 * Mutant: an order that lost priority on a modify re-enters its level at the front of the queue,
 * while the book it reports shows every level in the correct order (by when each order joined).
 * A check that reads queue positions from the subject's book passes; its fills do not.
 */
class Engine extends MatchingEngine {
  /** The id re-entering after a modify that lost priority, during the current command. */
  private reentering: string | undefined;
  /** When each resting order joined its queue: the order the reported book claims. */
  private readonly joined = new Map<string, number>();
  private joins = 0;

  override apply(command: unknown) {
    this.reentering = undefined;
    return super.apply(command);
  }

  protected override keepsPriority(o: OrderNode, price: number, quantity: number): boolean {
    const keep = super.keepsPriority(o, price, quantity);
    if (!keep) this.reentering = o.id;
    return keep;
  }

  protected override enqueue(level: Level, o: OrderNode): void {
    this.joined.set(o.id, ++this.joins);
    if (o.id === this.reentering && level.head) level.insertBefore(o, level.head);
    else level.append(o);
  }

  override snapshot(symbol?: string): BookSnapshot[] {
    const byJoin = (a: { id: string }, b: { id: string }) => this.joined.get(a.id)! - this.joined.get(b.id)!;
    return super.snapshot(symbol).map((b) => ({
      symbol: b.symbol,
      bids: b.bids.map((l) => ({ ...l, orders: [...l.orders].sort(byJoin) })),
      asks: b.asks.map((l) => ({ ...l, orders: [...l.orders].sort(byJoin) })),
    }));
  }
}

export const modifyRequeueMisreportedMutant: Mutant<MatchingAdapter> = {
  name: 'matching-modify-requeue-misreported',
  component: 'matching',
  bug: 'an order that lost priority on a modify re-enters at the front of its level, while its reported book shows it at the back',
  killedBy: ['matching.modify.priority', 'matching.priority.model', 'matching.vendor.equivalence'],
  create: () => engineAdapter('mutant:matching-modify-requeue-misreported', (o) => new Engine(o)),
};
