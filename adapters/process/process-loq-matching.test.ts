import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceLoqAdapter } from '../reference/loq.ts';
import { referenceMatchingAdapter } from '../reference/matching.ts';
import type { LoqAdapter, LoqOrder } from '../loq.ts';
import type { MatchingAdapter } from '../matching.ts';
import { loqCatalog } from '../../properties/loq/catalog.ts';
import { matchingCatalog } from '../../properties/matching/catalog.ts';
import { runCatalog } from '../../properties/runner.ts';
import { createProcessLoq } from './process-loq.ts';
import { createProcessMatching } from './process-matching.ts';
import { VendorError } from './vendor-process.ts';
import { VendorSession } from './vendor-session.ts';

const LOQ = fileURLToPath(new URL('../examples/python/loq.py', import.meta.url));
const MATCHING = fileURLToPath(new URL('../examples/python/matching.py', import.meta.url));

let loq: LoqAdapter;
let matching: MatchingAdapter;

beforeAll(async () => {
  loq = createProcessLoq(await VendorSession.open({ command: 'python3', args: [LOQ] }), 'python-example-loq');
  matching = createProcessMatching(await VendorSession.open({ command: 'python3', args: [MATCHING] }), 'python-example-matching');
});
afterAll(async () => {
  await loq.close?.();
  await matching.close?.();
});

const order = (id: number, side: 'bid' | 'ask', price: number, timestamp: number, participant = 0): LoqOrder => ({ id, participant, side, price, quantity: 1, timestamp });

describe('process loq (the Python LOQ example over the protocol)', () => {
  it('declares loq, simplePq and proxy', () => {
    expect(loq.capabilities).toEqual({ loq: true, simplePq: true, proxy: true });
  });

  it('pops like the reference: epoch, then critical first, then timestamp and participant', async () => {
    const out: unknown[] = [];
    for (const a of [loq, referenceLoqAdapter()]) {
      const q = await a.create({ kind: 'loq', mid: 100, window: 1 });
      await q.push(order(0, 'bid', 98, 1)); // non-critical (98 < 99)
      await q.push(order(1, 'ask', 101, 2, 1)); // critical
      await q.push(order(2, 'bid', 99, 2, 0)); // critical, ties order 1 on timestamp
      await q.setMid(100); // unchanged: same epoch
      await q.setMid(90);
      await q.push(order(3, 'bid', 89, 0)); // epoch 1 behind everything older
      await q.pushTagged!(order(4, 'ask', 500, 9), 0, true);
      const popped = [];
      for (let p = await q.pop(); p !== null; p = await q.pop()) popped.push([p.order.id, p.epoch, p.critical]);
      out.push({ popped, size: await q.size() });
    }
    expect(out[0]).toEqual({ popped: [[2, 0, true], [1, 0, true], [4, 0, true], [0, 0, false], [3, 1, true]], size: 0 });
    expect(out[0]).toEqual(out[1]);
  });

  it('refuses bad orders and configs with the LOQ error codes', async () => {
    const q = await loq.create({ kind: 'simple-pq' });
    await expect(q.push({ ...order(0, 'bid', 1, 1), quantity: 0 })).rejects.toThrow(/bad-order/);
    await expect(q.pushTagged!(order(1, 'bid', 1, 1), 0, true)).rejects.toBeInstanceOf(VendorError); // simple-pq has no tags
    await expect(loq.create({ kind: 'loq', mid: 1, window: -1 })).rejects.toThrow(/bad-config/);
    expect(await q.size()).toBe(0);
  });

  it('passes the loq catalog; its documented expected failures fail as on the reference', async () => {
    const results = await runCatalog({ catalog: loqCatalog, subject: loq, oracle: referenceLoqAdapter(), seed: 77, runs: 20 });
    expect(results.map((r) => `${r.id}: ${r.status}`)).toEqual(
      loqCatalog.map((p) => `${p.id}: ${p.expectedFailure ? 'expected-failure' : 'passed'}`),
    );
  });
});

describe('process matching (the Python matching example over the protocol)', () => {
  it('declares every capability', () => {
    expect(Object.values(matching.capabilities).every((v) => v === true)).toBe(true);
  });

  it('gives the events of the spec example, as the reference', async () => {
    const config = { symbols: [{ symbol: 'X', tickSize: 1 }] };
    const commands = [
      { type: 'new', id: 's1', account: 'A', symbol: 'X', side: 'sell', orderType: 'limit', price: '101', quantity: '5' },
      { type: 'new', id: 'b1', account: 'B', symbol: 'X', side: 'buy', orderType: 'limit', tif: 'ioc', price: 102, quantity: '7' },
      { type: 'new', id: 'b2', account: 'B', symbol: 'X', side: 'buy', orderType: 'limit', price: '2.5', quantity: '1' },
      { type: 'cancel', id: 7 },
    ];
    const out: unknown[] = [];
    for (const m of [matching, referenceMatchingAdapter()]) {
      await m.reset(config);
      const events = [];
      for (const c of commands) events.push(await m.apply(c));
      out.push({ events, books: await m.snapshot() });
    }
    expect(out[0]).toEqual(out[1]);
    expect((out[0] as { events: { type: string }[][] }).events[1]!.map((e) => e.type)).toEqual(['accepted', 'trade', 'expired', 'level', 'bbo']);
  });

  it('passes the matching catalog', async () => {
    const results = await runCatalog({ catalog: matchingCatalog, subject: matching, oracle: referenceMatchingAdapter(), seed: 77, runs: 20 });
    expect(results.map((r) => `${r.id}: ${r.status}`)).toEqual(matchingCatalog.map((p) => `${p.id}: passed`));
  });
});
