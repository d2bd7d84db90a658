import type { BookSnapshot, MatchingAdapter, MatchingEvent } from '../../adapters/matching.ts';
import { Mismatch, assertSameCanonical } from '../mismatch.ts';
import { defineProperty, type Catalog } from '../property.ts';
import { matchingFlow, type MatchingFlow } from '../arbitraries/matching-flow.ts';
import { MatchingModel } from './model.ts';
import { fields, isMarketData, locateOrders, replayFlow } from './flow-runner.ts';

/**
 * The matching catalog: every property replays a generated order flow (properties/arbitraries/
 * matching-flow.ts) command by command against the subject and checks it after each command,
 * so a counterexample shrinks to the shortest flow and names the command that went wrong.
 */
const C = 'matching';
const at = (i: number, command: unknown) => `command #${i} ${JSON.stringify(command)}`;
const flowProperty = (
  id: string,
  title: string,
  requires: readonly string[],
  check: (subject: MatchingAdapter, oracle: MatchingAdapter, flow: MatchingFlow) => Promise<void>,
) =>
  defineProperty<MatchingAdapter, MatchingFlow>({
    id: `${C}.${id}`,
    component: C,
    title,
    requires,
    arbitrary: (caps) => matchingFlow(caps),
    check,
  });

const big = (s: string | null | undefined) => (s === null || s === undefined ? undefined : BigInt(s));

export const equivalence = flowProperty('vendor.equivalence', 'same events as the reference after every command, and the same books', [], async (subject, oracle, flow) => {
  // Without declared market data, level/bbo events are not compared (on either side).
  const keep = (es: readonly MatchingEvent[]) => es.filter((e) => subject.capabilities.marketData || !isMarketData(e));
  const expected: { events: MatchingEvent[]; after: readonly BookSnapshot[] }[] = [];
  await replayFlow(oracle, flow, (s) => void expected.push({ events: keep(s.events), after: s.after }));
  await replayFlow(subject, flow, (s) => {
    const want = expected[s.index]!;
    assertSameCanonical(`events of ${at(s.index, s.command)}`, want.events, keep(s.events));
    assertSameCanonical(`books after ${at(s.index, s.command)}`, want.after, s.after);
  });
});

export const priorityModel = flowProperty('priority.model', 'fills follow price-time priority as the simple sort-every-time model says', [], async (subject, _oracle, flow) => {
  const model = new MatchingModel(new Map(flow.config.symbols.map((s) => [s.symbol, BigInt(s.tickSize)])));
  await replayFlow(subject, flow, (s) => {
    const fills = (es: readonly MatchingEvent[]) => es.filter((e) => e.type === 'trade');
    assertSameCanonical(`trades of ${at(s.index, s.command)}`, fills(model.apply(s.command)), fills(s.events));
    assertSameCanonical(`queues after ${at(s.index, s.command)}`, model.snapshot(), s.after);
  });
});

export const neverCrossed = flowProperty('book.never-crossed', 'the book never rests crossed; levels strictly ordered best first, none empty, totals add up', [], async (subject, _o, flow) => {
  await replayFlow(subject, flow, (s) => {
    for (const b of s.after) {
      const bid = big(b.bids[0]?.price);
      const ask = big(b.asks[0]?.price);
      if (bid !== undefined && ask !== undefined && bid >= ask) throw new Mismatch(`${b.symbol} crossed after ${at(s.index, s.command)}: bid ${bid} >= ask ${ask}`, undefined, b);
      for (const [name, levels, better] of [['bids', b.bids, 1n], ['asks', b.asks, -1n]] as const) {
        levels.forEach((l, i) => {
          const prev = levels[i - 1];
          if (prev && (BigInt(prev.price) - BigInt(l.price)) * better <= 0n) throw new Mismatch(`${b.symbol} ${name} not strictly best-first after ${at(s.index, s.command)}`, undefined, levels);
          const sum = l.orders.reduce((a, o) => a + BigInt(o.quantity), 0n);
          if (l.orders.length === 0 || sum !== BigInt(l.quantity) || l.orders.some((o) => BigInt(o.quantity) <= 0n)) {
            throw new Mismatch(`${b.symbol} ${name} level ${l.price} inconsistent after ${at(s.index, s.command)}`, { quantity: sum.toString() }, l);
          }
        });
      }
    }
  });
});

export const conserved = flowProperty('quantity.conserved', 'for every order: accepted (or modified-to) quantity = filled + cancelled + expired + resting', [], async (subject, _o, flow) => {
  const open = new Map<string, bigint>(); // quantity not yet accounted for by an outcome
  await replayFlow(subject, flow, (s) => {
    const take = (id: string, q: bigint, what: string) => {
      const left = open.get(id);
      if (left === undefined || q <= 0n || q > left) throw new Mismatch(`${what} of ${q} on ${id} exceeds its open quantity ${left ?? 'none'} at ${at(s.index, s.command)}`, undefined, s.events);
      open.set(id, left - q);
    };
    for (const e of s.events) {
      if (e.type === 'accepted' || e.type === 'modified') open.set(e.id, BigInt(e.quantity));
      else if (e.type === 'trade') {
        take(e.makerId, BigInt(e.quantity), 'fill');
        take(e.takerId, BigInt(e.quantity), 'fill');
      } else if (e.type === 'cancelled' || e.type === 'expired') take(e.id, BigInt(e.quantity), e.type);
    }
    const resting = locateOrders(s.after);
    for (const [id, left] of open) {
      const r = resting.get(id);
      const rest = r ? BigInt(r.quantity) : 0n;
      if (rest !== left) throw new Mismatch(`order ${id}: open quantity ${left} but ${rest} resting after ${at(s.index, s.command)}`, left.toString(), rest.toString());
      if (!r) open.delete(id);
    }
    for (const id of resting.keys()) if (!open.has(id)) throw new Mismatch(`order ${id} rests without being accepted after ${at(s.index, s.command)}`);
  });
});

export const makerPrice = flowProperty('trade.maker-price', 'every trade prints at the resting order’s price, within the taker’s limit', [], async (subject, _o, flow) => {
  await replayFlow(subject, flow, (s) => {
    const before = locateOrders(s.before);
    const c = fields(s.command);
    for (const e of s.events) {
      if (e.type !== 'trade') continue;
      const maker = before.get(e.makerId);
      if (!maker || maker.price !== e.price) throw new Mismatch(`trade ${e.makerId}/${e.takerId} at ${at(s.index, s.command)} not at the maker's price`, maker?.price, e.price);
      const limit = c.type === 'modify' ? (c.price ?? before.get(e.takerId)?.price) : c.orderType === 'limit' ? c.price : undefined;
      if (limit !== undefined && limit !== null) {
        const p = BigInt(e.price), l = BigInt(String(limit));
        if (e.takerSide === 'buy' ? p > l : p < l) throw new Mismatch(`trade at ${p} beyond the taker's limit ${l} at ${at(s.index, s.command)}`);
      }
    }
  });
});

export const deadNeverFill = flowProperty('lifecycle.dead-never-fill', 'cancelled, expired and filled orders leave the book and never trade again', [], async (subject, _o, flow) => {
  const dead = new Set<string>();
  await replayFlow(subject, flow, (s) => {
    for (const e of s.events) {
      if (e.type === 'accepted') dead.delete(e.id);
      else if (e.type === 'trade') {
        for (const id of [e.makerId, e.takerId]) if (dead.has(id)) throw new Mismatch(`${id} traded after it was finished, at ${at(s.index, s.command)}`, undefined, e);
      }
    }
    const resting = locateOrders(s.after);
    for (const e of s.events) {
      if ((e.type === 'cancelled' && e.remaining === '0') || e.type === 'expired') dead.add(e.id);
      if (e.type === 'trade') for (const id of [e.makerId, e.takerId]) if (!resting.has(id)) dead.add(id);
    }
    for (const id of dead) if (resting.has(id)) throw new Mismatch(`${id} still rests after it was cancelled or expired, at ${at(s.index, s.command)}`);
  });
});

export const iocNeverRests = flowProperty('tif.ioc-never-rests', 'IOC, FOK and market orders never rest', [], async (subject, _o, flow) => {
  await replayFlow(subject, flow, (s) => {
    const c = fields(s.command);
    if (c.type !== 'new' || (c.orderType === 'limit' && (c.tif ?? 'gtc') === 'gtc')) return;
    if (typeof c.id === 'string' && s.events.some((e) => e.type === 'accepted') && locateOrders(s.after).has(c.id)) {
      throw new Mismatch(`${c.orderType}/${String(c.tif)} order ${c.id} rests after ${at(s.index, s.command)}`, undefined, s.after);
    }
  });
});

export const fokAllOrNothing = flowProperty('tif.fok-all-or-nothing', 'a FOK trades its whole quantity or nothing, and when nothing it changes nothing', ['fok'], async (subject, _o, flow) => {
  await replayFlow(subject, flow, (s) => {
    const c = fields(s.command);
    if (c.type !== 'new' || c.tif !== 'fok' || !s.events.some((e) => e.type === 'accepted')) return;
    const filled = s.events.reduce((a, e) => a + (e.type === 'trade' && e.takerId === c.id ? BigInt(e.quantity) : 0n), 0n);
    if (filled === 0n) assertSameCanonical(`FOK without fills changed the book at ${at(s.index, s.command)}`, s.before, s.after);
    else if (filled !== BigInt(String(c.quantity))) throw new Mismatch(`FOK ${String(c.id)} filled partially at ${at(s.index, s.command)}`, String(c.quantity), filled.toString());
  });
});

export const rejectNoChange = flowProperty('reject.no-change', 'a bad command gets exactly one rejected event (the reference’s reason) and changes nothing', [], async (subject, oracle, flow) => {
  const expected: MatchingEvent[][] = [];
  await replayFlow(oracle, flow, (s) => void expected.push([...s.events]));
  await replayFlow(subject, flow, (s) => {
    const want = expected[s.index]!;
    const rejected = s.events.some((e) => e.type === 'rejected') || want[0]?.type === 'rejected';
    if (!rejected) return;
    assertSameCanonical(`rejection of ${at(s.index, s.command)}`, want, s.events);
    assertSameCanonical(`books after rejected ${at(s.index, s.command)}`, s.before, s.after);
  });
});

export const marketDataConsistent = flowProperty('md.consistent', 'level and bbo updates rebuild the book’s aggregates after every command', ['marketData'], async (subject, _o, flow) => {
  const levels = new Map<string, string>(); // "symbol side price" -> "quantity/orders"
  const bbo = new Map<string, string>();
  await replayFlow(subject, flow, (s) => {
    for (const e of s.events) {
      if (e.type === 'level') {
        const k = `${e.symbol} ${e.side} ${e.price}`;
        if (e.orders === 0) levels.delete(k);
        else levels.set(k, `${e.quantity}/${e.orders}`);
      } else if (e.type === 'bbo') bbo.set(e.symbol, `${e.bidPrice}:${e.bidQuantity} ${e.askPrice}:${e.askQuantity}`);
    }
    const truth = new Map<string, string>();
    for (const b of s.after) {
      for (const [side, ls] of [['buy', b.bids], ['sell', b.asks]] as const) for (const l of ls) truth.set(`${b.symbol} ${side} ${l.price}`, `${l.quantity}/${l.orders.length}`);
      const top = `${b.bids[0]?.price ?? null}:${b.bids[0]?.quantity ?? '0'} ${b.asks[0]?.price ?? null}:${b.asks[0]?.quantity ?? '0'}`;
      if ((bbo.get(b.symbol) ?? 'null:0 null:0') !== top) throw new Mismatch(`bbo of ${b.symbol} stale after ${at(s.index, s.command)}`, top, bbo.get(b.symbol));
    }
    assertSameCanonical(`levels rebuilt from updates after ${at(s.index, s.command)}`, [...truth].sort(), [...levels].sort());
  });
});

export const noSelfTrade = flowProperty('stp.no-self-trade', 'with STP on, an account never trades with itself', ['stp'], async (subject, _o, flow) => {
  await replayFlow(subject, flow, (s) => {
    const c = fields(s.command);
    const before = locateOrders(s.before);
    const stp = c.type === 'new' ? (c.stp ?? 'none') : undefined; // a modify's mode is the order's own: checked via equivalence
    if (stp === undefined || stp === 'none') return;
    for (const e of s.events) {
      if (e.type === 'trade' && before.get(e.makerId)?.account === c.account) throw new Mismatch(`self-trade of ${String(c.account)} under ${String(stp)} at ${at(s.index, s.command)}`, undefined, e);
    }
  });
});

export const modifyPriority = flowProperty('modify.priority', 'a size decrease keeps queue position; a price change or size increase goes to the back', ['modify'], async (subject, _o, flow) => {
  await replayFlow(subject, flow, (s) => {
    const c = fields(s.command);
    if (c.type !== 'modify' || typeof c.id !== 'string') return;
    const modified = s.events.find((e) => e.type === 'modified');
    if (!modified || modified.type !== 'modified') return;
    const was = locateOrders(s.before).get(c.id);
    const now = locateOrders(s.after).get(c.id);
    if (!was) throw new Mismatch(`modified ${c.id}, which was not resting, at ${at(s.index, s.command)}`);
    const keep = modified.price === was.price && BigInt(modified.quantity) <= BigInt(was.quantity);
    if ((modified.priority === 'kept') !== keep) throw new Mismatch(`priority ${modified.priority} at ${at(s.index, s.command)}`, keep ? 'kept' : 'lost', modified.priority);
    if (!now) return; // traded away as it re-entered
    const level = s.after.find((b) => b.symbol === now.symbol)?.[now.side === 'buy' ? 'bids' : 'asks'].find((l) => l.price === now.price);
    const expectedPosition = keep ? was.position : level!.orders.length - 1;
    if (now.position !== expectedPosition) throw new Mismatch(`queue position of ${c.id} after ${at(s.index, s.command)}`, expectedPosition, now.position);
  });
});

export const matchingCatalog: Catalog<MatchingAdapter> = [
  equivalence,
  priorityModel,
  neverCrossed,
  conserved,
  makerPrice,
  deadNeverFill,
  iocNeverRests,
  fokAllOrNothing,
  rejectNoChange,
  marketDataConsistent,
  noSelfTrade,
  modifyPriority,
];
