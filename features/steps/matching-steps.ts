import { strict as assert } from 'node:assert';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { STP_CAPABILITIES, type MatchingAdapter, type MatchingEvent } from '../../adapters/matching.ts';
import type { FairwireWorld } from '../support/world.ts';
import { expectThat } from './expect-that.ts';

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

/** A table row in words: "new s1: m1 sells 2 at 100 (ioc)". */
function describeCommand(row: Record<string, string>): string {
  const type = row.command?.trim() || 'new';
  if (type === 'cancel') return `the cancel of ${row.id}`;
  if (type === 'modify') return `the modify of ${row.id} to ${row.quantity?.trim() || '(same size)'}${row.price?.trim() ? ` at ${row.price.trim()}` : ''}`;
  const extras = [row.tif?.trim(), row.stp?.trim() && `stp ${row.stp.trim()}`].filter(Boolean).join(', ');
  return `order ${row.id} (${row.account?.trim() || 'acct'} ${row.side?.trim() === 'sell' ? 'sells' : 'buys'} ${row.quantity?.trim()} at ${row.price?.trim() || 'market'}${extras ? `, ${extras}` : ''})`;
}

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
    expectThat(!rejected, () => `the engine rejected ${describeCommand(row)} (reason: ${rejected?.type === 'rejected' ? rejected.reason : '?'}); the scenario needs it accepted`);
    b.events.push(...events);
  }
  return undefined;
});

interface TradeLine {
  readonly maker: string;
  readonly taker: string;
  readonly price: string;
  readonly quantity: string;
}

const tradesOf = (events: readonly MatchingEvent[]): TradeLine[] =>
  events.flatMap((e) => (e.type === 'trade' ? [{ maker: e.makerId, taker: e.takerId, price: e.price, quantity: e.quantity }] : []));

const sayTrade = (t: TradeLine) => `${t.taker} takes ${t.quantity} from ${t.maker} at ${t.price}`;
const sayTrades = (ts: readonly TradeLine[]) => (ts.length === 0 ? 'no trade' : ts.map(sayTrade).join('; '));

/**
 * Why two trade lists differ, in the terms of the rule broken: the first trade that differs, read
 * as a priority inversion, a wrong price or a missing / extra trade.
 */
function explainTrades(want: readonly TradeLine[], got: readonly TradeLine[]): string {
  const k = want.findIndex((w, i) => !got[i] || sayTrade(w) !== sayTrade(got[i]!));
  const i = k >= 0 ? k : want.length;
  const w = want[i];
  const g = got[i];
  let why: string;
  if (w && !g) why = `the trade "${sayTrade(w)}" never happened`;
  else if (!w && g) why = `the engine made a trade that should not happen: "${sayTrade(g)}"`;
  else if (w!.maker === g!.maker && w!.taker === g!.taker && w!.price !== g!.price)
    why = `${g!.taker} and ${g!.maker} traded at ${g!.price}, but a trade happens at the resting order's price, ${w!.price}`;
  else if (w!.taker === g!.taker && w!.price === g!.price && w!.maker !== g!.maker)
    why = `order ${g!.maker} traded before ${w!.maker} although ${w!.maker} was first in the queue at ${w!.price} (price-time priority)`;
  else if (w!.taker === g!.taker && w!.maker !== g!.maker && Number(g!.price) !== Number(w!.price))
    why = `${g!.taker} traded with ${g!.maker} at ${g!.price} while the better price ${w!.price} (${w!.maker}) was available`;
  else why = `trade ${i + 1} should be "${sayTrade(w!)}" but was "${sayTrade(g!)}"`;
  return `${why}.\n  expected: ${sayTrades(want)}\n  actual:   ${sayTrades(got)}`;
}

Then('these trades happen, in this order:', function (this: FairwireWorld, table: DataTable) {
  const want = table.hashes().map((r) => ({ maker: r.maker!.trim(), taker: r.taker!.trim(), price: r.price!.trim(), quantity: r.quantity!.trim() }));
  const got = tradesOf(book(this).events);
  expectThat(sayTrades(got) === sayTrades(want), () => explainTrades(want, got));
});

Then('no trade happens', function (this: FairwireWorld) {
  const got = tradesOf(book(this).events);
  expectThat(got.length === 0, () => `no trade should happen, but the engine made: ${sayTrades(got)}`);
});

Then('order {string} trades {int} lots in total', function (this: FairwireWorld, id: string, lots: number) {
  const mine = tradesOf(book(this).events).filter((t) => t.maker === id || t.taker === id);
  const total = mine.reduce((n, t) => n + BigInt(t.quantity), 0n);
  expectThat(total === BigInt(lots), () => `order ${id} should trade ${lots} lot(s) in total, but traded ${total} (${sayTrades(mine)})`);
});

Then('order {string} expires with {int} unfilled', function (this: FairwireWorld, id: string, quantity: number) {
  const expired = book(this).events.flatMap((e) => (e.type === 'expired' && e.id === id ? [e.quantity] : []));
  if (quantity === 0) {
    // Nothing left: no remainder to expire (an "expired 0" would be harmless, a positive one is not).
    expectThat(expired.every((q) => q === '0'), () => `order ${id} filled completely, so nothing of it should expire, but the engine expired ${expired.join(' and ')} lot(s)`);
    return;
  }
  expectThat(
    expired.length === 1 && expired[0] === String(quantity),
    () => `order ${id} should expire with ${quantity} lot(s) unfilled, but the engine ${expired.length === 0 ? 'never expired it (an IOC or FOK remainder must not stay live)' : `expired ${expired.join(' and ')} lot(s)`}`,
  );
});

Then('modifying {string} reports priority {string}', function (this: FairwireWorld, id: string, priority: string) {
  const m = book(this).events.flatMap((e) => (e.type === 'modified' && e.id === id ? [e.priority] : []));
  expectThat(m.length === 1 && m[0] === priority, () => `the modify of ${id} should report that it ${priority} its queue priority, but the engine reported ${m.length === 0 ? 'no modify' : m.join(' and ')}`);
});

Then('order {string} is cancelled to prevent a self-trade', function (this: FairwireWorld, id: string) {
  const c = book(this).events.flatMap((e) => (e.type === 'cancelled' && e.id === id ? [e.reason] : []));
  expectThat(c.length === 1 && c[0] === 'self-trade', () => `order ${id} should be cancelled to stop its account trading with itself, but the engine ${c.length === 0 ? 'did not cancel it' : `cancelled it for "${c.join(', ')}"`} (trades: ${sayTrades(tradesOf(book(this).events))})`);
});

// "s1 (2 lots) and b1 (2 lots, 1 left)": the self-trade cancels, in order, with what each leaves open.
Then('self-trade prevention cancels {string}', function (this: FairwireWorld, list: string) {
  const want = list.split(' and ').map((item) => {
    const m = /^(\S+) \((\d+) lots?(?:, (\d+) left)?\)$/.exec(item.trim());
    assert.ok(m, `a cancel reads like "b1 (3 lots)" or "b1 (2 lots, 1 left)", got "${item}"`);
    return `${m[1]} (${m[2]} lot${m[2] === '1' ? '' : 's'}${m[3] && m[3] !== '0' ? `, ${m[3]} left` : ''})`;
  });
  const got = book(this).events.flatMap((e) =>
    e.type === 'cancelled' && e.reason === 'self-trade' ? [`${e.id} (${e.quantity} lot${e.quantity === '1' ? '' : 's'}${e.remaining !== '0' ? `, ${e.remaining} left` : ''})`] : [],
  );
  expectThat(
    got.join(' and ') === want.join(' and '),
    () => `self-trade prevention should cancel ${want.join(' and ')}, but the engine cancelled ${got.join(' and ') || 'nothing'} (trades: ${sayTrades(tradesOf(book(this).events))}). An account must never trade with itself when it asked not to.`,
  );
});

async function side(w: FairwireWorld, which: 'bid' | 'ask'): Promise<string[]> {
  const snap = (await (await w.adapter<MatchingAdapter>('matching')).snapshot()).find((s) => s.symbol === book(w).symbol);
  expectThat(snap, `the engine has no book for ${book(w).symbol}`);
  return (which === 'bid' ? snap.bids : snap.asks).flatMap((l) => l.orders.map((o) => `${o.id} ${o.quantity}@${l.price}`));
}

const sayBook = (orders: readonly string[]) => (orders.length === 0 ? 'nothing' : orders.join(', '));

Then(/^the (bid|ask) side of the book is empty$/, async function (this: FairwireWorld, which: 'bid' | 'ask') {
  const got = await side(this, which);
  expectThat(got.length === 0, () => `the ${which} side of the book should be empty, but it holds ${sayBook(got)} (id quantity@price)`);
});

Then(/^the (bid|ask) side of the book holds, best first and in queue order:$/, async function (this: FairwireWorld, which: 'bid' | 'ask', table: DataTable) {
  const got = await side(this, which);
  const want = table.hashes().map((r) => `${r.id} ${r.quantity}@${r.price}`);
  expectThat(sayBook(got) === sayBook(want), () => `the ${which} side of the book should hold ${sayBook(want)} (best price first, then queue order; id quantity@price), but it holds ${sayBook(got)}`);
});

// "b1 1@100, b2 2@99" or "nothing", best first and in queue order.
Then('the book then holds bids {string} and asks {string}', async function (this: FairwireWorld, bids: string, asks: string) {
  for (const [which, text] of [['bid', bids], ['ask', asks]] as const) {
    const want = text === 'nothing' ? [] : text.split(/,\s*/);
    const got = await side(this, which);
    expectThat(sayBook(got) === sayBook(want), () => `the ${which} side of the book should hold ${sayBook(want)} (id quantity@price), but it holds ${sayBook(got)}`);
  }
});
