import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { LoserTree } from './loser-tree.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

type Key = [number, number];
/** The smallest (timestamp, participant), lowest link on a complete tie. */
const argmin = (keys: Key[]) => keys.reduce((b, k, i) => (k[0] < keys[b]![0] || (k[0] === keys[b]![0] && k[1] < keys[b]![1]) ? i : b), 0);

describe('LoserTree', () => {
  it('names the link with the smallest (timestamp, participant, link) as its winner keeps changing', () => {
    const key = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.nat(3)); // small ranges: many ties
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }).chain((n) => fc.tuple(fc.array(key, { minLength: n, maxLength: n }), fc.array(key, { maxLength: 60 }))), ([keys, updates]) => {
        const t = new LoserTree(keys.length);
        keys.forEach(([ts, p], l) => t.setKey(l, ts, p));
        t.build();
        const check = () => {
          const w = argmin(keys);
          expect(t.winner()).toBe(w);
          expect([t.winnerTs(), t.winnerPid()]).toEqual(keys[w]);
        };
        check();
        for (const [ts, p] of updates) {
          keys[t.winner()] = [ts, p];
          t.replaceWinner(ts, p);
          check();
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
