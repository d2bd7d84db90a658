/**
 * reference/matching — a price-time priority limit order book (spec/exchange/matching.md).
 *
 * Usage:
 *   import { createMatchingEngine } from '../reference/matching/index.ts';
 *   const engine = createMatchingEngine({ symbols: [{ symbol: 'X', tickSize: 1 }] });
 *   const events = engine.apply({ type: 'new', id: 'o1', account: 'A', symbol: 'X', side: 'buy',
 *                                 orderType: 'limit', price: '100', quantity: '5' });
 *   // -> [{type:'accepted',...}, {type:'level',...}, {type:'bbo',...}]
 *   const trades = events.filter((e) => e.type === 'trade');
 *   engine.snapshot('X');   // [{ symbol:'X', bids:[{price,quantity,orders:[{id,account,quantity}]}], asks:[] }]
 *
 * - `apply(command)` takes any value (e.g. straight from JSON.parse); bad commands produce exactly
 *   one `rejected` event and change nothing. It never throws on input.
 * - Commands: new (limit / market; tif gtc / ioc / fok; postOnly; stp), cancel {id},
 *   modify {id, price?, quantity} where quantity is the new OPEN quantity; same price and no
 *   increase keeps queue priority, anything else re-queues at the back (and may trade).
 * - Events per command, in this order: accepted | modified | cancelled(user) | rejected, then
 *   trades and self-trade cancels in matching order, then expired, then level updates (bids best
 *   first, then asks best first), then bbo if the top of book changed.
 * - Prices/quantities: decimal strings, safe-integer numbers or bigints on input; decimal strings
 *   on output. Order ids must be unique among RESTING orders (a finished id may be reused).
 * - `applyTo(command, sink)` streams the same events without building an array;
 *   `applyTo(command, sink, true)` also lets the engine reuse event objects (the sink promises
 *   to use each event only during its call): no allocation per event on the hot path.
 * - `bbo(symbol)` gives the current top of book in O(1) (e.g. to infer the mid price).
 */
export { MatchingEngine, createMatchingEngine } from './engine.ts';
export { readInteger, readPositive } from './integer-input.ts';
export * from './types.ts';
