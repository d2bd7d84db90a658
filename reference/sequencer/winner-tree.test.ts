import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { WinnerTree } from './winner-tree.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

describe('WinnerTree', () => {
  it('always names a link with the smallest (timestamp, participant), +∞ for empty links', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 37 }),
        fc.array(fc.tuple(fc.nat(36), fc.option(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.nat(50)), { nil: undefined })), { maxLength: 200 }),
        (n, ops) => {
          const t = new WinnerTree(n);
          const keys: ([number, number] | undefined)[] = new Array(n).fill(undefined);
          for (const [l0, key] of ops) {
            const l = l0 % n;
            keys[l] = key;
            if (key) t.set(l, key[0], key[1]);
            else t.clear(l);
            let best = -1;
            keys.forEach((k, i) => {
              const b = best >= 0 ? keys[best] : undefined;
              if (k && (!b || k[0] < b[0] || (k[0] === b[0] && k[1] < b[1]))) best = i;
            });
            if (best >= 0) expect(keys[t.winner()]).toEqual(keys[best]);
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
