import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { MatchingEngine, createMatchingEngine } from './engine.ts';
import type { MatchingEvent, StpMode } from './types.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

const X = { symbols: [{ symbol: 'X', tickSize: 1 }] };
let seq = 0;
function lim(side: 'buy' | 'sell', price: number, quantity: number, extra: Record<string, unknown> = {}) {
  return { type: 'new', id: `o${++seq}`, account: 'A', symbol: 'X', side, orderType: 'limit', price: String(price), quantity: String(quantity), ...extra };
}
const trades = (es: MatchingEvent[]) => es.flatMap((e) => (e.type === 'trade' ? [[e.makerId, e.takerId, e.price, e.quantity]] : []));
const types = (es: MatchingEvent[]) => es.map((e) => e.type);
const queue = (e: MatchingEngine, side: 'bids' | 'asks', i = 0) => e.snapshot('X')[0]![side][i]?.orders.map((o) => `${o.id}:${o.quantity}`);

describe('matching engine', () => {
  it('fills by price then time, at the maker price, and rests the remainder', () => {
    const e = createMatchingEngine(X);
    e.apply({ ...lim('sell', 101, 2), id: 's1' });
    e.apply({ ...lim('sell', 100, 2), id: 's2' });
    e.apply({ ...lim('sell', 100, 2), id: 's3' });
    const ev = e.apply({ ...lim('buy', 101, 7, { account: 'B' }), id: 'b1' });
    expect(trades(ev)).toEqual([
      ['s2', 'b1', '100', '2'],
      ['s3', 'b1', '100', '2'],
      ['s1', 'b1', '101', '2'],
    ]);
    expect(types(ev)).toEqual(['accepted', 'trade', 'trade', 'trade', 'level', 'level', 'level', 'bbo']);
    expect(queue(e, 'bids')).toEqual(['b1:1']);
    expect(ev.at(-1)).toEqual({ type: 'bbo', symbol: 'X', bidPrice: '101', bidQuantity: '1', askPrice: null, askQuantity: '0' });
  });

  it('IOC and market remainders expire; FOK is all or nothing', () => {
    const e = createMatchingEngine(X);
    e.apply({ ...lim('sell', 100, 3), id: 's1' });
    expect(types(e.apply({ ...lim('buy', 100, 5, { tif: 'fok', account: 'B' }), id: 'f1' }))).toEqual(['accepted', 'expired']);
    expect(queue(e, 'asks')).toEqual(['s1:3']);
    const ioc = e.apply({ ...lim('buy', 100, 2, { tif: 'ioc', account: 'B' }), id: 'i1' });
    expect(trades(ioc)).toEqual([['s1', 'i1', '100', '2']]);
    const mkt = e.apply({ type: 'new', id: 'm1', account: 'B', symbol: 'X', side: 'buy', orderType: 'market', quantity: 4 });
    expect(mkt.filter((x) => x.type === 'expired')).toEqual([{ type: 'expired', id: 'm1', symbol: 'X', quantity: '3' }]);
    expect(e.snapshot('X')[0]).toEqual({ symbol: 'X', bids: [], asks: [] });
  });

  it('modify: decrease keeps priority, increase or reprice goes to the back', () => {
    const e = createMatchingEngine(X);
    for (const id of ['a', 'b', 'c']) e.apply({ ...lim('buy', 100, 5), id });
    expect(e.apply({ type: 'modify', id: 'a', quantity: '4' })[0]).toMatchObject({ type: 'modified', priority: 'kept' });
    expect(queue(e, 'bids')).toEqual(['a:4', 'b:5', 'c:5']);
    expect(e.apply({ type: 'modify', id: 'a', quantity: '6' })[0]).toMatchObject({ priority: 'lost' });
    expect(queue(e, 'bids')).toEqual(['b:5', 'c:5', 'a:6']);
    e.apply({ type: 'modify', id: 'b', price: '99', quantity: '5' });
    e.apply({ type: 'modify', id: 'b', price: '100', quantity: '5' });
    expect(queue(e, 'bids')).toEqual(['c:5', 'a:6', 'b:5']);
    // A reprice that crosses trades as a taker at the maker's price.
    e.apply({ ...lim('sell', 103, 2, { account: 'S' }), id: 's' });
    const ev = e.apply({ type: 'modify', id: 'c', price: '104', quantity: '5' });
    expect(trades(ev)).toEqual([['s', 'c', '103', '2']]);
    expect(queue(e, 'bids')).toEqual(['c:3']);
  });

  const stpCase = (stp: StpMode) => {
    const e = createMatchingEngine(X);
    e.apply({ ...lim('sell', 100, 3), id: 'own' });
    e.apply({ ...lim('sell', 100, 3, { account: 'B' }), id: 'other' });
    return { ev: e.apply({ ...lim('buy', 100, 5, { stp }), id: 't' }), e };
  };
  it('self-trade prevention: each mode', () => {
    expect(trades(stpCase('none').ev)).toEqual([['own', 't', '100', '3'], ['other', 't', '100', '2']]);
    const cn = stpCase('cancel-newest');
    expect(trades(cn.ev)).toEqual([]);
    expect(cn.ev).toContainEqual({ type: 'cancelled', id: 't', symbol: 'X', quantity: '5', remaining: '0', reason: 'self-trade' });
    expect(queue(cn.e, 'asks')).toEqual(['own:3', 'other:3']);
    const co = stpCase('cancel-oldest');
    expect(trades(co.ev)).toEqual([['other', 't', '100', '3']]);
    expect(queue(co.e, 'bids')).toEqual(['t:2']);
    const cb = stpCase('cancel-both');
    expect(cb.ev.filter((x) => x.type === 'cancelled').map((x) => x.type === 'cancelled' && x.id)).toEqual(['own', 't']);
    const dc = stpCase('decrement-and-cancel');
    expect(trades(dc.ev)).toEqual([['other', 't', '100', '2']]);
    expect(dc.ev.filter((x) => x.type === 'cancelled')).toEqual([
      { type: 'cancelled', id: 'own', symbol: 'X', quantity: '3', remaining: '0', reason: 'self-trade' },
      { type: 'cancelled', id: 't', symbol: 'X', quantity: '3', remaining: '2', reason: 'self-trade' },
    ]);
  });

  it('rejects bad commands with a reason and changes nothing', () => {
    const e = createMatchingEngine({ symbols: [{ symbol: 'X', tickSize: 5 }] });
    e.apply({ ...lim('sell', 100, 3), id: 'live' });
    const before = JSON.stringify(e.snapshot());
    const base = lim('buy', 100, 1);
    const cases: [unknown, string][] = [
      [null, 'invalid-command'],
      ['new', 'invalid-command'],
      [{ type: 'nope', id: 'z' }, 'invalid-command'],
      [{ ...base, id: '' }, 'invalid-command'],
      [{ ...base, side: 'up' }, 'invalid-command'],
      [{ ...base, stp: 'sometimes' }, 'invalid-command'],
      [{ ...base, quantity: '0' }, 'invalid-quantity'],
      [{ ...base, quantity: '-1' }, 'invalid-quantity'],
      [{ ...base, quantity: 1.5 }, 'invalid-quantity'],
      [{ ...base, quantity: Number.POSITIVE_INFINITY }, 'invalid-quantity'],
      [{ ...base, quantity: Number.NaN }, 'invalid-quantity'],
      [{ ...base, quantity: '9007199254740992' }, 'invalid-quantity'],
      [{ ...base, quantity: '1e3' }, 'invalid-quantity'],
      [{ ...base, quantity: '01' }, 'invalid-quantity'],
      [{ ...base, price: undefined }, 'invalid-price'],
      [{ ...base, price: 'Infinity' }, 'invalid-price'],
      [{ ...base, price: '0' }, 'invalid-price'],
      [{ ...base, orderType: 'market' }, 'invalid-price'],
      [{ ...base, orderType: 'market', price: null, tif: 'gtc' }, 'invalid-tif'],
      [{ ...base, tif: 'ioc', postOnly: true }, 'invalid-post-only'],
      [{ ...base, symbol: 'Y' }, 'unknown-symbol'],
      [{ ...base, price: '101' }, 'off-tick'],
      [{ ...base, id: 'live' }, 'duplicate-id'],
      [{ ...base, postOnly: true }, 'post-only-would-cross'],
      [{ type: 'cancel', id: 'ghost' }, 'unknown-id'],
      [{ type: 'modify', id: 'live', quantity: '0' }, 'invalid-quantity'],
      [{ type: 'modify', id: 'live', quantity: '1', price: '102' }, 'off-tick'],
      [{ type: 'modify', id: 'ghost', quantity: '1' }, 'unknown-id'],
    ];
    for (const [c, reason] of cases) {
      expect(e.apply(c), JSON.stringify(c) ?? 'undefined').toEqual([{ type: 'rejected', id: (c as { id?: unknown })?.id === '' ? '' : typeof (c as { id?: unknown })?.id === 'string' ? (c as { id: string }).id : null, reason }]);
      expect(JSON.stringify(e.snapshot())).toBe(before);
    }
  });

  it('refuses a level total above 2^53-1 but allows exactly the maximum', () => {
    const e = createMatchingEngine(X);
    const max = Number.MAX_SAFE_INTEGER;
    e.apply({ ...lim('buy', 100, max - 1), id: 'big' });
    expect(e.apply({ ...lim('buy', 100, 2), id: 'over' })).toEqual([{ type: 'rejected', id: 'over', reason: 'quantity-overflow' }]);
    expect(types(e.apply({ ...lim('buy', 100, 1), id: 'fits' }))).toEqual(['accepted', 'level', 'bbo']);
    expect(e.snapshot('X')[0]!.bids[0]!.quantity).toBe(String(max));
    expect(e.apply({ type: 'modify', id: 'fits', quantity: '2' })).toEqual([{ type: 'rejected', id: 'fits', reason: 'quantity-overflow' }]);
    // Exact sums at the edge: a taker of 2^53-1 sweeps it all.
    const ev = e.apply({ ...lim('sell', 100, max, { account: 'B' }), id: 'sweep' });
    expect(trades(ev)).toEqual([['big', 'sweep', '100', String(max - 1)], ['fits', 'sweep', '100', '1']]);
  });

  it('accepts safe-integer numbers and bigints like decimal strings', () => {
    const a = createMatchingEngine(X);
    const b = createMatchingEngine(X);
    expect(a.apply({ ...lim('buy', 100, 3), id: 'n', price: 100, quantity: 3 })).toEqual(b.apply({ ...lim('buy', 100, 3), id: 'n', price: 100n, quantity: '3' }));
  });

  it('without a symbol list accepts any symbol, registering it only when an order is accepted', () => {
    const e = createMatchingEngine({ tickSize: 2 });
    expect(e.apply({ ...lim('buy', 101, 1), symbol: 'Q' })[0]).toMatchObject({ reason: 'off-tick' });
    expect(e.snapshot()).toEqual([]);
    e.apply({ ...lim('buy', 100, 1), symbol: 'Q' });
    e.apply({ ...lim('buy', 100, 1), symbol: 'P' });
    expect(e.snapshot().map((s) => s.symbol)).toEqual(['P', 'Q']);
  });

  it('off-tick agrees with exact integer remainder for every tick size and price range', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 1000 }), fc.integer({ min: 2 ** 31 - 5, max: 2 ** 40 })),
        fc.oneof(fc.integer({ min: 1, max: 2 ** 31 + 5 }), fc.maxSafeInteger().filter((p) => p > 0)),
        fc.boolean(),
        (tick, p, onGrid) => {
          const price = onGrid ? Math.max(1, Math.floor(p / tick)) * tick : p;
          fc.pre(Number.isSafeInteger(price));
          const e = createMatchingEngine({ symbols: [{ symbol: 'X', tickSize: tick }] });
          const off = BigInt(price) % BigInt(tick) !== 0n;
          const first = e.apply({ type: 'new', id: 'o', account: 'A', symbol: 'X', side: 'buy', orderType: 'limit', price: String(price), quantity: '1' })[0];
          expect(first?.type === 'rejected' && first.reason === 'off-tick').toBe(off);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('keeps books apart when commands alternate between symbols, the empty symbol included', () => {
    const e = createMatchingEngine();
    const n = (id: string, symbol: string, side: 'buy' | 'sell', price: string) => ({ type: 'new', id, account: 'A', symbol, side, orderType: 'limit', price, quantity: '1' });
    e.apply(n('e1', '', 'buy', '10'));
    e.apply(n('e2', '', 'buy', '10'));
    e.apply(n('a1', 'A', 'buy', '10'));
    e.apply(n('b1', 'B', 'sell', '20'));
    e.apply(n('a2', 'A', 'buy', '11'));
    expect(e.apply({ type: 'cancel', id: 'e1' }).find((x) => x.type === 'level')).toEqual({ type: 'level', symbol: '', side: 'buy', price: '10', quantity: '1', orders: 1 });
    expect(e.snapshot().map((b) => [b.symbol, b.bids.map((l) => l.orders.map((o) => o.id).join()), b.asks.length])).toEqual([
      ['', ['e2'], 0],
      ['A', ['a2', 'a1'], 0],
      ['B', [], 1],
    ]);
  });

  it('rejects invalid options', () => {
    expect(() => createMatchingEngine({ tickSize: 0 })).toThrow(RangeError);
    expect(() => createMatchingEngine({ symbols: [{ symbol: 'X', tickSize: 1.5 }] })).toThrow(RangeError);
    expect(() => createMatchingEngine({ symbols: ['X', 'X'] })).toThrow(RangeError);
  });

  it('a 100k-order level cancels from the middle and sweeps in one command', () => {
    const e = new MatchingEngine(X);
    const n = 100_000;
    for (let i = 0; i < n; i++) e.applyTo({ type: 'new', id: `d${i}`, account: 'A', symbol: 'X', side: 'sell', orderType: 'limit', price: 100, quantity: 1 }, () => {});
    for (let i = 1; i < n; i += 2) e.applyTo({ type: 'cancel', id: `d${i}` }, () => {});
    expect(e.restingOrders).toBe(n / 2);
    let fills = 0;
    let last = '';
    e.applyTo({ type: 'new', id: 'sweep', account: 'B', symbol: 'X', side: 'buy', orderType: 'market', quantity: n }, (ev) => {
      if (ev.type === 'trade') {
        fills++;
        last = ev.makerId;
      }
    });
    expect(fills).toBe(n / 2);
    expect(last).toBe(`d${n - 2}`);
    expect(e.restingOrders).toBe(0);
  });
});

describe('bbo()', () => {
  it('reports the top of book in O(1), like the last bbo event', () => {
    const e = createMatchingEngine(X);
    expect(e.bbo('X')).toEqual({ type: 'bbo', symbol: 'X', bidPrice: null, bidQuantity: '0', askPrice: null, askQuantity: '0' });
    e.apply({ ...lim('buy', 99, 2), id: 'b' });
    const ev = e.apply({ ...lim('sell', 101, 3), id: 'a' });
    expect(e.bbo('X')).toEqual(ev.at(-1));
  });
});

describe('transient sinks and recycled orders / levels', () => {
  // Small id, price and account alphabets: ids are reused after fills and cancels, levels empty
  // and reappear, STP modes meet own orders, so recycled nodes and levels are exercised.
  const STPS = ['none', 'cancel-newest', 'cancel-oldest', 'cancel-both', 'decrement-and-cancel'];
  const command = fc.oneof(
    fc.record({
      type: fc.constant('new'),
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      account: fc.constantFrom('A', 'B'),
      symbol: fc.constant('X'),
      side: fc.constantFrom('buy', 'sell'),
      orderType: fc.constant('limit'),
      tif: fc.constantFrom('gtc', 'gtc', 'ioc', 'fok'),
      price: fc.integer({ min: 98, max: 102 }),
      quantity: fc.integer({ min: 1, max: 6 }),
      stp: fc.constantFrom(...STPS),
    }),
    fc.record({ type: fc.constant('cancel'), id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f') }),
    fc.record({ type: fc.constant('modify'), id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), price: fc.integer({ min: 98, max: 102 }), quantity: fc.integer({ min: 1, max: 6 }) }),
  );

  it('a transient sink sees, during each call, exactly the events apply() returns', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 80 }), (commands) => {
        const fresh = new MatchingEngine(X);
        const reused = new MatchingEngine(X);
        for (const c of commands) {
          const seen: string[] = [];
          reused.applyTo(c, (ev) => void seen.push(JSON.stringify(ev)), true);
          expect(seen).toEqual(fresh.apply(c).map((ev) => JSON.stringify(ev)));
        }
        expect(reused.snapshot()).toEqual(fresh.snapshot());
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('a recycled order node carries nothing over from its previous order', () => {
    const e = createMatchingEngine(X);
    e.apply({ ...lim('sell', 101, 1), id: 'o1' });
    e.apply({ ...lim('sell', 101, 1), id: 'o2' });
    e.apply({ ...lim('sell', 100, 2, { stp: 'cancel-both' }), id: 's' });
    e.apply({ ...lim('buy', 100, 2, { account: 'B' }), id: 'b' }); // fills s: both nodes recycled
    // The next two orders get those nodes; each must act on its own stp ('none': trade with A's own asks).
    expect(trades(e.apply({ ...lim('buy', 101, 1), id: 's' }))).toEqual([['o1', 's', '101', '1']]);
    expect(trades(e.apply({ ...lim('buy', 101, 1), id: 't' }))).toEqual([['o2', 't', '101', '1']]);
    e.apply({ ...lim('buy', 99, 3), id: 'b' });
    expect(queue(e, 'bids')).toEqual(['b:3']);
    expect(e.snapshot('X')[0]!.asks).toEqual([]);
    expect(e.restingOrders).toBe(1);
  });
});
