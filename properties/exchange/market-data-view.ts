/**
 * `exchange.market-data.view`: every participant's view of the book equals the engine's after
 * the last update — and after every update: once a participant has been given publications
 * 0..k (in whatever order the tree released them), its view equals the book the engine had
 * when publication k was closed. The oracle is the reference matching engine's own snapshot,
 * never the subject's account.
 *
 * What a vendor plugs in here: a gateway's feed handler (FAST packets in, a book view out),
 * offered by an exchange adapter as `marketDataGateway(participant)` and declared with the
 * `marketData` capability. A subject without it is skipped: running the reference's handler in
 * its place would credit the vendor with our code. One that declares it but offers no handler
 * fails.
 */
import type { InboundAdapter } from '../../adapters/inbound.ts';
import type { MarketDataSubject } from '../../reference/sim/exchange/md-gateway.ts';
import type { Explanation } from '../explanation.ts';
import { Mismatch } from '../mismatch.ts';
import { defineProperty } from '../property.ts';
import { runMdScenario, type Levels } from './market-data-run.ts';
import { MD_BASE_PRICE, mdScenarioArb, type MdScenario } from './market-data-scenario.ts';

export type { MarketDataSubject } from '../../reference/sim/exchange/md-gateway.ts';

function sideDiff(side: 'bid' | 'ask', want: Levels['bids'], got: Levels['bids']): string | undefined {
  const w = new Map(want.map((l) => [l.price, l]));
  const g = new Map(got.map((l) => [l.price, l]));
  for (const price of [...new Set([...w.keys(), ...g.keys()])].sort((a, b) => a - b)) {
    const a = w.get(price);
    const b = g.get(price);
    const fmt = (l: typeof a) => (l ? `${l.size} lots in ${l.orders} order(s)` : 'no level');
    if (!a || !b || a.size !== b.size || a.orders !== b.orders) return `${side} ${price}: the engine has ${fmt(a)}, the view ${fmt(b)}`;
  }
  if (got.some((l, i) => i > 0 && (side === 'bid' ? l.price >= got[i - 1]!.price : l.price <= got[i - 1]!.price))) return `${side} levels not best first`;
  return undefined;
}

function diff(want: Levels, got: Levels): string | undefined {
  return sideDiff('bid', want.bids, got.bids) ?? sideDiff('ask', want.asks, got.asks);
}

async function check(subject: InboundAdapter & MarketDataSubject, s: MdScenario): Promise<void> {
  if (typeof subject.marketDataGateway !== 'function') {
    throw new Mismatch(`${subject.name} declares marketData but offers no marketDataGateway (its feed handler)`, 'a marketDataGateway function', typeof subject.marketDataGateway, { kind: 'no-feed-handler' });
  }
  const run = await runMdScenario(s, (p) => subject.marketDataGateway!(p));
  if (run.fault) throw new Mismatch(`the multicast harness stopped: ${run.fault}`, undefined, undefined, { kind: 'harness-fault' });
  const last = run.publications - 1;
  if (diff(run.finalBook, run.books[last]!) !== undefined) {
    throw new Mismatch(`the last publication was closed before every order reached the engine (a harness bug)`, run.finalBook, run.books[last], { kind: 'harness-bug' });
  }
  for (const c of run.checkpoints) {
    const d = diff(run.books[c.upTo]!, c.view);
    if (d !== undefined) {
      throw new Mismatch(`participant ${c.participant}, after publications 0..${c.upTo} (${c.atNs} ns): ${d}`, run.books[c.upTo], c.view, { kind: 'view-differs', path: 'participant[].levels' });
    }
  }
  for (let p = 0; p < s.participants; p++) {
    const reached = run.checkpoints.filter((c) => c.participant === p).at(-1)?.upTo ?? -1;
    if (reached !== last) throw new Mismatch(`participant ${p} was released publications 0..${reached} of 0..${last}`, last, reached, { kind: 'publication-missing' });
  }
}

function explain(s: MdScenario, error: unknown): Explanation | undefined {
  if (!(error instanceof Mismatch) || error.kind !== 'view-differs') return undefined;
  return {
    summary: `A gateway's book, rebuilt from market data, is not the engine's book: ${error.message}.`,
    details: [
      `orders (ticks from ${MD_BASE_PRICE}, ns): ${[...s.orders].sort((a, b) => a.atNs - b.atNs).map((o) => `${o.atNs} ${o.side} ${o.quantity}@${MD_BASE_PRICE + o.offset}${o.ioc ? ' IOC' : ''}`).join('; ')}`,
      `market data every ${s.mdIntervalNs} ns; copies take [${s.delaysNs.join(', ')}] ns in turn; hold-and-release ${s.headroomNs === null ? 'off (packets may be applied out of order: a gateway must hold one that comes ahead of a gap)' : `on, headroom ${s.headroomNs} ns`}`,
      'A level whose size drops to 0 is sent as size 0 (deleted); a gateway that ignores it keeps a level the engine no longer has.',
    ],
  };
}

export const marketDataViewProperty = defineProperty<InboundAdapter & MarketDataSubject, MdScenario>({
  id: 'exchange.market-data.view',
  component: 'exchange',
  title: "every participant's view of the book equals the engine's after each market-data update",
  requires: ['marketData'],
  arbitrary: () => mdScenarioArb(),
  check: (subject, _oracle, s) => check(subject, s),
  defaultRuns: 100,
  explain,
});
