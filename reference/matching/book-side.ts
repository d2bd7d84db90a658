import { PriceIndex } from './price-index.ts';
import type { Side, StpMode, TimeInForce } from './types.ts';

/**
 * One side of one symbol's book. Levels live in a PriceIndex (price -> level, O(1) find) and in an
 * array sorted worst..best, so the best level is the last element: sweeping the top of book
 * pushes and pops at the end, and only a level created or emptied away from the top pays a
 * binary search (O(log P)) plus a memmove of the levels behind it (cheap for thousands).
 * Orders of a level form an intrusive doubly linked list (O(1) append, unlink, head).
 *
 * Order nodes and levels are recycled through free lists (OrderPool, BookSide.release): a
 * resting order lives long enough to be promoted out of V8's young generation, so allocating
 * one per order made the garbage collector the largest cost of a busy book. A recycled object
 * is fully re-initialised and is only released once nothing in the book refers to it.
 */
export class OrderNode {
  prev: OrderNode | null = null;
  next: OrderNode | null = null;
  level: Level | null = null;
  /** Arrival number, unique per accepted order of an engine (a modify keeps it). */
  seq = 0;
  id = '';
  /** hashId(id), for the engine's OrderIndex. */
  hash = 0;
  account = '';
  symbol = '';
  side: Side = 'buy';
  price = 0;
  remaining = 0;
  stp: StpMode = 'none';
  postOnly = false;
  tif: TimeInForce = 'gtc';
}

/** A free list of order nodes; its size is bounded by the most orders ever alive at once. */
export class OrderPool {
  /** A stack in free[0, freeCount): push/pop would shrink and regrow the array's store. */
  private readonly free: OrderNode[] = [];
  private freeCount = 0;
  private nextSeq = 0;

  acquire(
    id: string,
    hash: number,
    account: string,
    symbol: string,
    side: Side,
    price: number,
    remaining: number,
    stp: StpMode,
    postOnly: boolean,
    tif: TimeInForce,
  ): OrderNode {
    const o = this.freeCount > 0 ? this.free[--this.freeCount]! : new OrderNode();
    o.seq = this.nextSeq++;
    o.id = id;
    o.hash = hash;
    o.account = account;
    o.symbol = symbol;
    o.side = side;
    o.price = price;
    o.remaining = remaining;
    o.stp = stp;
    o.postOnly = postOnly;
    o.tif = tif;
    return o;
  }

  /** Returns a node that is in no queue and no index (its fields are overwritten on reuse). */
  release(o: OrderNode): void {
    this.free[this.freeCount++] = o;
  }
}

export class Level {
  head: OrderNode | null = null;
  tail: OrderNode | null = null;
  total = 0;
  count = 0;
  /** Aggregate last published in a level event, to publish only real changes. */
  publishedTotal = 0;
  publishedCount = 0;
  /** String(publishedTotal), for the bbo event that follows. */
  publishedText = '0';
  /** Listed in its side's byPrice / sorted (false once removed, e.g. while awaiting release). */
  inBook = false;
  /** The command number that last touched this level (dedupes the touched list). */
  touchedAt = -1;
  /** The price as events print it, converted once per level. */
  priceText: string;
  constructor(
    readonly side: Side,
    public price: number,
  ) {
    this.priceText = String(price);
  }

  append(o: OrderNode): void {
    o.level = this;
    o.prev = this.tail;
    o.next = null;
    if (this.tail) this.tail.next = o;
    else this.head = o;
    this.tail = o;
    this.total += o.remaining;
    this.count++;
  }

  /** Inserts `o` just before `before` (used by queue-position-aware callers). */
  insertBefore(o: OrderNode, before: OrderNode): void {
    o.level = this;
    o.next = before;
    o.prev = before.prev;
    if (before.prev) before.prev.next = o;
    else this.head = o;
    before.prev = o;
    this.total += o.remaining;
    this.count++;
  }

  unlink(o: OrderNode): void {
    if (o.prev) o.prev.next = o.next;
    else this.head = o.next;
    if (o.next) o.next.prev = o.prev;
    else this.tail = o.prev;
    this.total -= o.remaining;
    this.count--;
    o.prev = o.next = null;
    o.level = null;
  }
}

export class BookSide {
  readonly byPrice = new PriceIndex<Level>();
  /** Sorted worst..best: ascending prices for bids, descending for asks. */
  readonly sorted: Level[] = [];
  /** Emptied levels removed from the book and published as gone, ready for reuse. */
  private readonly free: Level[] = [];
  constructor(readonly side: Side) {}

  best(): Level | undefined {
    // Never index -1: that key is a property name, not an element, and one such load turns the
    // load site megamorphic (a generic lookup on every later call).
    const n = this.sorted.length;
    return n === 0 ? undefined : this.sorted[n - 1];
  }

  /** True when `a` is a better price than `b` for this side. */
  better(a: number, b: number): boolean {
    return this.side === 'buy' ? a > b : a < b;
  }

  getOrCreate(price: number): Level {
    let level = this.byPrice.get(price);
    if (level) return level;
    level = this.free.pop();
    if (level) {
      level.price = price;
      level.priceText = String(price);
    } else {
      level = new Level(this.side, price);
    }
    level.inBook = true;
    this.byPrice.add(price, level);
    const s = this.sorted;
    const n = s.length;
    if (n === 0 || this.better(price, s[n - 1]!.price)) {
      s.push(level);
    } else {
      s.splice(this.indexFor(price), 0, level);
    }
    return level;
  }

  /**
   * Recycles a level removed by `remove` once its last event is out (the engine's touched list
   * may still refer to it until then). A fresh level has never been published or touched.
   */
  release(level: Level): void {
    level.total = 0;
    level.count = 0;
    level.publishedTotal = 0;
    level.publishedCount = 0;
    level.publishedText = '0';
    level.touchedAt = -1;
    this.free.push(level);
  }

  /** Removes an empty level. */
  remove(level: Level): void {
    level.inBook = false;
    this.byPrice.delete(level.price);
    const s = this.sorted;
    if (s[s.length - 1] === level) {
      s.pop();
      return;
    }
    const i = this.indexFor(level.price);
    if (s[i] === level) s.splice(i, 1);
  }

  /** First index whose level is not worse than `price` (binary search over worst..best). */
  private indexFor(price: number): number {
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.better(price, s[mid]!.price)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
