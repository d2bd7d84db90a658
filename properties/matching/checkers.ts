import type { BookSnapshot, MatchingCapabilities, MatchingEvent, Side, StpMode, TradeEvent } from '../../adapters/matching.ts';
import { StepMismatch, sameAt } from './step-mismatch.ts';
import type { HistoryStep, MatchingHistory } from './history.ts';
import { MatchingModel } from './model.ts';
import { fieldsOf, type ReferenceStep, type ReferenceTrace } from './reference-trace.ts';

/**
 * Checkers over a recorded history (history.ts), one per catalog property. Each judges the
 * subject's events against facts taken from the input commands and the reference trace
 * (reference-trace.ts): an order's account, side, price, open quantity, whether it rests and
 * where it queues. The subject's reported book is only ever compared for equality with the
 * reference's or judged for its own well-formedness, never used as a fact. Every Mismatch names
 * its anomaly (kind) and where it is (path), stable across seeds and shrinks.
 */
export interface Judged {
  readonly history: MatchingHistory;
  readonly reference: ReferenceTrace;
  readonly capabilities: MatchingCapabilities;
}
export type Checker = (j: Judged) => void;

const at = (i: number, command: unknown) => `command #${i} ${JSON.stringify(command)}`;
const isMarketData = (e: MatchingEvent): boolean => e.type === 'level' || e.type === 'bbo';

/** A canonical decimal the subject sent; anything else is a malformed event, not a crash. */
function int(v: unknown, path: string, s: HistoryStep): bigint {
  if (typeof v === 'string' && /^(0|[1-9][0-9]*)$/.test(v)) return BigInt(v);
  throw new StepMismatch(s.index, `${path} is not a canonical decimal in the reply to ${at(s.index, s.command)}`, 'a decimal string', v, { kind: 'malformed-event', path });
}

/** A positive integer from the input (the generator's commands), else undefined. */
function inputInt(v: unknown): bigint | undefined {
  if (typeof v === 'string' && /^[1-9][0-9]*$/.test(v)) return BigInt(v);
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return BigInt(v);
  return undefined;
}

/** Pairs each recorded step with the reference's step for the same command. */
function* judged(j: Judged): Generator<[HistoryStep, ReferenceStep]> {
  for (const s of j.history.steps) yield [s, j.reference.steps[s.index]!];
}

/** The order taking liquidity in a step, from the input: a `new`'s own fields, a modify's order. */
interface Taker {
  readonly id: string;
  readonly account: string;
  readonly symbol: string;
  readonly side: Side;
  readonly stp: StpMode;
  /** Its limit price; undefined for a market order. */
  readonly limit: bigint | undefined;
}

function takerOf(ref: ReferenceStep): Taker | undefined {
  const c = fieldsOf(ref.command);
  if (typeof c.id !== 'string') return undefined;
  if (c.type === 'new') {
    if (typeof c.account !== 'string' || typeof c.symbol !== 'string' || (c.side !== 'buy' && c.side !== 'sell')) return undefined;
    return { id: c.id, account: c.account, symbol: c.symbol, side: c.side, stp: (c.stp ?? 'none') as StpMode, limit: c.orderType === 'limit' ? inputInt(c.price) : undefined };
  }
  if (c.type !== 'modify') return undefined;
  const entered = ref.entered.get(c.id);
  const was = ref.before.get(c.id);
  if (!entered || !was) return undefined;
  const price = c.price === undefined || c.price === null ? was.price : inputInt(c.price);
  return { id: c.id, account: entered.account, symbol: entered.symbol, side: entered.side, stp: entered.stp, limit: price };
}

/** Ids in a reported book (nothing parsed: a malformed number is not this checker's finding). */
const reportedIds = (books: readonly BookSnapshot[]): Set<string> =>
  new Set(books.flatMap((b) => [...b.bids, ...b.asks]).flatMap((l) => l.orders.map((o) => o.id)));

const trades = (events: readonly MatchingEvent[]) => events.filter((e): e is TradeEvent => e.type === 'trade');

/** The taker of every trade of a step must be the command's order (as the input says). */
function takerFor(s: HistoryStep, ref: ReferenceStep, e: TradeEvent): Taker {
  const taker = takerOf(ref);
  if (!taker) throw new StepMismatch(s.index, `a trade on ${at(s.index, s.command)}, which cannot take liquidity`, undefined, e, { kind: 'unexpected-trade', path: 'events[trade]' });
  if (e.takerId !== taker.id) throw new StepMismatch(s.index, `trade names taker ${e.takerId} on ${at(s.index, s.command)}`, taker.id, e.takerId, { kind: 'wrong-taker', path: 'trade.takerId' });
  return taker;
}

// ---- equivalence and the model ----------------------------------------------------------

export const checkEquivalence: Checker = (j) => {
  // Without declared market data, level/bbo events are not compared (on either side).
  const keep = (es: readonly MatchingEvent[]) => es.filter((e) => j.capabilities.marketData || !isMarketData(e));
  for (const [s, ref] of judged(j)) {
    sameAt(s.index, `events of ${at(s.index, s.command)}`, keep(ref.events), keep(s.events), { kind: 'events-differ', path: 'events' });
    if (s.book) sameAt(s.index, `books after ${at(s.index, s.command)}`, ref.book, s.book, { kind: 'book-differs', path: 'book' });
  }
};

export const checkPriorityModel: Checker = (j) => {
  const model = new MatchingModel(new Map(j.history.config.symbols.map((x) => [x.symbol, BigInt(x.tickSize)])));
  for (const s of j.history.steps) {
    sameAt(s.index, `trades of ${at(s.index, s.command)}`, trades(model.apply(s.command)), trades(s.events), { kind: 'fill-order', path: 'events[trade]' });
    if (s.book) sameAt(s.index, `queues after ${at(s.index, s.command)}`, model.snapshot(), s.book, { kind: 'queue-differs', path: 'book' });
  }
};

// ---- book shape ---------------------------------------------------------------------------

/** A reported book judged on its own: uncrossed, levels strictly best first, totals add up. */
function checkReportedShape(s: HistoryStep, books: readonly BookSnapshot[]): void {
  for (const b of books) {
    const bid = b.bids[0] && int(b.bids[0].price, 'book.bids[].price', s);
    const ask = b.asks[0] && int(b.asks[0].price, 'book.asks[].price', s);
    if (bid !== undefined && ask !== undefined && bid >= ask) {
      throw new StepMismatch(s.index, `${b.symbol} reported crossed after ${at(s.index, s.command)}: bid ${bid} >= ask ${ask}`, undefined, b, { kind: 'book-crossed', path: 'book' });
    }
    for (const [name, levels, better] of [['bids', b.bids, 1n], ['asks', b.asks, -1n]] as const) {
      levels.forEach((l, i) => {
        const prev = levels[i - 1];
        if (prev && (int(prev.price, `book.${name}[].price`, s) - int(l.price, `book.${name}[].price`, s)) * better <= 0n) {
          throw new StepMismatch(s.index, `${b.symbol} ${name} not strictly best-first after ${at(s.index, s.command)}`, undefined, levels, { kind: 'level-order', path: `book.${name}` });
        }
        const sum = l.orders.reduce((a, o) => a + int(o.quantity, `book.${name}[].orders[].quantity`, s), 0n);
        if (l.orders.length === 0 || sum !== int(l.quantity, `book.${name}[].quantity`, s) || l.orders.some((o) => int(o.quantity, `book.${name}[].orders[].quantity`, s) === 0n)) {
          throw new StepMismatch(s.index, `${b.symbol} ${name} level ${l.price} inconsistent after ${at(s.index, s.command)}`, { quantity: sum.toString() }, l, { kind: 'level-inconsistent', path: `book.${name}[]` });
        }
      });
    }
  }
}

/**
 * The book the input and the subject's own events imply (GTC limit orders it accepted, at the
 * prices the commands gave, less what its events say traded, was cancelled or expired) never
 * rests crossed; and the book it reports is well-formed. A vendor that fails to match a crossing
 * order is caught from its events, whatever its book says.
 */
export const checkNeverCrossed: Checker = (j) => {
  interface Implied { symbol: string; side: Side; price: bigint; open: bigint }
  const implied = new Map<string, Implied>();
  const reduce = (id: string, q: bigint) => {
    const o = implied.get(id);
    if (o) o.open -= q;
  };
  for (const s of j.history.steps) {
    const c = fieldsOf(s.command);
    for (const e of s.events) {
      if (e.type === 'accepted' && c.type === 'new' && c.id === e.id && c.orderType === 'limit' && (c.tif ?? 'gtc') === 'gtc') {
        const price = inputInt(c.price);
        const open = inputInt(c.quantity);
        if (price !== undefined && open !== undefined && (c.side === 'buy' || c.side === 'sell') && typeof c.symbol === 'string') {
          implied.set(e.id, { symbol: c.symbol, side: c.side, price, open });
        }
      } else if (e.type === 'modified' && c.type === 'modify' && c.id === e.id) {
        const o = implied.get(e.id);
        const open = inputInt(c.quantity);
        if (o && open !== undefined) {
          o.price = c.price === undefined || c.price === null ? o.price : (inputInt(c.price) ?? o.price);
          o.open = open;
        }
      } else if (e.type === 'trade') {
        const q = int(e.quantity, 'trade.quantity', s);
        reduce(e.makerId, q);
        reduce(e.takerId, q);
      } else if (e.type === 'cancelled') reduce(e.id, int(e.quantity, 'cancelled.quantity', s));
      else if (e.type === 'expired') implied.delete(e.id);
    }
    const top = new Map<string, { bid?: bigint; ask?: bigint }>();
    for (const [id, o] of implied) {
      if (o.open <= 0n) {
        implied.delete(id);
        continue;
      }
      const t = top.get(o.symbol) ?? {};
      if (o.side === 'buy' && (t.bid === undefined || o.price > t.bid)) t.bid = o.price;
      if (o.side === 'sell' && (t.ask === undefined || o.price < t.ask)) t.ask = o.price;
      top.set(o.symbol, t);
    }
    for (const [symbol, t] of top) {
      if (t.bid !== undefined && t.ask !== undefined && t.bid >= t.ask) {
        throw new StepMismatch(s.index, `${symbol} rests crossed after ${at(s.index, s.command)} (from the commands and the subject's events): bid ${t.bid} >= ask ${t.ask}`, undefined, { bid: t.bid.toString(), ask: t.ask.toString() }, { kind: 'book-crossed', path: 'events' });
      }
    }
    if (s.book) checkReportedShape(s, s.book);
  }
};

// ---- quantities ---------------------------------------------------------------------------

/**
 * For every order: the quantity the input gave it (new or modify) = what the subject's events say
 * was filled, cancelled and expired + what the reference holds open after each command.
 */
export const checkConserved: Checker = (j) => {
  const open = new Map<string, bigint>();
  for (const [s, ref] of judged(j)) {
    const c = fieldsOf(s.command);
    const take = (id: string, q: bigint, path: string) => {
      const left = open.get(id);
      if (left === undefined || q <= 0n || q > left) {
        throw new StepMismatch(s.index, `${path} of ${q} on ${id} exceeds its open quantity ${left ?? 'none'} at ${at(s.index, s.command)}`, left?.toString(), q.toString(), { kind: 'overfill', path });
      }
      open.set(id, left - q);
    };
    for (const e of s.events) {
      if (e.type === 'accepted' || e.type === 'modified') {
        const given = c.id === e.id ? inputInt(c.quantity) : undefined;
        if (given === undefined || int(e.quantity, `${e.type}.quantity`, s) !== given) {
          throw new StepMismatch(s.index, `${e.type} ${e.id} with a quantity the command did not give, at ${at(s.index, s.command)}`, given?.toString(), e.quantity, { kind: 'quantity-not-given', path: `${e.type}.quantity` });
        }
        open.set(e.id, given);
      } else if (e.type === 'trade') {
        const q = int(e.quantity, 'trade.quantity', s);
        take(e.makerId, q, 'trade.quantity');
        take(e.takerId, q, 'trade.quantity');
      } else if (e.type === 'cancelled' || e.type === 'expired') take(e.id, int(e.quantity, `${e.type}.quantity`, s), `${e.type}.quantity`);
    }
    for (const [id, left] of open) {
      const rest = ref.after.get(id)?.remaining ?? 0n;
      if (rest !== left) throw new StepMismatch(s.index, `order ${id}: the subject's events leave ${left} open, the reference holds ${rest}, after ${at(s.index, s.command)}`, rest.toString(), left.toString(), { kind: 'quantity-not-conserved', path: 'order.open' });
      if (rest === 0n) open.delete(id);
    }
    for (const [id, o] of ref.after) {
      if (!open.has(id)) throw new StepMismatch(s.index, `order ${id} rests with ${o.remaining} the subject never accepted, after ${at(s.index, s.command)}`, o.remaining.toString(), undefined, { kind: 'quantity-not-conserved', path: 'accepted' });
    }
  }
};

// ---- trades -------------------------------------------------------------------------------

/** Every trade prints at the price the reference holds its maker at, within the taker's limit. */
export const checkMakerPrice: Checker = (j) => {
  for (const [s, ref] of judged(j)) {
    for (const e of trades(s.events)) {
      const taker = takerFor(s, ref, e);
      const maker = ref.before.get(e.makerId);
      if (!maker) throw new StepMismatch(s.index, `trade with ${e.makerId}, which does not rest, at ${at(s.index, s.command)}`, undefined, e, { kind: 'maker-not-resting', path: 'trade.makerId' });
      if (maker.symbol !== taker.symbol || maker.side === taker.side) {
        throw new StepMismatch(s.index, `trade with ${e.makerId} (${maker.symbol} ${maker.side}) for a ${taker.symbol} ${taker.side} taker at ${at(s.index, s.command)}`, undefined, e, { kind: 'maker-not-crossing', path: 'trade.makerId' });
      }
      const p = int(e.price, 'trade.price', s);
      if (p !== maker.price) throw new StepMismatch(s.index, `trade ${e.makerId}/${e.takerId} at ${at(s.index, s.command)} not at the maker's price`, maker.price.toString(), e.price, { kind: 'trade-price', path: 'trade.price' });
      const l = taker.limit;
      if (l !== undefined && (taker.side === 'buy' ? p > l : p < l)) {
        throw new StepMismatch(s.index, `trade at ${p} beyond the taker's limit ${l} at ${at(s.index, s.command)}`, l.toString(), e.price, { kind: 'beyond-limit', path: 'trade.price' });
      }
    }
  }
};

/** With the taker's STP on, its account (from the input) never meets its own (from the input) in a trade. */
export const checkNoSelfTrade: Checker = (j) => {
  for (const [s, ref] of judged(j)) {
    for (const e of trades(s.events)) {
      const taker = takerFor(s, ref, e);
      const maker = ref.before.get(e.makerId)?.account ?? ref.entered.get(e.makerId)?.account;
      if (maker === undefined) throw new StepMismatch(s.index, `trade with ${e.makerId}, an id never entered, at ${at(s.index, s.command)}`, undefined, e, { kind: 'unknown-maker', path: 'trade.makerId' });
      if (taker.stp !== 'none' && maker === taker.account) {
        throw new StepMismatch(s.index, `self-trade of account ${taker.account} under ${taker.stp} (maker ${e.makerId}, taker ${e.takerId}) at ${at(s.index, s.command)}`, undefined, e, { kind: 'self-trade', path: 'trade.makerId' });
      }
    }
  }
};

/**
 * Only orders the reference holds open trade: makers rest in the reference before the command
 * (and are not traded past their open quantity), the taker is the command's live order; and
 * the subject's reported book holds no order the reference has finished.
 */
export const checkDeadNeverFill: Checker = (j) => {
  for (const [s, ref] of judged(j)) {
    const used = new Map<string, bigint>();
    const c = fieldsOf(s.command);
    for (const e of s.events) {
      if (e.type === 'cancelled' && ref.before.has(e.id)) used.set(e.id, (used.get(e.id) ?? 0n) + int(e.quantity, 'cancelled.quantity', s));
      if (e.type !== 'trade') continue;
      const maker = ref.before.get(e.makerId);
      const spent = used.get(e.makerId) ?? 0n;
      if (!maker || spent >= maker.remaining) {
        throw new StepMismatch(s.index, `${e.makerId} traded as a maker though it is finished, at ${at(s.index, s.command)}`, undefined, e, { kind: 'dead-order-traded', path: 'trade.makerId' });
      }
      used.set(e.makerId, spent + int(e.quantity, 'trade.quantity', s));
      const live = c.type === 'new' ? ref.entered.get(e.takerId)?.step === s.index : c.type === 'modify' && c.id === e.takerId && ref.before.has(e.takerId);
      if (!live) throw new StepMismatch(s.index, `${e.takerId} traded as a taker though it is not live, at ${at(s.index, s.command)}`, undefined, e, { kind: 'dead-order-traded', path: 'trade.takerId' });
    }
    if (!s.book) continue;
    for (const id of reportedIds(s.book)) {
      if (!ref.after.has(id)) throw new StepMismatch(s.index, `${id} still rests after it was finished, at ${at(s.index, s.command)}`, [...ref.after.keys()], id, { kind: 'dead-order-rests', path: 'book.orders' });
    }
  }
};

// ---- time in force --------------------------------------------------------------------------

/**
 * IOC, FOK and market orders never rest: not in the reported book, and never seen again as a
 * resting order (a maker, or the target of a cancel or modify) once the reference has finished them.
 */
export const checkIocNeverRests: Checker = (j) => {
  for (const [s, ref] of judged(j)) {
    const c = fieldsOf(s.command);
    const nonGtc = (id: string) => {
      const e = ref.entered.get(id);
      return e !== undefined && e.tif !== 'gtc' && !ref.before.has(id) && !ref.after.has(id);
    };
    for (const e of s.events) {
      const id = e.type === 'trade' ? (e.makerId !== c.id ? e.makerId : undefined) : (e.type === 'cancelled' && e.reason === 'user') || e.type === 'modified' ? e.id : undefined;
      if (id !== undefined && nonGtc(id)) {
        throw new StepMismatch(s.index, `${id} (${ref.entered.get(id)!.orderType}/${ref.entered.get(id)!.tif}) acted as a resting order at ${at(s.index, s.command)}`, undefined, e, { kind: 'ioc-rests', path: e.type === 'trade' ? 'trade.makerId' : `${e.type}.id` });
      }
    }
    if (s.book && c.type === 'new' && typeof c.id === 'string' && nonGtc(c.id) && reportedIds(s.book).has(c.id)) {
      throw new StepMismatch(s.index, `${String(c.orderType)}/${String(c.tif)} order ${c.id} rests after ${at(s.index, s.command)}`, undefined, s.book, { kind: 'ioc-rests', path: 'book.orders' });
    }
  }
};

/** A FOK trades its whole quantity (the input's) or nothing, and when nothing it changes nothing. */
export const checkFokAllOrNothing: Checker = (j) => {
  let prior: readonly BookSnapshot[] = j.reference.initial;
  for (const [s, ref] of judged(j)) {
    const before = prior;
    prior = ref.book;
    const c = fieldsOf(s.command);
    const quantity = inputInt(c.quantity);
    if (c.type !== 'new' || c.tif !== 'fok' || quantity === undefined || !s.events.some((e) => e.type === 'accepted')) continue;
    const filled = trades(s.events).reduce((a, e) => a + int(e.quantity, 'trade.quantity', s), 0n);
    if (filled === 0n) {
      const changed = s.events.filter((e) => e.type !== 'accepted' && e.type !== 'expired' && !isMarketData(e));
      if (changed.length > 0) throw new StepMismatch(s.index, `FOK without fills changed orders at ${at(s.index, s.command)}`, [], changed, { kind: 'fok-changed-book', path: 'events' });
      if (s.book) sameAt(s.index, `FOK without fills changed the book at ${at(s.index, s.command)}`, before, s.book, { kind: 'fok-changed-book', path: 'book' });
    } else if (filled !== quantity) {
      throw new StepMismatch(s.index, `FOK ${String(c.id)} filled partially at ${at(s.index, s.command)}`, quantity.toString(), filled.toString(), { kind: 'fok-partial', path: 'trade.quantity' });
    }
  }
};

// ---- rejections and market data -----------------------------------------------------------

/** A command the reference or the subject rejects: the reference's one rejection, and the reference's (unchanged) book. */
export const checkRejectNoChange: Checker = (j) => {
  for (const [s, ref] of judged(j)) {
    if (!ref.rejected && !s.events.some((e) => e.type === 'rejected')) continue;
    sameAt(s.index, `rejection of ${at(s.index, s.command)}`, ref.events, s.events, { kind: 'rejection-differs', path: 'events' });
    if (s.book) sameAt(s.index, `books after rejected ${at(s.index, s.command)}`, ref.book, s.book, { kind: 'rejected-changed-book', path: 'book' });
  }
};

/** Level and bbo updates, applied in order, rebuild the reference's aggregates after every command. */
export const checkMarketData: Checker = (j) => {
  const levels = new Map<string, string>(); // "symbol side price" -> "quantity/orders"
  const bbo = new Map<string, string>();
  for (const [s, ref] of judged(j)) {
    for (const e of s.events) {
      if (e.type === 'level') {
        const k = `${e.symbol} ${e.side} ${e.price}`;
        if (e.orders === 0) levels.delete(k);
        else levels.set(k, `${e.quantity}/${e.orders}`);
      } else if (e.type === 'bbo') bbo.set(e.symbol, `${e.bidPrice}:${e.bidQuantity} ${e.askPrice}:${e.askQuantity}`);
    }
    const truth = new Map<string, string>();
    for (const b of ref.book) {
      for (const [side, ls] of [['buy', b.bids], ['sell', b.asks]] as const) for (const l of ls) truth.set(`${b.symbol} ${side} ${l.price}`, `${l.quantity}/${l.orders.length}`);
      const top = `${b.bids[0]?.price ?? null}:${b.bids[0]?.quantity ?? '0'} ${b.asks[0]?.price ?? null}:${b.asks[0]?.quantity ?? '0'}`;
      if ((bbo.get(b.symbol) ?? 'null:0 null:0') !== top) throw new StepMismatch(s.index, `bbo of ${b.symbol} stale after ${at(s.index, s.command)}`, top, bbo.get(b.symbol), { kind: 'bbo-differs', path: 'bbo' });
    }
    sameAt(s.index, `levels rebuilt from updates after ${at(s.index, s.command)}`, [...truth].sort(), [...levels].sort(), { kind: 'level-differs', path: 'level' });
  }
};

// ---- modify and STP -------------------------------------------------------------------------

/**
 * A modify keeps queue priority iff the price (the input's, else the reference's) is unchanged
 * and the quantity does not exceed the reference's open quantity; the subject's `priority` says
 * so, its reported queue at the order's level is the reference's, and its later trades never
 * fill an order past one the reference queues ahead at that level where a modified order is
 * involved (an order that lost priority jumping back, or one that kept it being passed).
 */
export const checkModifyPriority: Checker = (j) => {
  let modifiedBefore: ReadonlySet<string> = new Set();
  for (const [s, ref] of judged(j)) {
    const c = fieldsOf(s.command);
    const used = new Map<string, bigint>();
    for (const e of s.events) {
      if (e.type === 'cancelled' && ref.before.has(e.id)) used.set(e.id, (used.get(e.id) ?? 0n) + int(e.quantity, 'cancelled.quantity', s));
      if (e.type !== 'trade') continue;
      const m = ref.before.get(e.makerId);
      if (!m) continue; // a maker the reference does not hold: lifecycle.dead-never-fill's finding
      for (const ahead of m.queue.slice(0, m.position)) {
        const a = ref.before.get(ahead)!;
        if ((used.get(ahead) ?? 0n) < a.remaining && (modifiedBefore.has(ahead) || modifiedBefore.has(m.id))) {
          throw new StepMismatch(s.index, `${e.makerId} filled before ${ahead}, which the reference queues ahead of it at ${m.price}, at ${at(s.index, s.command)}`, m.queue.slice(0, m.position + 1), e, { kind: 'queue-jump', path: 'trade.makerId' });
        }
      }
      used.set(e.makerId, (used.get(e.makerId) ?? 0n) + int(e.quantity, 'trade.quantity', s));
    }
    modifiedBefore = ref.modified;
    if (c.type !== 'modify' || typeof c.id !== 'string') continue;
    const modified = s.events.find((e) => e.type === 'modified');
    if (!modified || modified.type !== 'modified') continue;
    const was = ref.before.get(c.id);
    const quantity = inputInt(c.quantity);
    if (!was || quantity === undefined) throw new StepMismatch(s.index, `modified ${c.id}, which does not rest, at ${at(s.index, s.command)}`, undefined, modified, { kind: 'modified-not-resting', path: 'modified.id' });
    const price = c.price === undefined || c.price === null ? was.price : inputInt(c.price);
    const keep = price === was.price && quantity <= was.remaining;
    if (modified.priority !== (keep ? 'kept' : 'lost')) throw new StepMismatch(s.index, `priority ${modified.priority} at ${at(s.index, s.command)}`, keep ? 'kept' : 'lost', modified.priority, { kind: 'priority-flag', path: 'modified.priority' });
    const now = ref.after.get(c.id);
    if (!now || !s.book) continue; // traded away as it re-entered
    const reported = s.book.find((b) => b.symbol === now.symbol)?.[now.side === 'buy' ? 'bids' : 'asks'].find((l) => l.price === now.price.toString())?.orders.map((o) => o.id);
    sameAt(s.index, `queue at ${now.symbol} ${now.side} ${now.price} after ${at(s.index, s.command)}`, now.queue, reported, { kind: 'queue-position', path: 'book.orders' });
  }
};
