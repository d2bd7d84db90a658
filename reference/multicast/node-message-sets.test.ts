import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NodeMessageSets } from './node-message-sets.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);

describe('NodeMessageSets', () => {
  it('behaves as one set of ids per node under any order, gaps, spreads past its window and late duplicates', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat(2),
            fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 200 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3000 }) }),
          ),
          { maxLength: 600 },
        ),
        (ops) => {
          const s = new NodeMessageSets(3);
          const model = [new Set<number>(), new Set<number>(), new Set<number>()];
          for (const [node, id] of ops) {
            expect(s.add(node, id)).toBe(!model[node]!.has(id));
            model[node]!.add(id);
          }
          for (let node = 0; node < 3; node++) {
            const wrong: number[] = [];
            for (let id = 0; id <= 3001; id++) if (s.has(node, id) !== model[node]!.has(id)) wrong.push(id);
            expect(wrong, `node ${node}`).toEqual([]);
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('never forgets, in the flat window or after moving to a MessageSet', () => {
    const s = new NodeMessageSets(2);
    for (let i = 0; i < 10_000; i++) s.add(0, i);
    expect(s.add(0, 3)).toBe(false);
    expect(s.add(0, 10_000)).toBe(true);
    // Node 1 loses id 5 and keeps receiving: its spread outgrows the flat window.
    for (let i = 0; i < 1_000; i++) if (i !== 5) s.add(1, i);
    expect(s.has(1, 5)).toBe(false);
    expect(s.has(1, 999)).toBe(true);
    expect(s.add(1, 4)).toBe(false);
    expect(s.add(1, 5)).toBe(true);
    expect(s.add(1, 500)).toBe(false);
    expect(s.has(0, 10_001)).toBe(false);
  });
});
