import type { BookSnapshot, LevelSnapshot, MatchingEvent, RejectReason, Side, StpMode } from '../../adapters/matching.ts';

/**
 * The obviously-correct, slow model of price-time priority: every resting order in one flat
 * array with an arrival number; to match, filter the crossing orders and sort them by
 * (price, arrival) every time. Market data is the diff of the aggregated book before and after
 * the command. Exact bigint arithmetic, no shared code with the engine.
 */
interface ModelOrder {
  id: string;
  account: string;
  symbol: string;
  side: Side;
  price: bigint;
  remaining: bigint;
  arrival: number;
  stp: StpMode;
  postOnly: boolean;
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const STP: readonly string[] = ['none', 'cancel-newest', 'cancel-oldest', 'cancel-both', 'decrement-and-cancel'];

/** A positive integer <= 2^53-1 from a decimal string, safe-integer number or bigint, else undefined. */
function positive(v: unknown): bigint | undefined {
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number') {
    if (!Number.isInteger(v)) return undefined;
    n = BigInt(v);
  } else if (typeof v === 'string') {
    if (!/^-?(0|[1-9][0-9]*)$/.test(v)) return undefined;
    n = BigInt(v);
  } else return undefined;
  return n > 0n && n <= MAX ? n : undefined;
}

export class MatchingModel {
  private orders: ModelOrder[] = [];
  private arrivals = 0;
  constructor(private readonly ticks: ReadonlyMap<string, bigint>) {}

  snapshot(): BookSnapshot[] {
    return [...this.ticks.keys()].sort().map((symbol) => ({
      symbol,
      bids: this.levels(symbol, 'buy'),
      asks: this.levels(symbol, 'sell'),
    }));
  }

  apply(c: unknown): MatchingEvent[] {
    const out: MatchingEvent[] = [];
    const symbol = this.symbolOf(c);
    const before = symbol === undefined ? undefined : this.snapshotOf(symbol);
    const reason = this.step(c, out);
    if (reason !== undefined) {
      const id = typeof c === 'object' && c !== null && typeof (c as { id?: unknown }).id === 'string' ? (c as { id: string }).id : null;
      return [{ type: 'rejected', id, reason }];
    }
    if (symbol !== undefined && before) {
      out.push(...marketData(symbol, before, this.snapshotOf(symbol)));
    }
    return out;
  }

  private symbolOf(c: unknown): string | undefined {
    if (typeof c !== 'object' || c === null) return undefined;
    const r = c as Record<string, unknown>;
    if (r.type === 'new') return typeof r.symbol === 'string' && this.ticks.has(r.symbol) ? r.symbol : undefined;
    return this.orders.find((o) => o.id === r.id)?.symbol;
  }

  private snapshotOf(symbol: string): BookSnapshot {
    return { symbol, bids: this.levels(symbol, 'buy'), asks: this.levels(symbol, 'sell') };
  }

  private levels(symbol: string, side: Side): LevelSnapshot[] {
    const mine = this.orders.filter((o) => o.symbol === symbol && o.side === side).sort((a, b) => priority(side, a, b));
    const levels: LevelSnapshot[] = [];
    for (const o of mine) {
      const last = levels[levels.length - 1];
      const entry = { id: o.id, account: o.account, quantity: o.remaining.toString() };
      if (last && last.price === o.price.toString()) {
        levels[levels.length - 1] = { ...last, quantity: (BigInt(last.quantity) + o.remaining).toString(), orders: [...last.orders, entry] };
      } else levels.push({ price: o.price.toString(), quantity: o.remaining.toString(), orders: [entry] });
    }
    return levels;
  }

  /** Returns a reject reason, or pushes the command's events (without market data). */
  private step(c: unknown, out: MatchingEvent[]): RejectReason | undefined {
    if (typeof c !== 'object' || c === null) return 'invalid-command';
    const r = c as Record<string, unknown>;
    if (r.type !== 'new' && r.type !== 'cancel' && r.type !== 'modify') return 'invalid-command';
    if (typeof r.id !== 'string' || r.id === '') return 'invalid-command';
    const id = r.id;
    if (r.type === 'cancel') {
      const o = this.orders.find((x) => x.id === id);
      if (!o) return 'unknown-id';
      this.orders = this.orders.filter((x) => x !== o);
      out.push({ type: 'cancelled', id, symbol: o.symbol, quantity: o.remaining.toString(), remaining: '0', reason: 'user' });
      return undefined;
    }
    if (r.type === 'modify') return this.modify(id, r, out);
    return this.newOrder(id, r, out);
  }

  private newOrder(id: string, r: Record<string, unknown>, out: MatchingEvent[]): RejectReason | undefined {
    const market = r.orderType === 'market';
    const tif = r.tif ?? (market ? 'ioc' : 'gtc');
    const postOnly = r.postOnly ?? false;
    const stp = r.stp ?? 'none';
    if (typeof r.account !== 'string' || typeof r.symbol !== 'string') return 'invalid-command';
    if ((r.side !== 'buy' && r.side !== 'sell') || (r.orderType !== 'limit' && !market)) return 'invalid-command';
    if (!['gtc', 'ioc', 'fok'].includes(tif as string) || typeof postOnly !== 'boolean' || !STP.includes(stp as string)) return 'invalid-command';
    const quantity = positive(r.quantity);
    if (quantity === undefined) return 'invalid-quantity';
    const price = market ? undefined : positive(r.price);
    if (market ? r.price !== undefined && r.price !== null : price === undefined) return 'invalid-price';
    if (market && tif === 'gtc') return 'invalid-tif';
    if (postOnly && (market || tif !== 'gtc')) return 'invalid-post-only';
    const tick = this.ticks.get(r.symbol);
    if (tick === undefined) return 'unknown-symbol';
    if (price !== undefined && price % tick !== 0n) return 'off-tick';
    if (this.orders.some((o) => o.id === id)) return 'duplicate-id';
    const side = r.side;
    if (postOnly && this.crossing(r.symbol, side, price).length > 0) return 'post-only-would-cross';
    if (tif === 'gtc' && price !== undefined && this.levelTotal(r.symbol, side, price) + quantity > MAX) return 'quantity-overflow';
    out.push({ type: 'accepted', id, symbol: r.symbol, side, price: price === undefined ? null : price.toString(), quantity: quantity.toString() });
    const taker: ModelOrder = { id, account: r.account, symbol: r.symbol, side, price: price ?? 0n, remaining: quantity, arrival: 0, stp: stp as StpMode, postOnly };
    if (tif === 'fok' && !this.fokFillable(taker, price)) {
      out.push({ type: 'expired', id, symbol: r.symbol, quantity: quantity.toString() });
      return undefined;
    }
    this.match(taker, price, out);
    if (taker.remaining > 0n) {
      if (tif === 'gtc') this.rest(taker);
      else out.push({ type: 'expired', id, symbol: r.symbol, quantity: taker.remaining.toString() });
    }
    return undefined;
  }

  private modify(id: string, r: Record<string, unknown>, out: MatchingEvent[]): RejectReason | undefined {
    const quantity = positive(r.quantity);
    if (quantity === undefined) return 'invalid-quantity';
    const given = r.price === undefined || r.price === null ? undefined : positive(r.price);
    if (r.price !== undefined && r.price !== null && given === undefined) return 'invalid-price';
    const o = this.orders.find((x) => x.id === id);
    if (!o) return 'unknown-id';
    const price = given ?? o.price;
    if (price % this.ticks.get(o.symbol)! !== 0n) return 'off-tick';
    const keep = price === o.price && quantity <= o.remaining;
    if (!keep && o.postOnly && this.crossing(o.symbol, o.side, price).length > 0) return 'post-only-would-cross';
    const others = this.levelTotal(o.symbol, o.side, price) - (price === o.price ? o.remaining : 0n);
    if (others + quantity > MAX) return 'quantity-overflow';
    out.push({ type: 'modified', id, symbol: o.symbol, side: o.side, price: price.toString(), quantity: quantity.toString(), priority: keep ? 'kept' : 'lost' });
    if (keep) {
      o.remaining = quantity;
      return undefined;
    }
    this.orders = this.orders.filter((x) => x !== o);
    const taker = { ...o, price, remaining: quantity };
    this.match(taker, price, out);
    if (taker.remaining > 0n) this.rest(taker);
    return undefined;
  }

  private rest(o: ModelOrder): void {
    this.orders.push({ ...o, arrival: ++this.arrivals });
  }

  private levelTotal(symbol: string, side: Side, price: bigint): bigint {
    return this.orders.filter((o) => o.symbol === symbol && o.side === side && o.price === price).reduce((s, o) => s + o.remaining, 0n);
  }

  /** Resting orders a taker at `limit` (undefined: market) would meet, in priority order. */
  private crossing(symbol: string, side: Side, limit: bigint | undefined): ModelOrder[] {
    const other: Side = side === 'buy' ? 'sell' : 'buy';
    return this.orders
      .filter((o) => o.symbol === symbol && o.side === other && (limit === undefined || (side === 'buy' ? o.price <= limit : o.price >= limit)))
      .sort((a, b) => priority(other, a, b));
  }

  private fokFillable(t: ModelOrder, limit: bigint | undefined): boolean {
    let need = t.remaining;
    for (const m of this.crossing(t.symbol, t.side, limit)) {
      if (t.stp !== 'none' && m.account === t.account) {
        if (t.stp === 'cancel-oldest') continue;
        return false;
      }
      need -= m.remaining;
      if (need <= 0n) return true;
    }
    return false;
  }

  private match(t: ModelOrder, limit: bigint | undefined, out: MatchingEvent[]): void {
    const cancel = (o: ModelOrder, q: bigint) => {
      o.remaining -= q;
      out.push({ type: 'cancelled', id: o.id, symbol: o.symbol, quantity: q.toString(), remaining: o.remaining.toString(), reason: 'self-trade' });
    };
    for (const m of this.crossing(t.symbol, t.side, limit)) {
      if (t.remaining === 0n) break;
      if (t.stp !== 'none' && m.account === t.account) {
        if (t.stp === 'decrement-and-cancel') {
          const d = t.remaining < m.remaining ? t.remaining : m.remaining;
          cancel(m, d);
          cancel(t, d);
        } else {
          if (t.stp !== 'cancel-newest') cancel(m, m.remaining);
          if (t.stp !== 'cancel-oldest') cancel(t, t.remaining);
        }
      } else {
        const q = t.remaining < m.remaining ? t.remaining : m.remaining;
        out.push({ type: 'trade', symbol: t.symbol, price: m.price.toString(), quantity: q.toString(), makerId: m.id, takerId: t.id, takerSide: t.side });
        m.remaining -= q;
        t.remaining -= q;
      }
    }
    this.orders = this.orders.filter((o) => o.remaining > 0n);
  }
}

function priority(side: Side, a: ModelOrder, b: ModelOrder): number {
  if (a.price !== b.price) return (side === 'buy' ? a.price > b.price : a.price < b.price) ? -1 : 1;
  return a.arrival - b.arrival;
}

/** Level events (bids best first, then asks) and a bbo event when the top changed. */
function marketData(symbol: string, before: BookSnapshot, after: BookSnapshot): MatchingEvent[] {
  const out: MatchingEvent[] = [];
  for (const [side, b, a] of [['buy', before.bids, after.bids], ['sell', before.asks, after.asks]] as const) {
    const prices = [...new Set([...b, ...a].map((l) => BigInt(l.price)))].sort((x, y) => (x === y ? 0 : (side === 'buy' ? x > y : x < y) ? -1 : 1));
    for (const p of prices) {
      const was = b.find((l) => l.price === p.toString());
      const now = a.find((l) => l.price === p.toString());
      const q = now?.quantity ?? '0';
      const n = now?.orders.length ?? 0;
      if (q !== (was?.quantity ?? '0') || n !== (was?.orders.length ?? 0)) {
        out.push({ type: 'level', symbol, side, price: p.toString(), quantity: q, orders: n });
      }
    }
  }
  const top = (s: BookSnapshot) => [s.bids[0]?.price ?? null, s.bids[0]?.quantity ?? '0', s.asks[0]?.price ?? null, s.asks[0]?.quantity ?? '0'] as const;
  const [bp, bq, ap, aq] = top(after);
  if (JSON.stringify(top(before)) !== JSON.stringify(top(after))) {
    out.push({ type: 'bbo', symbol, bidPrice: bp, bidQuantity: bq, askPrice: ap, askQuantity: aq });
  }
  return out;
}
