import { strict as assert } from 'node:assert';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { SequencerAdapter, SequencerConfig } from '../../adapters/sequencer.ts';
import { drive, type TimedRelease } from '../../properties/sequencer/drive.ts';
import { proxyHeartbeatPeriodOf, treeDepth, treeLivenessBound, treeQuiescence } from '../../properties/sequencer/tree-bound.ts';
import { buildArrivals, participantIndex, participantName, type FlowOrder } from '../support/sequencer-flow.ts';
import type { FairwireWorld } from '../support/world.ts';
import { expectThat } from './expect-that.ts';

/** Inbound fairness steps: participants, link delays and heartbeats in; the release order out. */
interface SeqState {
  delays: number[];
  period: number;
  kind: 'jasper' | 'tree' | 'cloudex';
  fanout: number;
  timeout: number;
  orders: FlowOrder[];
  released?: TimedRelease[];
}

const states = new WeakMap<FairwireWorld, SeqState>();

function state(w: FairwireWorld): SeqState {
  const s = states.get(w);
  assert.ok(s, 'no participants given (start with "Given N participants with one-way delays of ...")');
  return s;
}

/** Scenarios for a kind of sequencer the adapter does not declare are skipped, not failed. */
async function supports(w: FairwireWorld, kind: SeqState['kind']): Promise<boolean> {
  const a = await w.adapter<SequencerAdapter>('sequencer');
  return a.capabilities[kind] === true;
}

function configOf(s: SeqState): SequencerConfig {
  const participants = s.delays.length;
  if (s.kind === 'tree') return { kind: 'tree', participants, fanout: s.fanout };
  if (s.kind === 'cloudex') return { kind: 'cloudex', participants, timeout: s.timeout };
  return { kind: 'jasper', participants };
}

async function run(adapter: SequencerAdapter, s: SeqState, config: SequencerConfig): Promise<TimedRelease[]> {
  const { arrivals, end, horizon } = buildArrivals({ delays: s.delays, period: s.period, orders: s.orders });
  const instance = await adapter.create(config);
  // A tree is judged once its liveness bound has passed for every order (its proxies may
  // heartbeat slowly); CloudEx needs its timeout after the last stamp.
  let until = end + 1;
  if (config.kind === 'tree') {
    const depth = treeDepth(config.participants, config.fanout);
    const bound = treeLivenessBound({ period: s.period, maxDelay: Math.max(0, ...s.delays), depth, proxyPeriod: proxyHeartbeatPeriodOf(instance) });
    until = treeQuiescence(s.orders.map((o) => o.stamp), end, bound);
  } else if (config.kind === 'cloudex') until = Math.max(end, horizon + config.timeout) + 1;
  return drive(instance, arrivals, until);
}

async function released(w: FairwireWorld): Promise<TimedRelease[]> {
  const s = state(w);
  s.released ??= await run(await w.adapter<SequencerAdapter>('sequencer'), s, configOf(s));
  return s.released;
}

const label = (s: SeqState, id: number) => {
  const o = s.orders[id];
  return o ? `${participantName(o.participant)}@${o.stamp}` : `unknown#${id}`;
};

/**
 * Why a release order is wrong, in the sequencer's terms: the first order released ahead of one it
 * should have followed, and what should have put it behind (an earlier stamp, or on equal stamps
 * the lower participant id).
 */
function overtaken(s: SeqState, want: readonly number[], got: readonly number[]): string {
  const i = want.findIndex((id, k) => got[k] !== id);
  if (i < 0) return `${got.length - want.length} more order(s) came out than were sent`;
  const w = want[i]!;
  const g = got[i];
  if (g === undefined || !want.includes(g)) return `${label(s, w)} never reached the matching engine`;
  const ow = s.orders[w]!;
  const og = s.orders[g]!;
  const why =
    og.stamp > ow.stamp
      ? `although ${participantName(ow.participant)}'s order was stamped ${og.stamp - ow.stamp} µs earlier`
      : og.stamp === ow.stamp
        ? `although both were stamped ${ow.stamp} and equal stamps go by participant id (${participantName(ow.participant)} first)`
        : 'out of its place';
  return `order ${label(s, g)} reached the matching engine before ${label(s, w)} ${why}`;
}

const show = (s: SeqState, rs: readonly { id: number }[]) =>
  rs.map((r) => {
    const o = s.orders[r.id];
    return o ? `${participantName(o.participant)}@${o.stamp}` : `unknown#${r.id}`;
  }).join(', ') || '(nothing)';

function findOrder(s: SeqState, who: string, stamp?: number): number {
  const p = participantIndex(who);
  const ids = s.orders.flatMap((o, id) => (o.participant === p && (stamp === undefined || o.stamp === stamp) ? [id] : []));
  assert.equal(ids.length, 1, `expected exactly one order of participant ${who}${stamp === undefined ? '' : ` stamped ${stamp}`}, found ${ids.length}`);
  return ids[0]!;
}

function addOrder(s: SeqState, who: string, stamp: number): void {
  const participant = participantIndex(who);
  assert.ok(participant < s.delays.length, `participant ${who} does not exist (${s.delays.length} participants)`);
  s.orders.push({ participant, stamp });
}

Given('{int} participants with one-way delays of {int-list} µs and a heartbeat period of {int} µs', function (this: FairwireWorld, n: number, delays: number[], period: number) {
  assert.equal(delays.length, n, `${n} participants but ${delays.length} delays`);
  states.set(this, { delays, period, kind: 'jasper', fanout: 2, timeout: 0, orders: [] });
});

Given('the exchange runs one Jasper sequencer', function (this: FairwireWorld) {
  state(this).kind = 'jasper';
});

Given('the exchange runs a tree of sequencers with fan-out {int}', function (this: FairwireWorld, fanout: number) {
  Object.assign(state(this), { kind: 'tree', fanout });
});

Given('the exchange runs the CloudEx timeout sequencer with a timeout of {int} µs', function (this: FairwireWorld, timeout: number) {
  Object.assign(state(this), { kind: 'cloudex', timeout });
});

// "participant A sends an order stamped 10 and participant B sends an order stamped 9"
When(/^((?:participant \w+ sends an order stamped \d+)(?:(?:, | and )participant \w+ sends an order stamped \d+)*)$/, async function (this: FairwireWorld, text: string) {
  const s = state(this);
  if (!(await supports(this, s.kind))) return 'skipped';
  for (const m of text.matchAll(/participant (\w+) sends an order stamped (\d+)/g)) addOrder(s, m[1]!, Number(m[2]));
  return undefined;
});

When('the participants send these orders:', async function (this: FairwireWorld, table: DataTable) {
  const s = state(this);
  if (!(await supports(this, s.kind))) return 'skipped';
  for (const row of table.hashes()) addOrder(s, row.participant ?? '', Number(row.stamped));
  return undefined;
});

Then("the matching engine receives {word}'s order before {word}'s", async function (this: FairwireWorld, first: string, second: string) {
  const s = state(this);
  const rs = await released(this);
  const fid = findOrder(s, first);
  const sid = findOrder(s, second);
  const a = rs.findIndex((r) => r.id === fid);
  const b = rs.findIndex((r) => r.id === sid);
  expectThat(a >= 0, () => `${label(s, fid)} never reached the matching engine (released: ${show(s, rs)}): a lost order is the worst unfairness`);
  expectThat(b >= 0, () => `${label(s, sid)} never reached the matching engine (released: ${show(s, rs)}): a lost order is the worst unfairness`);
  expectThat(a < b, () => `${overtaken(s, [fid, sid], [sid, fid])}. Released: ${show(s, rs)}`);
});

Then('the matching engine receives the orders in this order:', async function (this: FairwireWorld, table: DataTable) {
  const s = state(this);
  const want = table.hashes().map((row) => findOrder(s, row.participant ?? '', Number(row.stamped)));
  const got = (await released(this)).map((r) => r.id);
  expectThat(
    got.join(',') === want.join(','),
    () => `${overtaken(s, want, got)}.\n  expected: ${show(s, want.map((id) => ({ id })))}\n  actual:   ${show(s, got.map((id) => ({ id })))}`,
  );
});

Then('exactly the {int} orders are released, each once, and no heartbeat', async function (this: FairwireWorld, n: number) {
  const s = state(this);
  assert.equal(s.orders.length, n, `the scenario sent ${s.orders.length} orders`);
  const rs = await released(this);
  const count = new Map<number, number>();
  for (const r of rs) count.set(r.id, (count.get(r.id) ?? 0) + 1);
  s.orders.forEach((_, id) => {
    const c = count.get(id) ?? 0;
    expectThat(c === 1, () => `${label(s, id)} ${c === 0 ? 'never reached the matching engine' : `reached the matching engine ${c} times`}; every order must come out exactly once (released: ${show(s, rs)})`);
  });
  const extra = rs.filter((r) => s.orders[r.id] === undefined);
  expectThat(extra.length === 0, () => `the sequencer released ${extra.length} item(s) that are no order sent (a heartbeat passed on as an order?): ${show(s, extra)}`);
  for (const r of rs) {
    const o = s.orders[r.id]!;
    expectThat(
      r.participant === o.participant && r.timestamp === o.stamp,
      () => `${label(s, r.id)} came out as participant ${participantName(r.participant)} stamped ${r.timestamp}: the sequencer changed who sent it or when`,
    );
  }
});

Then('every order is released within {int} µs of its stamp', async function (this: FairwireWorld, bound: number) {
  const s = state(this);
  const rs = await released(this);
  s.orders.forEach((o, id) => {
    const r = rs.find((x) => x.id === id);
    expectThat(r, () => `${label(s, id)} never reached the matching engine (released: ${show(s, rs)})`);
    expectThat(
      r.at <= o.stamp + bound,
      () => `${label(s, id)} reached the matching engine at ${r.at} µs, ${r.at - o.stamp} µs after its stamp; it must leave within ${bound} µs (one heartbeat period plus the largest delay), or a quiet participant stalls everyone`,
    );
  });
});

Then('the tree releases the same sequence as one Jasper sequencer', async function (this: FairwireWorld) {
  const s = state(this);
  assert.equal(s.kind, 'tree', 'this step compares a tree with one sequencer: say "the exchange runs a tree of sequencers"');
  const tree = (await released(this)).map((r) => r.id);
  const flat = (await run(await this.reference<SequencerAdapter>('sequencer'), s, { kind: 'jasper', participants: s.delays.length })).map((r) => r.id);
  expectThat(
    tree.join(',') === flat.join(','),
    () => `the tree of sequencers must behave as one sequencer, but ${overtaken(s, flat, tree)}.\n  one sequencer: ${show(s, flat.map((id) => ({ id })))}\n  the tree:      ${show(s, tree.map((id) => ({ id })))}`,
  );
  expectThat(tree.length === s.orders.length, () => `the tree released ${tree.length} of the ${s.orders.length} orders sent`);
});

Then('the release order is unfair: {word}@{int} is released before {word}@{int}', async function (this: FairwireWorld, younger: string, ys: number, older: string, os: number) {
  assert.ok(ys > os, `an unfairness needs the first order younger (a larger stamp): ${ys} <= ${os}`);
  const s = state(this);
  const rs = await released(this);
  const y = rs.findIndex((r) => r.id === findOrder(s, younger, ys));
  const o = rs.findIndex((r) => r.id === findOrder(s, older, os));
  expectThat(y >= 0 && o >= 0, () => `both orders must reach the matching engine; released: ${show(s, rs)}`);
  expectThat(
    y < o,
    () => `this baseline is known to be unfair here (${younger}@${ys} ahead of ${older}@${os}, stamped ${ys - os} µs later), but it released them fairly: ${show(s, rs)}. The scenario documents the baseline's flaw; a sequencer without it is not this baseline.`,
  );
});
