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
import { ScenarioFailure, expectThat } from './expect-that.ts';

/**
 * LOQ steps. Single queue: push orders, move the mid price, check the pop order.
 * Appendix I: gateways with LOQs, links, a class-aware merge at the exchange and the matching
 * engine under test (properties/loq/pipeline.ts), against processing every order in timestamp order.
 */
interface QueueState {
  queue: LoqInstance;
  labels: Map<number, string>;
  orders: Map<number, LoqOrder>;
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
  queues.set(this, { queue: await loq.create({ kind: 'loq', mid, window }), labels: new Map(), orders: new Map() });
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
    q.orders.set(id, order);
    await q.queue.push(order);
  }
});

When('the gateway sees the mid price change to {int}', async function (this: FairwireWorld, mid: number) {
  await queue(this).queue.setMid(mid);
});

Then('the queue pops the orders in this order:', async function (this: FairwireWorld, table: DataTable) {
  const q = queue(this);
  const name = (p: PoppedOrder) => q.labels.get(p.order.id) ?? `#${p.order.id}`;
  const show = (p: PoppedOrder | null) => (p ? `${name(p)} (epoch ${p.epoch}, ${p.critical ? 'critical' : 'non-critical'})` : 'nothing');
  const rows = table.hashes();
  const want = rows.map((r) => `${r.order} (epoch ${r.epoch}, ${r.class})`);
  const got: string[] = [];
  const popped: PoppedOrder[] = [];
  for (let i = 0; i < want.length + 1; i++) {
    const p = await q.queue.pop();
    got.push(show(p));
    if (!p) break;
    popped.push(p);
  }
  const k = want.findIndex((w, i) => got[i] !== w);
  expectThat(k < 0 && got.length === want.length + 1 && got.at(-1) === 'nothing', () => {
    const i = k < 0 ? want.length : k;
    const row = rows[i];
    const p = popped[i];
    let why: string;
    if (!row) why = `after the ${want.length} orders the queue still popped ${got[i]}: it must be empty`;
    else if (!p) why = `the queue was empty where ${want[i]} should come: an order was lost`;
    else if (name(p) !== row.order) {
      // Why the expected order goes first, from the scenario's own classification of both.
      const other = rows.find((r) => r.order === name(p));
      const tw = q.orders.get([...q.labels].find(([, l]) => l === row.order)?.[0] ?? -1);
      const reason =
        other === undefined || tw === undefined
          ? ''
          : Number(row.epoch) < Number(other.epoch)
            ? ` — ${row.order} belongs to epoch ${row.epoch} and ${name(p)} to the later epoch ${other.epoch} (a mid-price change came between them)`
            : row.class === 'critical' && other.class !== 'critical'
              ? ` — in epoch ${row.epoch}, ${row.order} is critical (within the action window of the mid price) and ${name(p)} is not`
              : tw.timestamp !== p.order.timestamp
                ? ` — both are in epoch ${row.epoch} and ${row.class}, and ${row.order} was stamped ${tw.timestamp}, earlier than ${name(p)} (stamped ${p.order.timestamp})`
                : ` — both were stamped ${tw.timestamp} and equal stamps go by participant id: ${row.order} is participant ${tw.participant}, ${name(p)} participant ${p.order.participant}`;
      why = `the queue popped ${name(p)} where ${row.order} should come${reason}`;
    } else why = `${name(p)} came out as ${got[i]}, but it should be ${want[i]}: the queue classed it wrongly`;
    return `${why}.\n  expected: ${[...want, 'nothing'].join(', ')}\n  actual:   ${got.join(', ')}`;
  });
  const left = await q.queue.size();
  expectThat(left === 0, () => `after popping everything the queue reports ${left} order(s) still inside`);
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
  let viaLoq: PipelineResult;
  try {
    viaLoq = await runPipeline(built, await w.adapter<LoqAdapter>('loq'), 'class-aware', engine, await w.reference<SequencerAdapter>('sequencer'));
  } catch (err) {
    if (!(err instanceof Mismatch)) throw err;
    // The pipeline checks every pop against what was pushed: name the orders as the scenario does.
    const said = err.message.replace(/\border (\d+)\b/g, (m, id: string) => `order ${labels.get(orderKey(Number(id))) ?? id}`);
    throw new ScenarioFailure(`a gateway's LOQ broke the queue's rules before any trade: ${said}. Its output cannot be merged fairly.`);
  }
  f.result = { viaLoq, timestampOrder, labels, built };
  return f.result;
}

const showTrades = (labels: Map<string, string>, ts: readonly Trade[]) =>
  ts.map((t) => `${labels.get(t.maker) ?? t.maker} x ${labels.get(t.taker) ?? t.taker} ${t.quantity}@${t.price}`).join('; ') || '(no trades)';

Then('the trades from the LOQ output equal the trades of timestamp order', async function (this: FairwireWorld) {
  const { viaLoq, timestampOrder, labels } = await outcome(this);
  const got = showTrades(labels, viaLoq.trades);
  const want = showTrades(labels, timestampOrder);
  expectThat(
    got === want,
    () => `Appendix I: the matching engine fed by the gateways' LOQs must make the same trades as when every order is processed in timestamp order, but ${firstDifference(want, got)}.\n  timestamp order: ${want}\n  through the LOQs: ${got}`,
  );
});

Then('the trades from the LOQ output differ from the trades of timestamp order', async function (this: FairwireWorld) {
  const { viaLoq, timestampOrder, labels } = await outcome(this);
  const got = showTrades(labels, viaLoq.trades);
  expectThat(got !== showTrades(labels, timestampOrder), () => `this scenario documents a known unfairness (the trades through the LOQs differ from timestamp order), but both gave: ${got}`);
});

Then(/^the trades (from the LOQ output|of timestamp order) are:$/, async function (this: FairwireWorld, which: string, table: DataTable) {
  const { viaLoq, timestampOrder, labels } = await outcome(this);
  const got = showTrades(labels, which === 'of timestamp order' ? timestampOrder : viaLoq.trades);
  const want = table.hashes().map((r) => `${r.maker} x ${r.taker} ${r.quantity}@${r.price}`).join('; ') || '(no trades)';
  expectThat(got === want, () => `the trades ${which} should be ${want} (maker x taker quantity@price), but ${firstDifference(want, got)}.\n  expected: ${want}\n  actual:   ${got}`);
});

/** The first trade that differs between two "; "-joined trade lists, in words. */
function firstDifference(want: string, got: string): string {
  const w = want.split('; ');
  const g = got.split('; ');
  const i = w.findIndex((t, k) => g[k] !== t);
  const k = i < 0 ? w.length : i;
  if (w[k] === undefined) return `an extra trade happened: ${g[k]}`;
  if (g[k] === undefined || g[k] === '(no trades)') return `the trade ${w[k]} never happened`;
  return `trade ${k + 1} is ${g[k]} instead of ${w[k]}`;
}

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

