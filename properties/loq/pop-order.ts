import type { LoqAdapter, LoqOrder, PoppedOrder } from '../../adapters/loq.ts';
import { Mismatch } from '../mismatch.ts';
import type { LoqOpsCase } from '../arbitraries/loq-ops.ts';
import { rethrowWithPopCase, type PopCaseRecord } from './pop-record.ts';

/** Which queue the ops drive: the LOQ, or the SimplePQ baseline (no classes, one epoch). */
export type QueueKind = 'loq' | 'simple-pq';

type Key = readonly [epoch: number, cls: number, timestamp: number, participant: number, arrival: number];

interface Held {
  readonly order: LoqOrder;
  readonly key: Key;
}

const keyLess = (a: Key, b: Key) => {
  for (let i = 0; i < 5; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
};

const show = (p: { order: LoqOrder; epoch: number; critical: boolean } | null | undefined) =>
  p ? { id: p.order.id, side: p.order.side, price: p.order.price, quantity: p.order.quantity, timestamp: p.order.timestamp, participant: p.order.participant, epoch: p.epoch, critical: p.critical } : null;

/**
 * Replays a case against the subject and a model kept by the harness from its own inputs:
 * the LOQ pops by (epoch, critical ? 0 : 1, timestamp, participant, arrival) with epoch and class
 * fixed at push (a tagged push: the tags given); SimplePQ by (timestamp, participant, arrival),
 * reporting epoch 0 and critical.
 * Signatures: `order-lost` (null while orders are held), `unknown-order` (an order never pushed
 * or already popped), `reordered`, `altered` (fields not those pushed), `wrong-epoch`,
 * `misclassified`, `size-differs`.
 */
export async function checkPopOrder(subject: LoqAdapter, c: LoqOpsCase, kind: QueueKind): Promise<PopCaseRecord> {
  const record: PopCaseRecord = { kind, window: c.window, events: [] };
  try {
    await drivePops(subject, c, kind, record);
  } catch (err) {
    rethrowWithPopCase(err, record);
  }
  // The harness's log of the case: what the LOQ measures read (measure.ts).
  return record;
}

async function drivePops(subject: LoqAdapter, c: LoqOpsCase, kind: QueueKind, record: PopCaseRecord): Promise<void> {
  const q = await subject.create(kind === 'loq' ? { kind: 'loq', mid: c.mid, window: c.window } : { kind: 'simple-pq' });
  const held: Held[] = [];
  const popped = new Set<number>();
  let mid = c.mid;
  let epoch = 0;
  let ts = 0;
  let id = 0;
  const where = (step: number) => (kind === 'loq' ? `pop at step ${step} (mid ${mid}, window ${c.window}, epoch ${epoch})` : `simple-pq pop at step ${step}`);
  const popOne = async (step: number) => {
    let best = -1;
    for (let i = 0; i < held.length; i++) if (best < 0 || keyLess(held[i]!.key, held[best]!.key)) best = i;
    const queued = held.map((h) => ({ order: h.order, epoch: h.key[0], critical: h.key[1] === 0 }));
    const want = best < 0 ? undefined : held.splice(best, 1)[0];
    const got: PoppedOrder | null = await q.pop();
    record.events.push({ step, op: 'pop', id: got?.order?.id ?? null });
    const expected = want ? { order: want.order, epoch: want.key[0], critical: want.key[1] === 0 } : null;
    const fail = (kindOf: string, why: string, path: string) => {
      record.failure = { step, got, expected, queued };
      throw new Mismatch(`${where(step)}: ${why}`, show(expected), show(got), { kind: kindOf, path });
    };
    if (!got) {
      if (expected) fail('order-lost', `empty while ${held.length + 1} order(s) are queued`, 'popped');
      return;
    }
    const gotId = got.order?.id;
    if (!expected || (gotId !== expected.order.id && !held.some((h) => h.order.id === gotId))) {
      fail(popped.has(gotId) ? 'duplicated' : 'unknown-order', `popped order ${String(gotId)}, which is not queued`, 'popped.order.id');
    }
    const e = expected!;
    if (gotId !== e.order.id) fail('reordered', `not the smallest ${kind === 'loq' ? '(epoch, critical?, timestamp, participant)' : '(timestamp, participant)'}, FIFO on ties`, 'popped.order.id');
    const o = got.order;
    if (o.side !== e.order.side || o.price !== e.order.price || o.quantity !== e.order.quantity || o.timestamp !== e.order.timestamp || o.participant !== e.order.participant) {
      fail('altered', `order ${gotId} comes out with fields other than those pushed`, 'popped.order');
    }
    if (got.epoch !== e.epoch) fail('wrong-epoch', `order ${gotId} reported in epoch ${String(got.epoch)}`, 'popped.epoch');
    if (got.critical !== e.critical) fail('misclassified', `order ${gotId} reported ${got.critical ? 'critical' : 'non-critical'}`, 'popped.critical');
    popped.add(gotId);
  };
  for (let step = 0; step < c.ops.length; step++) {
    const op = c.ops[step]!;
    if (op.op === 'mid') {
      if (op.move !== 0) epoch++;
      record.events.push({ step, op: 'mid', from: mid, to: mid + op.move, epoch });
      mid += op.move;
      await q.setMid(mid);
    } else if (op.op === 'push') {
      ts += op.dt;
      const price = op.side === 'bid' ? mid + op.offset : mid - op.offset;
      const critical = kind === 'simple-pq' || (op.side === 'bid' ? price >= mid - c.window : price <= mid + c.window);
      const order: LoqOrder = { id: id++, participant: op.participant, side: op.side, price, quantity: op.quantity, timestamp: ts };
      held.push({ order, key: [kind === 'loq' ? epoch : 0, critical ? 0 : 1, ts, op.participant, order.id] });
      record.events.push({ step, op: 'push', order, epoch: kind === 'loq' ? epoch : 0, critical, mid });
      await q.push(order);
    } else if (op.op === 'tagged') {
      if (!q.pushTagged) throw new Mismatch('the subject declares capability proxy but its queue has no pushTagged', 'pushTagged', null, { kind: 'missing-op', path: 'pushTagged' });
      const price = op.side === 'bid' ? mid + op.offset : mid - op.offset;
      const stamp = Math.max(0, ts - op.back);
      const order: LoqOrder = { id: id++, participant: op.participant, side: op.side, price, quantity: op.quantity, timestamp: stamp };
      held.push({ order, key: [op.epoch, op.critical ? 0 : 1, stamp, op.participant, order.id] });
      record.events.push({ step, op: 'tagged', order, epoch: op.epoch, critical: op.critical, mid });
      await q.pushTagged(order, op.epoch, op.critical);
    } else await popOne(step);
  }
  while (held.length > 0) await popOne(c.ops.length);
  const left = await q.size();
  if (left !== 0) throw new Mismatch(`${kind} not empty after popping every order`, 0, left, { kind: 'size-differs', path: 'size' });
}
