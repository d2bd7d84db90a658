/**
 * A participant's view of the book, rebuilt from market data: per side, price → (size, orders).
 * Publications are applied in sequence order: one released ahead of a gap waits for the gap (a
 * level update carries the absolute aggregate, so applying an older one after a newer one would
 * corrupt the view). Best prices are cached and found again only when the best level goes.
 */
import type { LevelChange, MdUpdate } from './md-update.ts';

export interface LevelView {
  readonly price: number;
  readonly size: number;
  readonly orders: number;
}

export class BookView {
  private readonly bids = new Map<number, LevelView>();
  private readonly asks = new Map<number, LevelView>();
  private bestBidPx = NaN;
  private bestAskPx = NaN;
  /** The next sequence number to apply. */
  next = 0;
  /** Publications released ahead of a gap, by sequence number. */
  private readonly waiting = new Map<number, MdUpdate>();

  /** Takes a publication; returns true when the view moved (it, and any that waited for it, applied). */
  offer(u: MdUpdate): boolean {
    if (u.seq < this.next || this.waiting.has(u.seq)) return false; // a duplicate
    if (u.seq > this.next) {
      this.waiting.set(u.seq, u);
      return false;
    }
    this.apply(u);
    for (let w = this.waiting.get(this.next); w !== undefined; w = this.waiting.get(this.next)) {
      this.waiting.delete(w.seq);
      this.apply(w);
    }
    return true;
  }

  private apply(u: MdUpdate): void {
    for (const e of u.entries) this.change(e);
    this.next = u.seq + 1;
  }

  change(e: LevelChange): void {
    const m = e.side === 0 ? this.bids : this.asks;
    if (e.size === 0) {
      m.delete(e.price);
      if (e.side === 0 ? e.price === this.bestBidPx : e.price === this.bestAskPx) this.rescan(e.side);
      return;
    }
    m.set(e.price, { price: e.price, size: e.size, orders: e.orders });
    if (e.side === 0) {
      if (!(e.price <= this.bestBidPx)) this.bestBidPx = e.price;
    } else if (!(e.price >= this.bestAskPx)) this.bestAskPx = e.price;
  }

  private rescan(side: 0 | 1): void {
    let best = NaN;
    if (side === 0) {
      for (const p of this.bids.keys()) if (!(p <= best)) best = p;
      this.bestBidPx = best;
    } else {
      for (const p of this.asks.keys()) if (!(p >= best)) best = p;
      this.bestAskPx = best;
    }
  }

  /** NaN when that side is empty. */
  get bestBid(): number {
    return this.bestBidPx;
  }
  get bestAsk(): number {
    return this.bestAskPx;
  }

  /** floor((bid + ask) / 2) when both sides are there, else the side that is, else NaN. */
  get mid(): number {
    const b = this.bestBidPx;
    const a = this.bestAskPx;
    if (b === b && a === a) return Math.floor((b + a) / 2);
    return b === b ? b : a;
  }

  /** Levels best first, for comparison with the engine's book. */
  levels(): { bids: LevelView[]; asks: LevelView[] } {
    return {
      bids: [...this.bids.values()].sort((x, y) => y.price - x.price),
      asks: [...this.asks.values()].sort((x, y) => x.price - y.price),
    };
  }
}
