import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookView } from './book-view.ts';
import type { LevelChange, MdUpdate } from './md-update.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);

const lvl = (side: 0 | 1, price: number, size: number): LevelChange => ({ side, price, size, orders: size === 0 ? 0 : 1 });

describe('BookView', () => {
  it('applies publications in sequence order, holding one that comes ahead of a gap, ignoring duplicates', () => {
    const v = new BookView();
    const u0: MdUpdate = { seq: 0, sendingTimeNs: 0, entries: [lvl(0, 99, 5), lvl(1, 101, 5)] };
    const u1: MdUpdate = { seq: 1, sendingTimeNs: 1, entries: [lvl(0, 99, 0), lvl(0, 98, 2)] };
    expect(v.offer(u1)).toBe(false); // ahead of the gap: held
    expect(v.bestBid).toBeNaN();
    expect(v.offer(u0)).toBe(true); // 0, then the held 1
    expect(v.levels()).toEqual({ bids: [{ price: 98, size: 2, orders: 1 }], asks: [{ price: 101, size: 5, orders: 1 }] });
    expect(v.offer(u0)).toBe(false);
    expect(v.offer(u1)).toBe(false);
    expect([v.bestBid, v.bestAsk, v.mid]).toEqual([98, 101, 99]);
  });

  it(`keeps the best prices right through any sequence of level changes (seed ${SEED})`, () => {
    const change = fc.record({ side: fc.constantFrom<0 | 1>(0, 1), price: fc.integer({ min: 1, max: 12 }), size: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 60 }), (cs) => {
        const v = new BookView();
        const model = [new Map<number, number>(), new Map<number, number>()];
        for (const c of cs) {
          v.change(lvl(c.side, c.price, c.size));
          if (c.size === 0) model[c.side]!.delete(c.price);
          else model[c.side]!.set(c.price, c.size);
          const bids = [...model[0]!.keys()];
          const asks = [...model[1]!.keys()];
          expect(v.bestBid).toBe(bids.length ? Math.max(...bids) : NaN);
          expect(v.bestAsk).toBe(asks.length ? Math.min(...asks) : NaN);
        }
        expect(v.levels().bids.map((l) => l.price)).toEqual([...model[0]!.keys()].sort((a, b) => b - a));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
