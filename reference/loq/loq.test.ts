import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { LimitOrderQueue } from './loq.ts';
import { SimplePq } from './simple-pq.ts';
import { LoqError } from './errors.ts';
import type { LoqOrder } from './order.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

type Op = { kind: 'push'; side: 'bid' | 'ask'; price: number; ts: number; p: number } | { kind: 'pop' } | { kind: 'mid'; mid: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('push' as const), side: fc.constantFrom('bid' as const, 'ask' as const), price: fc.integer({ min: 90, max: 110 }), ts: fc.integer({ min: 0, max: 20 }), p: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'pop' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('mid' as const), mid: fc.integer({ min: 95, max: 105 }) }) },
);

describe('LimitOrderQueue', () => {
  it('pops by (epoch, critical?, timestamp, participant, arrival) against a sort model', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.array(opArb, { maxLength: 80 }), (window, ops) => {
        const q = new LimitOrderQueue({ mid: 100, window });
        const model: { key: number[]; id: number }[] = [];
        let mid = 100;
        let epoch = 0;
        ops.forEach((op, id) => {
          if (op.kind === 'mid') {
            if (op.mid !== mid) epoch++;
            mid = op.mid;
            q.setMid(op.mid);
          } else if (op.kind === 'push') {
            const crit = op.side === 'bid' ? op.price >= mid - window : op.price <= mid + window;
            model.push({ key: [epoch, crit ? 0 : 1, op.ts, op.p, id], id });
            q.push({ id, participant: op.p, side: op.side, price: op.price, quantity: 1, timestamp: op.ts });
          } else {
            model.sort((a, b) => {
              for (let i = 0; i < 5; i++) if (a.key[i] !== b.key[i]) return a.key[i]! - b.key[i]!;
              return 0;
            });
            const want = model.shift();
            const got = q.pop();
            expect(got?.id).toBe(want?.id);
            if (want) {
              expect(q.poppedEpoch).toBe(want.key[0]);
              expect(q.poppedCritical).toBe(want.key[1] === 0);
            }
          }
        });
        expect(q.size).toBe(model.length);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('classifies at the window edges', () => {
    const q = new LimitOrderQueue({ mid: 100, window: 2 });
    const o = (id: number, side: 'bid' | 'ask', price: number): LoqOrder => ({ id, participant: 0, side, price, quantity: 1, timestamp: id });
    q.push(o(0, 'bid', 97)); // non-critical
    q.push(o(1, 'bid', 98)); // critical (>= 98)
    q.push(o(2, 'ask', 103)); // non-critical
    q.push(o(3, 'ask', 102)); // critical (<= 102)
    expect([q.pop(), q.pop(), q.pop(), q.pop()].map((x) => x?.id)).toEqual([1, 3, 0, 2]);
    expect(q.pop()).toBeUndefined();
  });

  it('an unchanged mid is not a new epoch', () => {
    const q = new LimitOrderQueue({ mid: 100, window: 0 });
    q.setMid(100);
    expect(q.epoch).toBe(0);
    q.setMid(101);
    expect(q.epoch).toBe(1);
  });

  it('refuses bad orders and config with typed errors', () => {
    const q = new LimitOrderQueue({ mid: 100, window: 1 });
    const good: LoqOrder = { id: 1, participant: 0, side: 'bid', price: 1, quantity: 1, timestamp: 0 };
    expect(() => q.push({ ...good, price: 1.5 })).toThrow(LoqError);
    expect(() => q.push({ ...good, quantity: 0 })).toThrow(/bad-order/);
    expect(() => q.push({ ...good, side: 'buy' as 'bid' })).toThrow(/bad-order/);
    expect(() => new LimitOrderQueue({ mid: 1, window: -1 })).toThrow(/bad-config/);
    const small = new LimitOrderQueue({ mid: 100, window: 1, maxSize: 64 });
    expect(() => {
      for (let i = 0; i < 200; i++) small.push({ ...good, id: i });
    }).toThrow(/overflow/);
  });
});

describe('SimplePq', () => {
  it('pops by timestamp, then participant, then arrival, ignoring prices', () => {
    const q = new SimplePq();
    const o = (id: number, ts: number, participant: number, price: number): LoqOrder => ({ id, participant, side: 'bid', price, quantity: 1, timestamp: ts });
    q.push(o(0, 5, 1, 100));
    q.push(o(1, 3, 2, 1));
    q.push(o(2, 5, 0, 50));
    q.push(o(3, 5, 0, 60));
    expect([q.pop(), q.pop(), q.pop(), q.pop()].map((x) => x?.id)).toEqual([1, 2, 3, 0]);
  });
});
