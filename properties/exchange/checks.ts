import { referenceMatchingAdapter } from '../../adapters/reference/matching.ts';
import type { OrderRecord } from '../../reference/inbound/network.ts';
import { SYMBOL, newOrderCommand, tradesOf, type Trade } from '../loq/build-flow.ts';
import { Mismatch, assertSameCanonical } from '../mismatch.ts';
import type { CaseRun } from './run.ts';

/**
 * Verdicts on a run, from the harness's record alone: its own copy of each order, the stamp and
 * tags each order MUST carry (the gateway's clock at submit; its LOQ's epoch and class from the
 * mids the gateway was given), and what reached the engine, in order. Shared by the catalog and
 * the Gherkin steps.
 */

const errorRuns = new WeakMap<object, CaseRun>();

/** Runs the checks; an error they throw carries the run, so `explain` reads the run the verdict was taken on. */
export function withRun<T>(run: CaseRun, body: () => T): T {
  try {
    return body();
  } catch (err) {
    if (typeof err === 'object' && err !== null) errorRuns.set(err, run);
    throw err;
  }
}

export async function withRunAsync(run: CaseRun, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (typeof err === 'object' && err !== null) errorRuns.set(err, run);
    throw err;
  }
}

export function runOf(err: unknown): CaseRun | undefined {
  return typeof err === 'object' && err !== null ? errorRuns.get(err) : undefined;
}

const rec = (run: CaseRun, id: number): OrderRecord => run.result.records.get(id)!;

/** (expected stamp, participant): the key timestamp order sorts by. */
export function keyLess(a: OrderRecord, b: OrderRecord): boolean {
  return a.expectedStamp < b.expectedStamp || (a.expectedStamp === b.expectedStamp && a.order.participant < b.order.participant);
}

/** Each gateway stamped each order it sent with its clock at that order's submit. */
export function assertStamps(run: CaseRun): void {
  for (const r of run.result.records.values()) {
    if (Number.isNaN(r.stamp) || r.stamp === r.expectedStamp) continue;
    throw new Mismatch(
      `gateway-${r.order.participant} stamped order ${r.order.id} with ${r.stamp}, but its clock read ${r.expectedStamp} when the order was submitted: a stamp is the gateway's clock at the order's arrival, not at its departure`,
      { order: r.order.id, timestamp: r.expectedStamp },
      { order: r.order.id, timestamp: r.stamp },
      { kind: 'stamp-differs', path: 'orders[].timestamp' },
    );
  }
}

/** Under LOQ: each gateway tagged each order with the epoch and class its LOQ must give it. */
export function assertTags(run: CaseRun): void {
  for (const r of run.result.records.values()) {
    if (Number.isNaN(r.stamp)) continue;
    const at = `gateway-${r.order.participant}: order ${r.order.id} (${r.order.side} ${r.order.price})`;
    if (r.epoch !== r.expectedEpoch) {
      throw new Mismatch(`${at} tagged epoch ${r.epoch < 0 ? '(none)' : r.epoch}, but it was submitted in epoch ${r.expectedEpoch} (the mid changes the gateway had seen)`, { order: r.order.id, epoch: r.expectedEpoch }, { order: r.order.id, epoch: r.epoch < 0 ? null : r.epoch }, { kind: 'wrong-epoch', path: 'orders[].epoch' });
    }
    if (r.critical !== r.expectedCritical) {
      throw new Mismatch(
        `${at} tagged ${r.critical === undefined ? '(no class)' : r.critical ? 'critical' : 'non-critical'}, but with the gateway's mid and window A = ${run.options.loq?.window} it is ${r.expectedCritical ? 'critical' : 'non-critical'}`,
        { order: r.order.id, critical: r.expectedCritical },
        { order: r.order.id, critical: r.critical ?? null },
        { kind: 'misclassified', path: 'orders[].critical' },
      );
    }
  }
}

/** Every submitted order reached the matching engine before the run's end. */
export function assertAllReleased(run: CaseRun): void {
  const lost = [...run.result.records.values()].filter((r) => Number.isNaN(r.releasedTrue));
  if (lost.length === 0) return;
  const t0 = run.result.network.startNs;
  const r = lost[0]!;
  const trace = run.result.trace;
  let seen = '';
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i]!;
    if (e.order === r.order.id && (e.kind === 'arrive' || e.kind === 'submit' || e.kind === 'send')) {
      seen = `; last seen at t=${e.t - t0} ns: ${e.node} ${e.kind === 'send' ? `sent it to ${e.to}` : 'received it'}`;
      break;
    }
  }
  const where = r.where === null ? 'never submitted' : r.where === 'link' ? 'on a link' : `held by ${r.where}`;
  throw new Mismatch(
    `${lost.length} of ${run.result.records.size} order(s) never reached the matching engine by the end of the run (t=${run.result.endNs - t0} ns, heartbeats flowing): order ${r.order.id} (participant ${r.order.participant}, stamp ${r.expectedStamp}) is ${where}${seen}. Lost: ${lost.slice(0, 8).map((x) => x.order.id).join(', ')}${lost.length > 8 ? ', ...' : ''}`,
    { released: run.result.records.size },
    { released: run.result.records.size - lost.length, lost: lost.map((x) => x.order.id) },
    { kind: 'order-lost', path: 'released[]' },
  );
}

/** The first adjacent pair the engine got out of (timestamp, participant) order, if any. */
export function firstInversion(run: CaseRun): { before: OrderRecord; after: OrderRecord; index: number } | undefined {
  const ids = run.result.released;
  for (let i = 1; i < ids.length; i++) {
    const a = rec(run, ids[i - 1]!);
    const b = rec(run, ids[i]!);
    if (keyLess(b, a)) return { before: a, after: b, index: i };
  }
  return undefined;
}

/** The engine processed the orders in (timestamp, participant) order. */
export function assertTimestampOrder(run: CaseRun): void {
  const inv = firstInversion(run);
  if (!inv) return;
  const { before: a, after: b, index } = inv;
  throw new Mismatch(
    `the matching engine got order ${a.order.id} (participant ${a.order.participant}, stamp ${a.expectedStamp}) before order ${b.order.id} (participant ${b.order.participant}, stamp ${b.expectedStamp}): release #${index} breaks (timestamp, participant) order`,
    { first: b.order.id, key: [b.expectedStamp, b.order.participant] },
    { first: a.order.id, key: [a.expectedStamp, a.order.participant] },
    { kind: 'out-of-order', path: 'released[]' },
  );
}

/** Trades of the released sequence through the reference matching engine (the harness's copies). */
export function tradesOfRun(run: CaseRun): Promise<Trade[]> {
  return tradesOfIds(run.result.released, run);
}

async function tradesOfIds(ids: readonly number[], run: CaseRun): Promise<Trade[]> {
  const engine = referenceMatchingAdapter();
  await engine.reset({ symbols: [{ symbol: SYMBOL, tickSize: 1 }] });
  const trades: Trade[] = [];
  for (const id of ids) {
    const o = rec(run, id).order;
    trades.push(...tradesOf(await engine.apply(newOrderCommand({ ...o, timestamp: rec(run, id).expectedStamp }))));
  }
  return trades;
}

/** The trades of processing every submitted order in (timestamp, participant) order — stamps from the harness. */
export async function timestampOrderTrades(run: CaseRun): Promise<Trade[]> {
  const recs = [...run.result.records.values()].sort((a, b) => (keyLess(a, b) ? -1 : keyLess(b, a) ? 1 : a.submitTrue - b.submitTrue || a.order.id - b.order.id));
  return tradesOfIds(recs.map((r) => r.order.id), run);
}

/**
 * Under Appendix I's assumptions the trades equal those of timestamp order: the flow's own (built
 * with the reference engine as it picked each epoch's mid) for a generated case, else computed.
 */
export async function assertTradesOfTimestampOrder(run: CaseRun): Promise<void> {
  const flow = run.flow;
  const expected = flow ? flow.expected : await timestampOrderTrades(run);
  const got = await tradesOfRun(run);
  const context = flow ? `mids ${flow.mids.join(',')}, epoch starts at units ${flow.starts.join(',')}; ` : '';
  assertSameCanonical(`trades at the matching engine vs timestamp order (${context}engine order ${run.result.released.join(',')})`, expected, got, { kind: 'trades-differ', path: 'trades[]' });
}
