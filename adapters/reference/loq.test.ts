import { describe, it, expect } from 'vitest';
import { referenceLoqAdapter } from './loq.ts';
import type { LoqConfig, LoqOrder } from '../loq.ts';

const order = (id: number, side: 'bid' | 'ask', price: number, timestamp: number): LoqOrder => ({ id, participant: 0, side, price, quantity: 1, timestamp });

describe('reference LOQ adapter', () => {
  it('reports the epoch and class of each popped order', async () => {
    const q = await referenceLoqAdapter().create({ kind: 'loq', mid: 100, window: 1 });
    await q.push(order(0, 'bid', 90, 0));
    await q.setMid(95);
    await q.push(order(1, 'ask', 96, 1));
    expect(await q.pop()).toEqual({ order: order(0, 'bid', 90, 0), epoch: 0, critical: false });
    expect(await q.pop()).toEqual({ order: order(1, 'ask', 96, 1), epoch: 1, critical: true });
    expect(await q.pop()).toBeNull();
    expect(await q.size()).toBe(0);
  });

  it('pushTagged keeps the upstream epoch and class (a proxy queue)', async () => {
    const q = await referenceLoqAdapter().create({ kind: 'loq', mid: 100, window: 0 });
    await q.pushTagged!(order(0, 'bid', 50, 3), 2, true);
    await q.pushTagged!(order(1, 'bid', 100, 1), 2, false);
    await q.pushTagged!(order(2, 'ask', 100, 0), 3, true);
    expect((await q.pop())).toEqual({ order: order(0, 'bid', 50, 3), epoch: 2, critical: true });
    expect((await q.pop())?.order.id).toBe(1);
    expect((await q.pop())?.epoch).toBe(3);
    await expect(async () => q.pushTagged!(order(3, 'bid', 1, 1), -1, true)).rejects.toThrow(/bad-order/);
    const simple = await referenceLoqAdapter().create({ kind: 'simple-pq' });
    await expect(async () => simple.pushTagged!(order(3, 'bid', 1, 1), 0, true)).rejects.toThrow(/bad-config/);
  });

  it('SimplePQ ignores the mid and pops by timestamp', async () => {
    const q = await referenceLoqAdapter().create({ kind: 'simple-pq' });
    await q.push(order(0, 'bid', 90, 5));
    await q.setMid(1);
    await q.push(order(1, 'bid', 200, 2));
    expect((await q.pop())?.order.id).toBe(1);
    await expect(async () => q.setMid(0.5)).rejects.toThrow(/bad-config/);
  });

  it('refuses bad configs with typed errors', async () => {
    await expect(async () => referenceLoqAdapter().create({ kind: 'x' } as unknown as LoqConfig)).rejects.toThrow(/bad-config/);
    await expect(async () => referenceLoqAdapter().create({ kind: 'loq', mid: 1.5, window: 0 })).rejects.toThrow(/bad-config/);
  });
});
