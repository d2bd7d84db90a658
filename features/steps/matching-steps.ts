import { strict as assert } from 'node:assert';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { STP_CAPABILITIES, type MatchingAdapter, type MatchingEvent } from '../../adapters/matching.ts';
import type { FairwireWorld } from '../support/world.ts';

/**
 * Matching steps: commands as table rows (canonical command fields, blank cells omitted), trades
 * and the book read back through the adapter under test.
 */
interface BookState {
  symbol: string;
  events: MatchingEvent[];
}

const books = new WeakMap<FairwireWorld, BookState>();

function book(w: FairwireWorld): BookState {
  const b = books.get(w);
  assert.ok(b, 'no book (start with "Given an empty order book for symbol ...")');
  return b;
}

Given('an empty order book for symbol {string} with tick size {int}', async function (this: FairwireWorld, symbol: string, tickSize: number) {
  const engine = await this.adapter<MatchingAdapter>('matching');
  await engine.reset({ symbols: [{ symbol, tickSize }] });
  books.set(this, { symbol, events: [] });
});

/** A table row as a command: `command` is new (default) / cancel / modify; blank cells are left out. */
function commandOf(row: Record<string, string>, symbol: string): Record<string, unknown> {
  const type = row.command?.trim() || 'new';
  const cmd: Record<string, unknown> = { type, id: row.id };
  const put = (key: string, value: string | undefined, asInt = false) => {
    const v = value?.trim();
    if (v) cmd[key] = asInt ? Number(v) : v;
  };
  if (type === 'new') {
    cmd.symbol = symbol;
    put('account', row.account || 'acct');
    put('side', row.side);
    put('orderType', row.type || 'limit');
    put('tif', row.tif);
    put('stp', row.stp);
  }
  put('price', row.price, true);
  put('quantity', row.quantity, true);
  return cmd;
}

When('these commands are applied:', async function (this: FairwireWorld, table: DataTable) {
  const b = book(this);
  const engine = await this.adapter<MatchingAdapter>('matching');
  // A scenario using a feature the engine does not declare is skipped, not failed.
  const caps = engine.capabilities;
  const rows = table.hashes();
  // A modify to at most the size a row gave the order, at its price, is a decrease: it needs modifyDecreaseKeepsPriority.
  const given = new Map<string, { price: string; quantity: bigint }>();
  const decrease = (r: Record<string, string>) => {
    const id = r.id?.trim() ?? '';
    const was = given.get(id);
    const price = r.price?.trim() || was?.price || '';
    const quantity = /^[0-9]+$/.test(r.quantity?.trim() ?? '') ? BigInt(r.quantity!.trim()) : undefined;
    if (quantity !== undefined) given.set(id, { price, quantity });
    return r.command?.trim() === 'modify' && was !== undefined && quantity !== undefined && price === was.price && quantity <= was.quantity;
  };
  const stp = new Map<string, keyof typeof caps>(Object.entries(STP_CAPABILITIES));
  const needs = (r: Record<string, string>) => [
    r.tif?.trim() === 'ioc' && !caps.ioc,
    r.tif?.trim() === 'fok' && !caps.fok,
    r.tif?.trim() === 'fok' && r.type?.trim() === 'market' && !caps.fokMarket,
    r.command?.trim() === 'modify' && !caps.modify,
    decrease(r) && !caps.modifyDecreaseKeepsPriority,
    !!r.stp?.trim() && r.stp.trim() !== 'none' && !(stp.get(r.stp.trim()) !== undefined && caps[stp.get(r.stp.trim())!]),
    r.type?.trim() === 'market' && !caps.market,
  ];
  if (rows.some((r) => needs(r).some(Boolean))) return 'skipped';
  for (const row of rows) {
    const events = await engine.apply(commandOf(row, b.symbol));
    const rejected = events.find((e) => e.type === 'rejected');
    assert.ok(!rejected, `command ${JSON.stringify(row)} was rejected: ${JSON.stringify(rejected)}`);
    b.events.push(...events);
  }
  return undefined;
});

const tradesOf = (events: readonly MatchingEvent[]) =>
  events.flatMap((e) => (e.type === 'trade' ? [`${e.makerId} x ${e.takerId} ${e.quantity}@${e.price}`] : []));

Then('these trades happen, in this order:', function (this: FairwireWorld, table: DataTable) {
  const want = table.hashes().map((r) => `${r.maker} x ${r.taker} ${r.quantity}@${r.price}`);
  assert.deepEqual(tradesOf(book(this).events), want, 'trades (maker x taker quantity@price)');
});

Then('no trade happens', function (this: FairwireWorld) {
  assert.deepEqual(tradesOf(book(this).events), [], 'trades');
});

Then('order {string} expires with {int} unfilled', function (this: FairwireWorld, id: string, quantity: number) {
  const expired = book(this).events.filter((e) => e.type === 'expired' && e.id === id);
  assert.deepEqual(expired.map((e) => (e.type === 'expired' ? e.quantity : '')), [String(quantity)], `expired events of ${id}`);
});

Then('modifying {string} reports priority {string}', function (this: FairwireWorld, id: string, priority: string) {
  const m = book(this).events.filter((e) => e.type === 'modified' && e.id === id);
  assert.deepEqual(m.map((e) => (e.type === 'modified' ? e.priority : '')), [priority], `modified events of ${id}`);
});

Then('order {string} is cancelled to prevent a self-trade', function (this: FairwireWorld, id: string) {
  const c = book(this).events.filter((e) => e.type === 'cancelled' && e.id === id);
  assert.deepEqual(c.map((e) => (e.type === 'cancelled' ? e.reason : '')), ['self-trade'], `cancelled events of ${id}`);
});

Then(/^the (bid|ask) side of the book is empty$/, async function (this: FairwireWorld, side: string) {
  const snap = (await (await this.adapter<MatchingAdapter>('matching')).snapshot()).find((s) => s.symbol === book(this).symbol);
  assert.deepEqual(side === 'bid' ? snap?.bids : snap?.asks, [], `${side}s`);
});

Then(/^the (bid|ask) side of the book holds, best first and in queue order:$/, async function (this: FairwireWorld, side: string, table: DataTable) {
  const snap = (await (await this.adapter<MatchingAdapter>('matching')).snapshot()).find((s) => s.symbol === book(this).symbol);
  assert.ok(snap, `no snapshot for ${book(this).symbol}`);
  const levels = side === 'bid' ? snap.bids : snap.asks;
  const got = levels.flatMap((l) => l.orders.map((o) => `${o.id} ${o.quantity}@${l.price}`));
  assert.deepEqual(got, table.hashes().map((r) => `${r.id} ${r.quantity}@${r.price}`), `${side} side (id quantity@price)`);
});
