import { strict as assert } from 'node:assert';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { LoqAdapter, LoqInstance, LoqOrder, PoppedOrder } from '../../adapters/loq.ts';
import type { MatchingAdapter } from '../../adapters/matching.ts';
import type { SequencerAdapter } from '../../adapters/sequencer.ts';
import { SYMBOL, newOrderCommand, orderKey, tradesOf, type BuiltFlow, type Trade } from '../../properties/loq/build-flow.ts';
import { runPipeline, type PipelineResult } from '../../properties/loq/pipeline.ts';
import { rethrowWithPipeline } from '../../properties/loq/pipeline-trace.ts';
import { explainPipelineFailure } from '../../properties/loq/explain-pipeline.ts';
import { explanationLines } from '../../properties/explanation.ts';
import { Mismatch } from '../../properties/mismatch.ts';
import type { FairwireWorld } from '../support/world.ts';

/**
 * LOQ steps. Single queue: push orders, move the mid price, check the pop order.
 * Appendix I: gateways with LOQs, links, a class-aware merge at the exchange and the matching
 * engine under test (properties/loq/pipeline.ts), against processing every order in timestamp order.
 */
interface QueueState {
  queue: LoqInstance;
  labels: Map<number, string>;
}

interface FlowState {
  gateways: number;
  window: number;
  delays: number[];
  capacity: number[][];
  skew: number[];
  mids: { from: number; mid: number }[];
  orders: { label: string; gateway: number; side: 'bid' | 'ask'; price: number; quantity: number; time: number }[];
  result?: { viaLoq: PipelineResult; timestampOrder: Trade[]; labels: Map<string, string>; built: BuiltFlow };
}

const queues = new WeakMap<FairwireWorld, QueueState>();
const flows = new WeakMap<FairwireWorld, FlowState>();

const int = (s: string | undefined, what: string): number => {
  assert.ok(s !== undefined && /^-?\d+$/.test(s.trim()), `${what} must be an integer, got '${s}'`);
  return Number(s);
};
const side = (s: string | undefined): 'bid' | 'ask' => {
  assert.ok(s === 'bid' || s === 'ask', `side must be bid or ask, got '${s}'`);
  return s;
};

// ---- one queue ----

Given('a limit order queue with mid price {int} and action window {int}', async function (this: FairwireWorld, mid: number, window: number) {
  const loq = await this.adapter<LoqAdapter>('loq');
  if (!loq.capabilities.loq) return 'skipped';
  queues.set(this, { queue: await loq.create({ kind: 'loq', mid, window }), labels: new Map() });
  return undefined;
});

function queue(w: FairwireWorld): QueueState {
  const q = queues.get(w);
  assert.ok(q, 'no queue (start with "Given a limit order queue with mid price ...")');
  return q;
}

When('these orders are pushed:', async function (this: FairwireWorld, table: DataTable) {
  const q = queue(this);
  for (const row of table.hashes()) {
    const id = q.labels.size;
    q.labels.set(id, row.order ?? `#${id}`);
    const order: LoqOrder = { id, participant: int(row.participant, 'participant'), side: side(row.side), price: int(row.price, 'price'), quantity: int(row.quantity ?? '1', 'quantity'), timestamp: int(row.timestamp, 'timestamp') };
    await q.queue.push(order);
  }
});

When('the gateway sees the mid price change to {int}', async function (this: FairwireWorld, mid: number) {
  await queue(this).queue.setMid(mid);
});

Then('the queue pops the orders in this order:', async function (this: FairwireWorld, table: DataTable) {
  const q = queue(this);
  const show = (p: PoppedOrder | null) => (p ? `${q.labels.get(p.order.id) ?? `#${p.order.id}`} (epoch ${p.epoch}, ${p.critical ? 'critical' : 'non-critical'})` : 'nothing');
  const want = table.hashes().map((r) => `${r.order} (epoch ${r.epoch}, ${r.class})`);
  const got: string[] = [];
  for (let i = 0; i < want.length + 1; i++) {
    const p = await q.queue.pop();
    got.push(show(p));
    if (!p) break;
  }
  assert.deepEqual(got, [...want, 'nothing'], 'pop order by (epoch, critical, timestamp, participant), then empty');
  assert.equal(await q.queue.size(), 0, 'size after popping everything');
});

// ---- Appendix I ----

Given('{int} gateways with action window {int} and one-way delays of {int-list} µs', async function (this: FairwireWorld, gateways: number, window: number, delays: number[]) {
  if (!(await this.adapter<LoqAdapter>('loq')).capabilities.loq) return 'skipped';
  flows.set(this, { gateways, window, delays, capacity: Array.from({ length: gateways }, () => [1]), skew: new Array<number>(gateways).fill(0), mids: [], orders: [] });
  return undefined;
});

function flow(w: FairwireWorld): FlowState {
  const f = flows.get(w);
  assert.ok(f, 'no gateways (start with "Given N gateways with action window ...")');
  return f;
}

Given('the published mid price is {int} from time 0', function (this: FairwireWorld, mid: number) {
  flow(this).mids = [{ from: 0, mid }];
});

Given('the published mid price changes to {int} at time {int}', function (this: FairwireWorld, mid: number, from: number) {
  const f = flow(this);
  const last = f.mids[f.mids.length - 1];
  assert.ok(last && from > last.from && mid !== last.mid, 'mid changes must follow "the published mid price is ... from time 0", in time order, each to a new value');
  f.mids.push({ from, mid });
});

Given('gateway {int} sees every mid-price change {int} µs late', function (this: FairwireWorld, g: number, late: number) {
  const f = flow(this);
  assert.ok(g >= 0 && g < f.gateways, `no gateway ${g}`);
  f.skew[g] = late;
});

Given('gateway {int} pops at most {int-list} orders in successive µs, then repeats', function (this: FairwireWorld, g: number, pattern: number[]) {
  const f = flow(this);
  assert.ok(g >= 0 && g < f.gateways, `no gateway ${g}`);
  f.capacity[g] = pattern;
});

When('these orders are generated:', function (this: FairwireWorld, table: DataTable) {
  const f = flow(this);
  for (const row of table.hashes()) {
    const gateway = int(row.gateway, 'gateway');
    assert.ok(gateway >= 0 && gateway < f.gateways, `no gateway ${gateway}`);
    f.orders.push({ label: row.order ?? `#${f.orders.length}`, gateway, side: side(row.side), price: int(row.price, 'price'), quantity: int(row.quantity, 'quantity'), time: int(row.time, 'time') });
  }
});

async function outcome(w: FairwireWorld): Promise<NonNullable<FlowState['result']>> {
  const f = flow(w);
  if (f.result) return f.result;
  assert.ok(f.mids.length > 0, 'no mid price given');
  // Timestamp order (ties: gateway, then table order); ids are positions in it, as pipeline.ts expects.
  const sorted = f.orders.map((o, k) => ({ ...o, k })).sort((a, b) => a.time - b.time || a.gateway - b.gateway || a.k - b.k);
  const orders: LoqOrder[] = sorted.map((o, id) => ({ id, participant: o.gateway, side: o.side, price: o.price, quantity: o.quantity, timestamp: o.time }));
  const labels = new Map(sorted.map((o, id) => [orderKey(id), o.label]));
  const engine = await w.adapter<MatchingAdapter>('matching');
  await engine.reset({ symbols: [{ symbol: SYMBOL, tickSize: 1 }] });
  const timestampOrder: Trade[] = [];
  for (const o of orders) timestampOrder.push(...tradesOf(await engine.apply(newOrderCommand(o))));
  const end = Math.max(...orders.map((o) => o.timestamp), ...f.mids.map((m) => m.from)) + 1;
  const built: BuiltFlow = {
    spec: { gateways: f.gateways, window: f.window, epochs: [], orders: [], capacity: f.capacity, delays: f.delays, skew: f.skew },
    orders,
    starts: f.mids.map((m) => m.from),
    mids: f.mids.map((m) => m.mid),
    end,
    expected: timestampOrder,
  };
  const viaLoq = await runPipeline(built, await w.adapter<LoqAdapter>('loq'), 'class-aware', engine, await w.reference<SequencerAdapter>('sequencer'));
  f.result = { viaLoq, timestampOrder, labels, built };
  return f.result;
}

const showTrades = (labels: Map<string, string>, ts: readonly Trade[]) =>
  ts.map((t) => `${labels.get(t.maker) ?? t.maker} x ${labels.get(t.taker) ?? t.taker} ${t.quantity}@${t.price}`).join('; ') || '(no trades)';

Then('the trades from the LOQ output equal the trades of timestamp order', async function (this: FairwireWorld) {
  const { viaLoq, timestampOrder, labels } = await outcome(this);
  assert.equal(showTrades(labels, viaLoq.trades), showTrades(labels, timestampOrder), 'Appendix I: trades after LOQs vs timestamp order');
});

Then('the trades from the LOQ output differ from the trades of timestamp order', async function (this: FairwireWorld) {
  const { viaLoq, timestampOrder, labels } = await outcome(this);
  assert.notEqual(showTrades(labels, viaLoq.trades), showTrades(labels, timestampOrder), 'expected the counterexample to show different trades');
});

Then(/^the trades (from the LOQ output|of timestamp order) are:$/, async function (this: FairwireWorld, which: string, table: DataTable) {
  const { viaLoq, timestampOrder, labels } = await outcome(this);
  const got = which === 'of timestamp order' ? timestampOrder : viaLoq.trades;
  const want = table.hashes().map((r) => `${r.maker} x ${r.taker} ${r.quantity}@${r.price}`).join('; ') || '(no trades)';
  assert.equal(showTrades(labels, got), want, `trades ${which}`);
});

// The explanation the report prints beside the counterexample (properties/loq/explain-pipeline.ts),
// with the scenario's order labels in place of the pipeline's ids.
Then('the explanation begins:', async function (this: FairwireWorld, text: string) {
  const { viaLoq, timestampOrder, labels, built } = await outcome(this);
  let explained: string | undefined;
  try {
    rethrowWithPipeline(new Mismatch('trades differ', timestampOrder, viaLoq.trades, { kind: 'trades-differ', path: 'trades[]' }), { flow: built, trace: viaLoq.trace, merge: 'class-aware', topology: 'direct', trades: viaLoq.trades });
  } catch (err) {
    const e = explainPipelineFailure(err);
    explained = e && explanationLines(e).join('\n').replace(/\bo\d+\b/g, (id) => labels.get(id) ?? id);
  }
  assert.ok(explained !== undefined, 'no explanation');
  const want = text.trim().replace(/\s+/g, ' ');
  assert.ok(explained.replace(/\s+/g, ' ').startsWith(want), `explanation:\n${explained}\n--- does not begin with ---\n${text.trim()}`);
});

