import { BookSide, OrderPool, type Level, type OrderNode } from './book-side.ts';
import { readPositive } from './integer-input.ts';
import { integerText } from './integer-text.ts';
import { OrderIndex, hashId } from './order-index.ts';
import type {
  AcceptedEvent,
  BboEvent,
  BookSnapshot,
  CancelledEvent,
  EventSink,
  ExpiredEvent,
  LevelEvent,
  LevelSnapshot,
  MatchingEngineOptions,
  MatchingEvent,
  RejectReason,
  Side,
  StpMode,
  TimeInForce,
  TradeEvent,
} from './types.ts';

const MAX = Number.MAX_SAFE_INTEGER;
/** What apply()'s collector points at between calls (never appended to). */
const NO_EVENTS: MatchingEvent[] = [];

/** One symbol's book, with the top of book last published (to publish bbo only on change). */
class Book {
  readonly bids = new BookSide('buy');
  readonly asks = new BookSide('sell');
  /** 0 for an empty side (prices are positive). */
  pubBidPrice = 0;
  pubBidQty = 0;
  pubAskPrice = 0;
  pubAskQty = 0;
  constructor(
    readonly symbol: string,
    readonly tickSize: number,
  ) {}
  own(side: Side): BookSide {
    return side === 'buy' ? this.bids : this.asks;
  }
  opposite(side: Side): BookSide {
    return side === 'buy' ? this.asks : this.bids;
  }
}

function isStp(v: unknown): v is StpMode {
  switch (v) {
    case 'none':
    case 'cancel-newest':
    case 'cancel-oldest':
    case 'cancel-both':
    case 'decrement-and-cancel':
      return true;
    default:
      return false;
  }
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * One reusable object per frequent event type, for sinks that promise not to keep events
 * (applyTo's `transient`). Same keys in the same order as the fresh objects, so a consumer
 * (e.g. JSON.stringify during the call) cannot tell them apart.
 */
class ScratchEvents {
  readonly accepted: Writable<AcceptedEvent> = { type: 'accepted', id: '', symbol: '', side: 'buy', price: null, quantity: '' };
  readonly trade: Writable<TradeEvent> = { type: 'trade', symbol: '', price: '', quantity: '', makerId: '', takerId: '', takerSide: 'buy' };
  readonly cancelled: Writable<CancelledEvent> = { type: 'cancelled', id: '', symbol: '', quantity: '', remaining: '', reason: 'user' };
  readonly expired: Writable<ExpiredEvent> = { type: 'expired', id: '', symbol: '', quantity: '' };
  readonly level: Writable<LevelEvent> = { type: 'level', symbol: '', side: 'buy', price: '', quantity: '', orders: 0 };
  readonly bbo: Writable<BboEvent> = { type: 'bbo', symbol: '', bidPrice: null, bidQuantity: '', askPrice: null, askQuantity: '' };
}

/**
 * Is `price` (a positive safe integer) off the tick grid? `%` on values V8 holds as doubles
 * compiles to an x87 fprem loop, so tick 1 skips it and 31-bit values use integer modulo.
 */
function offTick(price: number, tick: number): boolean {
  if (tick === 1) return false;
  if (price <= 0x7fffffff && tick <= 0x7fffffff) return (price | 0) % (tick | 0) !== 0;
  return price % tick !== 0;
}

/** Does a taker at `limit` (±Infinity for market) cross a resting level at `price`? */
function crosses(side: Side, limit: number, price: number): boolean {
  return side === 'buy' ? price <= limit : price >= limit;
}

/**
 * The price-time priority matching engine (spec/exchange/matching.md). Single-threaded and
 * deterministic: the events of a command depend only on the commands before it.
 *
 * The protected methods marked "seam" are the places adapters/mutants override to plant one
 * known bug each; the reference never changes behaviour through them.
 */
export class MatchingEngine {
  protected readonly books = new Map<string, Book>();
  /** Resting orders by id (each node keeps hashId(id)). */
  protected readonly orders = new OrderIndex<OrderNode>();
  private readonly pool = new OrderPool();
  private readonly fixedSymbols: boolean;
  private readonly defaultTick: number;
  /** Levels touched by the current command: the first `touchedCount` entries (reused, never shrunk). */
  private readonly touched: Level[] = [];
  private touchedCount = 0;
  private commandNo = 0;
  /** The last book looked up by symbol (one symbol per flow is the common case). */
  private lastBook: Book | undefined = undefined;
  private sink: EventSink = () => {};
  /** The current sink promised not to keep events: reuse `scratch` instead of allocating. */
  private transient = false;
  private readonly scratch = new ScratchEvents();
  /** apply()'s sink, made once: it appends to the array of the current apply() call. */
  private collected: MatchingEvent[] = NO_EVENTS;
  private readonly collect: EventSink = (e) => void this.collected.push(e);

  constructor(options: MatchingEngineOptions = {}) {
    this.defaultTick = options.tickSize ?? 1;
    if (!Number.isSafeInteger(this.defaultTick) || this.defaultTick <= 0) {
      throw new RangeError(`tickSize must be a positive safe integer, got ${String(options.tickSize)}`);
    }
    this.fixedSymbols = options.symbols !== undefined;
    for (const s of options.symbols ?? []) {
      const spec = typeof s === 'string' ? { symbol: s, tickSize: this.defaultTick } : s;
      if (!Number.isSafeInteger(spec.tickSize) || spec.tickSize <= 0) {
        throw new RangeError(`tickSize of ${spec.symbol} must be a positive safe integer, got ${String(spec.tickSize)}`);
      }
      if (this.books.has(spec.symbol)) throw new RangeError(`symbol ${spec.symbol} listed twice`);
      this.books.set(spec.symbol, new Book(spec.symbol, spec.tickSize));
    }
  }

  /** Applies one command (any JSON value; bad ones are rejected) and returns its events. */
  apply(command: unknown): MatchingEvent[] {
    const out: MatchingEvent[] = [];
    this.collected = out;
    this.applyTo(command, this.collect);
    this.collected = NO_EVENTS;
    return out;
  }

  /**
   * Same as apply, streaming events into `sink` (no array: the benchmark path). With
   * `transient` true the sink promises to use each event only during its call (count it,
   * serialise it, copy fields out): the engine may then pass the same object again, refilled,
   * for later events, which saves an allocation per event.
   */
  applyTo(command: unknown, sink: EventSink, transient = false): void {
    this.sink = sink;
    this.transient = transient;
    this.commandNo++;
    if (typeof command !== 'object' || command === null) return this.reject(null, 'invalid-command');
    const c = command as Record<string, unknown>;
    switch (c.type) {
      case 'new':
        return this.onNew(c);
      case 'cancel':
        return this.onCancel(c);
      case 'modify':
        return this.onModify(c);
      default:
        return this.reject(typeof c.id === 'string' ? c.id : null, 'invalid-command');
    }
  }

  /** Canonical books: one symbol's (possibly empty), or every known symbol's sorted by name. */
  snapshot(symbol?: string): BookSnapshot[] {
    if (symbol !== undefined) {
      const b = this.books.get(symbol);
      return [b ? snapshotOf(b) : { symbol, bids: [], asks: [] }];
    }
    return [...this.books.keys()].sort(compareCodeUnits).map((s) => snapshotOf(this.books.get(s)!));
  }

  /** Top of book of one symbol in O(1), as a bbo event (empty side: price null). */
  bbo(symbol: string): BboEvent {
    const b = this.books.get(symbol);
    const bid = b?.bids.best();
    const ask = b?.asks.best();
    return {
      type: 'bbo',
      symbol,
      bidPrice: bid ? String(bid.price) : null,
      bidQuantity: String(bid?.total ?? 0),
      askPrice: ask ? String(ask.price) : null,
      askQuantity: String(ask?.total ?? 0),
    };
  }

  /** Number of resting orders (all symbols). */
  get restingOrders(): number {
    return this.orders.size;
  }

  // ---- commands -------------------------------------------------------------------------

  private onNew(c: Record<string, unknown>): void {
    const id = c.id;
    if (typeof id !== 'string' || id === '') return this.reject(typeof id === 'string' ? id : null, 'invalid-command');
    const { account, symbol, side, orderType } = c;
    const tif = c.tif ?? (orderType === 'market' ? 'ioc' : 'gtc');
    const postOnly = c.postOnly ?? false;
    const stp = c.stp ?? 'none';
    if (
      typeof account !== 'string' ||
      typeof symbol !== 'string' ||
      (side !== 'buy' && side !== 'sell') ||
      (orderType !== 'limit' && orderType !== 'market') ||
      (tif !== 'gtc' && tif !== 'ioc' && tif !== 'fok') ||
      typeof postOnly !== 'boolean' ||
      !isStp(stp)
    ) {
      return this.reject(id, 'invalid-command');
    }
    const quantity = readPositive(c.quantity);
    if (Number.isNaN(quantity)) return this.reject(id, 'invalid-quantity');
    let price: number;
    if (orderType === 'limit') {
      price = readPositive(c.price);
      if (Number.isNaN(price)) return this.reject(id, 'invalid-price');
    } else {
      if (c.price !== undefined && c.price !== null) return this.reject(id, 'invalid-price');
      price = side === 'buy' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
      if (tif === 'gtc') return this.reject(id, 'invalid-tif');
    }
    if (postOnly && (orderType !== 'limit' || tif !== 'gtc')) return this.reject(id, 'invalid-post-only');
    const book = this.bookFor(symbol);
    if (!book) return this.reject(id, 'unknown-symbol');
    if (orderType === 'limit' && offTick(price, book.tickSize)) return this.reject(id, 'off-tick');
    const hash = hashId(id);
    if (this.orders.get(id, hash)) return this.reject(id, 'duplicate-id');
    const opp = book.opposite(side);
    if (postOnly) {
      const best = opp.best();
      if (best && crosses(side, price, best.price)) return this.reject(id, 'post-only-would-cross');
    }
    // The level a GTC order would rest at (matching never changes its own side).
    const ownLevel = tif === 'gtc' ? book.own(side).byPrice.get(price) : undefined;
    if (ownLevel && ownLevel.total > MAX - quantity) return this.reject(id, 'quantity-overflow');
    // Listed symbols are registered up front; only an open engine's first order adds a book.
    if (!this.fixedSymbols && !this.books.has(symbol)) this.books.set(symbol, book);

    // Texts: a valid decimal string is already canonical, and a level has its price's text.
    const priceText = orderType !== 'limit' ? null : typeof c.price === 'string' ? c.price : ownLevel ? ownLevel.priceText : integerText(price);
    this.emitAccepted(id, symbol, side, priceText, typeof c.quantity === 'string' ? c.quantity : integerText(quantity));
    const taker = this.pool.acquire(id, hash, account, symbol, side, price, quantity, stp, postOnly, tif as TimeInForce);
    if (tif === 'fok' && !this.fokCanFill(taker, opp)) {
      this.emitExpired(id, symbol, integerText(quantity));
      this.pool.release(taker);
      return;
    }
    this.matchAndPlace(taker, book, ownLevel);
    this.publish(book);
  }

  private onCancel(c: Record<string, unknown>): void {
    const id = c.id;
    if (typeof id !== 'string' || id === '') return this.reject(typeof id === 'string' ? id : null, 'invalid-command');
    const o = this.orders.get(id, hashId(id));
    if (!o) return this.reject(id, 'unknown-id');
    const book = this.bookOf(o.symbol)!;
    this.emitCancelled(id, o.symbol, integerText(o.remaining), '0', 'user');
    this.removeOnCancel(o);
    this.publish(book);
  }

  private onModify(c: Record<string, unknown>): void {
    const id = c.id;
    if (typeof id !== 'string' || id === '') return this.reject(typeof id === 'string' ? id : null, 'invalid-command');
    const quantity = readPositive(c.quantity);
    if (Number.isNaN(quantity)) return this.reject(id, 'invalid-quantity');
    const given = c.price === undefined || c.price === null ? undefined : readPositive(c.price);
    if (given !== undefined && Number.isNaN(given)) return this.reject(id, 'invalid-price');
    const o = this.orders.get(id, hashId(id));
    if (!o) return this.reject(id, 'unknown-id');
    const book = this.bookOf(o.symbol)!;
    const price = given ?? o.price;
    if (offTick(price, book.tickSize)) return this.reject(id, 'off-tick');
    const own = book.own(o.side);
    const keep = this.keepsPriority(o, price, quantity);
    if (!keep && o.postOnly) {
      const best = book.opposite(o.side).best();
      if (best && crosses(o.side, price, best.price)) return this.reject(id, 'post-only-would-cross');
    }
    const target = own.byPrice.get(price);
    const base = target ? target.total - (o.level === target ? o.remaining : 0) : 0;
    if (base > MAX - quantity) return this.reject(id, 'quantity-overflow');

    const level = o.level!;
    this.sink({ type: 'modified', id, symbol: o.symbol, side: o.side, price: String(price), quantity: integerText(quantity), priority: keep ? 'kept' : 'lost' });
    this.touch(level);
    if (keep) {
      level.total += quantity - o.remaining;
      o.remaining = quantity;
    } else {
      // Cancel-replace: out of the queue, then in again as a taker at the back.
      level.unlink(o);
      this.orders.remove(o);
      o.price = price;
      o.remaining = quantity;
      this.matchAndPlace(o, book, undefined);
    }
    this.publish(book);
  }

  // ---- matching -------------------------------------------------------------------------

  /**
   * Matches `taker` against the opposite side, then rests or expires what is left.
   * `ownLevel`: the level at the taker's price on its own side if the caller found one.
   */
  private matchAndPlace(taker: OrderNode, book: Book, ownLevel: Level | undefined): void {
    const opp = book.opposite(taker.side);
    const mode = this.stpModeFor(taker);
    while (taker.remaining > 0) {
      const level = opp.best();
      if (!level || !this.reaches(taker, level)) break;
      this.touch(level);
      let maker = level.head;
      while (maker !== null && taker.remaining > 0) {
        const next = maker.next;
        if (mode !== 'none' && maker.account === taker.account) {
          this.selfTrade(mode, taker, maker, level);
        } else {
          const q = taker.remaining < maker.remaining ? taker.remaining : maker.remaining;
          this.emitTrade(book.symbol, this.tradePrice(maker, taker), integerText(q), maker.id, taker.id, taker.side);
          maker.remaining -= q;
          level.total -= q;
          taker.remaining -= q;
          if (maker.remaining === 0) this.retire(maker, level);
        }
        maker = next;
      }
      if (level.count === 0) opp.remove(level);
    }
    if (taker.remaining === 0) return this.pool.release(taker);
    if (this.restsAfterMatch(taker)) {
      const level = ownLevel ?? book.own(taker.side).getOrCreate(taker.price);
      this.touch(level);
      this.enqueue(level, taker);
      this.orders.add(taker);
    } else {
      this.emitExpired(taker.id, book.symbol, integerText(taker.remaining));
      this.pool.release(taker);
    }
  }

  /** A resting order is done: out of its queue and the id index, its node back to the pool. */
  private retire(o: OrderNode, level: Level): void {
    level.unlink(o);
    this.orders.remove(o);
    this.pool.release(o);
  }

  private selfTrade(mode: StpMode, taker: OrderNode, maker: OrderNode, level: Level): void {
    const symbol = taker.symbol;
    if (mode === 'decrement-and-cancel') {
      const d = taker.remaining < maker.remaining ? taker.remaining : maker.remaining;
      maker.remaining -= d;
      level.total -= d;
      taker.remaining -= d;
      this.emitCancelled(maker.id, symbol, integerText(d), integerText(maker.remaining), 'self-trade');
      if (maker.remaining === 0) this.retire(maker, level);
      this.emitCancelled(taker.id, symbol, integerText(d), integerText(taker.remaining), 'self-trade');
      return;
    }
    if (mode === 'cancel-oldest' || mode === 'cancel-both') {
      this.emitCancelled(maker.id, symbol, integerText(maker.remaining), '0', 'self-trade');
      this.retire(maker, level);
    }
    if (mode === 'cancel-newest' || mode === 'cancel-both') {
      this.emitCancelled(taker.id, symbol, integerText(taker.remaining), '0', 'self-trade');
      taker.remaining = 0;
    }
  }

  // ---- seams (overridden only by adapters/mutants) --------------------------------------

  /** Seam: a modify keeps queue priority iff the price is unchanged and the size does not grow. */
  protected keepsPriority(o: OrderNode, price: number, quantity: number): boolean {
    return price === o.price && quantity <= o.remaining;
  }

  /** Seam: does the taker's limit reach this opposite level (a touching price does)? */
  protected reaches(taker: OrderNode, level: Level): boolean {
    return crosses(taker.side, taker.price, level.price);
  }

  /** Seam: a resting order joins the back of its level's queue. */
  protected enqueue(level: Level, o: OrderNode): void {
    level.append(o);
  }

  /** Seam: trades print at the resting (maker) order's price (as event text). */
  protected tradePrice(maker: OrderNode, _taker: OrderNode): string {
    return maker.level!.priceText;
  }

  /** Seam: only limit GTC orders rest; IOC, FOK and market remainders expire. */
  protected restsAfterMatch(o: OrderNode): boolean {
    return o.tif === 'gtc';
  }

  /** Seam: the STP mode in force for a taker (its own). */
  protected stpModeFor(taker: OrderNode): StpMode {
    return taker.stp;
  }

  /** Seam: a level is republished when its total or its order count changed. */
  protected levelChanged(level: Level): boolean {
    return level.total !== level.publishedTotal || level.count !== level.publishedCount;
  }

  /** Seam: a cancelled order leaves its level and the id index (its node is recycled). */
  protected removeOnCancel(o: OrderNode): void {
    const level = o.level!;
    this.touch(level);
    this.retire(o, level);
  }

  /**
   * Seam: can a FOK be filled completely by trades? Walks the crossing queue as matching
   * would, with the taker's STP: cancel-oldest skips own orders, other modes stop at them
   * (cancel-newest / cancel-both / decrement-and-cancel would end or shrink the taker).
   */
  protected fokCanFill(taker: OrderNode, opp: BookSide): boolean {
    const mode = this.stpModeFor(taker);
    let need = taker.remaining;
    for (let i = opp.sorted.length - 1; i >= 0; i--) {
      const level = opp.sorted[i]!;
      if (!crosses(taker.side, taker.price, level.price)) return false;
      if (mode === 'none') {
        need -= level.total;
        if (need <= 0) return true;
        continue;
      }
      for (let m = level.head; m !== null; m = m.next) {
        if (m.account === taker.account) {
          if (mode === 'cancel-oldest') continue;
          return false;
        }
        need -= m.remaining;
        if (need <= 0) return true;
      }
    }
    return false;
  }

  // ---- market data ----------------------------------------------------------------------

  protected touch(level: Level): void {
    if (level.touchedAt !== this.commandNo) {
      level.touchedAt = this.commandNo;
      this.touched[this.touchedCount++] = level;
    }
  }

  /** Level events (bids best first, then asks best first), then bbo if the top changed. */
  private publish(book: Book): void {
    const t = this.touched;
    const n = this.touchedCount;
    this.touchedCount = 0;
    // Insertion sort: almost always one or two levels.
    for (let i = 1; i < n; i++) {
      const x = t[i]!;
      let j = i - 1;
      for (; j >= 0 && compareLevels(t[j]!, x) > 0; j--) t[j + 1] = t[j]!;
      t[j + 1] = x;
    }
    for (let i = 0; i < n; i++) {
      const level = t[i]!;
      const side = book.own(level.side);
      if (level.count === 0 && level.inBook) side.remove(level);
      if (this.levelChanged(level)) {
        const text = integerText(level.total);
        this.emitLevel(book.symbol, level.side, level.priceText, text, level.count);
        level.publishedText = text;
        level.publishedTotal = level.total;
        level.publishedCount = level.count;
      }
      // An empty level is out of the book by now and its last event is out: recycle it.
      if (level.count === 0) side.release(level);
    }
    const bid = book.bids.best();
    const ask = book.asks.best();
    const bp = bid ? bid.price : 0;
    const bq = bid ? bid.total : 0;
    const ap = ask ? ask.price : 0;
    const aq = ask ? ask.total : 0;
    if (bp !== book.pubBidPrice || bq !== book.pubBidQty || ap !== book.pubAskPrice || aq !== book.pubAskQty) {
      book.pubBidPrice = bp;
      book.pubBidQty = bq;
      book.pubAskPrice = ap;
      book.pubAskQty = aq;
      // The top levels were usually just published: reuse their quantity texts.
      const bqText = bid && bq === bid.publishedTotal ? bid.publishedText : integerText(bq);
      const aqText = ask && aq === ask.publishedTotal ? ask.publishedText : integerText(aq);
      this.emitBbo(book.symbol, bid ? bid.priceText : null, bqText, ask ? ask.priceText : null, aqText);
    }
  }

  // ---- events: a fresh object each, or the refilled scratch one for a transient sink ------

  private emitAccepted(id: string, symbol: string, side: Side, price: string | null, quantity: string): void {
    if (!this.transient) return this.sink({ type: 'accepted', id, symbol, side, price, quantity });
    const e = this.scratch.accepted;
    e.id = id;
    e.symbol = symbol;
    e.side = side;
    e.price = price;
    e.quantity = quantity;
    this.sink(e);
  }

  private emitTrade(symbol: string, price: string, quantity: string, makerId: string, takerId: string, takerSide: Side): void {
    if (!this.transient) return this.sink({ type: 'trade', symbol, price, quantity, makerId, takerId, takerSide });
    const e = this.scratch.trade;
    e.symbol = symbol;
    e.price = price;
    e.quantity = quantity;
    e.makerId = makerId;
    e.takerId = takerId;
    e.takerSide = takerSide;
    this.sink(e);
  }

  private emitCancelled(id: string, symbol: string, quantity: string, remaining: string, reason: 'user' | 'self-trade'): void {
    if (!this.transient) return this.sink({ type: 'cancelled', id, symbol, quantity, remaining, reason });
    const e = this.scratch.cancelled;
    e.id = id;
    e.symbol = symbol;
    e.quantity = quantity;
    e.remaining = remaining;
    e.reason = reason;
    this.sink(e);
  }

  private emitExpired(id: string, symbol: string, quantity: string): void {
    if (!this.transient) return this.sink({ type: 'expired', id, symbol, quantity });
    const e = this.scratch.expired;
    e.id = id;
    e.symbol = symbol;
    e.quantity = quantity;
    this.sink(e);
  }

  private emitLevel(symbol: string, side: Side, price: string, quantity: string, orders: number): void {
    if (!this.transient) return this.sink({ type: 'level', symbol, side, price, quantity, orders });
    const e = this.scratch.level;
    e.symbol = symbol;
    e.side = side;
    e.price = price;
    e.quantity = quantity;
    e.orders = orders;
    this.sink(e);
  }

  private emitBbo(symbol: string, bidPrice: string | null, bidQuantity: string, askPrice: string | null, askQuantity: string): void {
    if (!this.transient) return this.sink({ type: 'bbo', symbol, bidPrice, bidQuantity, askPrice, askQuantity });
    const e = this.scratch.bbo;
    e.symbol = symbol;
    e.bidPrice = bidPrice;
    e.bidQuantity = bidQuantity;
    e.askPrice = askPrice;
    e.askQuantity = askQuantity;
    this.sink(e);
  }

  // ---- helpers --------------------------------------------------------------------------

  /** A registered book, or undefined. */
  private bookOf(symbol: string): Book | undefined {
    const last = this.lastBook;
    if (last !== undefined && last.symbol === symbol) return last;
    const b = this.books.get(symbol);
    if (b) this.lastBook = b;
    return b;
  }

  private bookFor(symbol: string): Book | undefined {
    const b = this.bookOf(symbol);
    if (b || this.fixedSymbols) return b;
    // Registered only once an order on it is accepted (see onNew), so rejects change nothing.
    return new Book(symbol, this.defaultTick);
  }

  private reject(id: string | null, reason: RejectReason): void {
    this.sink({ type: 'rejected', id, reason });
  }
}

function compareLevels(a: Level, b: Level): number {
  if (a.side !== b.side) return a.side === 'buy' ? -1 : 1;
  return a.side === 'buy' ? b.price - a.price : a.price - b.price;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function snapshotOf(b: Book): BookSnapshot {
  return { symbol: b.symbol, bids: sideSnapshot(b.bids), asks: sideSnapshot(b.asks) };
}

function sideSnapshot(side: BookSide): LevelSnapshot[] {
  const out: LevelSnapshot[] = [];
  for (let i = side.sorted.length - 1; i >= 0; i--) {
    const level = side.sorted[i]!;
    const orders = [];
    for (let o = level.head; o !== null; o = o.next) orders.push({ id: o.id, account: o.account, quantity: String(o.remaining) });
    out.push({ price: String(level.price), quantity: String(level.total), orders });
  }
  return out;
}

/** Creates an engine (see MatchingEngineOptions): `apply(command)` -> events, `snapshot()`. */
export function createMatchingEngine(options?: MatchingEngineOptions): MatchingEngine {
  return new MatchingEngine(options);
}
