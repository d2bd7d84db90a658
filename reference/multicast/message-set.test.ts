import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MessageSet } from './message-set.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);

describe('MessageSet', () => {
  it('behaves as a set of ids under any order, gaps and late duplicates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 300 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 5000 }) }), { maxLength: 600 }),
        (ids) => {
          const s = new MessageSet();
          const model = new Set<number>();
          for (const id of ids) {
            expect(s.add(id)).toBe(!model.has(id));
            model.add(id);
          }
          const wrong: number[] = [];
          for (let id = 0; id <= 5001; id++) if (s.has(id) !== model.has(id)) wrong.push(id);
          expect(wrong).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('never forgets: a duplicate long after is still a duplicate', () => {
    const s = new MessageSet();
    for (let i = 0; i < 100_000; i++) s.add(i);
    expect(s.add(3)).toBe(false);
    expect(s.add(99_999)).toBe(false);
    expect(s.add(100_000)).toBe(true);
  });

  it('can start with every id below a given low', () => {
    const s = new MessageSet(77);
    expect(s.has(0)).toBe(true);
    expect(s.has(76)).toBe(true);
    expect(s.add(76)).toBe(false);
    expect(s.has(77)).toBe(false);
    expect(s.add(200)).toBe(true);
    expect(s.add(77)).toBe(true);
    expect(s.has(78)).toBe(false);
    expect(s.has(200)).toBe(true);
  });
});
