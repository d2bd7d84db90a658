import { describe, it, expect } from 'vitest';
import { CloudExSequencer } from './cloudex.ts';

describe('CloudExSequencer', () => {
  it('holds each order until timestamp + timeout, then releases by (timestamp, participant)', () => {
    const out: number[] = [];
    const s = new CloudExSequencer<number>(3, 10, (_t, _p, id) => out.push(id));
    s.enqueue(3, 2, 3, 1);
    s.enqueue(4, 0, 3, 2);
    s.enqueue(5, 1, 1, 3);
    s.advance(12);
    expect(out).toEqual([3]);
    s.advance(13);
    expect(out).toEqual([3, 2, 1]);
  });

  it('is unfair to an order delayed beyond the timeout', () => {
    const out: number[] = [];
    const s = new CloudExSequencer<number>(2, 10, (_t, _p, id) => out.push(id));
    s.enqueue(5, 1, 5, 1);
    s.advance(15); // released: 5 + 10
    s.enqueue(16, 0, 2, 2); // generated earlier, arrived 14 late
    expect(out).toEqual([1, 2]);
  });

  it('refuses time going back', () => {
    const s = new CloudExSequencer<number>(1, 1, () => {});
    s.advance(5);
    expect(() => s.advance(4)).toThrow(/time-went-back/);
  });
});
