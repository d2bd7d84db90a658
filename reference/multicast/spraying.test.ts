import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maxServed, servedChildren, servedChildrenInto } from './spraying.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);

/** parents[c] = the layer indices that serve child c for message `msg`. */
function parentsOf(L: number, next: number, F: number, H: number, spraying: boolean, msg: number): number[][] {
  const parents: number[][] = Array.from({ length: next }, () => []);
  for (let i = 0; i < L; i++) {
    const kids = servedChildren(i, L, next, F, H, spraying, msg, []);
    expect(new Set(kids).size, `proxy ${i} serves a child twice`).toBe(kids.length);
    for (const c of kids) parents[c]!.push(i);
  }
  return parents;
}

const shape = fc
  .record({ L: fc.integer({ min: 1, max: 30 }), F: fc.integer({ min: 1, max: 12 }), fill: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ L, F, fill }) => ({ L, F, next: Math.max(1, Math.ceil(fill * L * F)) }))
  .filter(({ L, F, next }) => Math.ceil(next / F) <= L);

describe('servedChildren', () => {
  it('without hedging every child has exactly one parent per message, sprayed or not', () => {
    fc.assert(
      fc.property(shape, fc.boolean(), fc.nat(1000), ({ L, F, next }, spraying, msg) => {
        for (const ps of parentsOf(L, next, F, 0, spraying, msg)) expect(ps.length).toBe(1);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('with hedging H every child gets min(H, L−1)+1 copies from distinct parents', () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 0, max: 6 }), fc.boolean(), fc.nat(1000), ({ L, F, next }, H, spraying, msg) => {
        for (const ps of parentsOf(L, next, F, H, spraying, msg)) {
          expect(ps.length).toBe(Math.min(H, L - 1) + 1);
          expect(new Set(ps).size).toBe(ps.length);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('spraying rotates: proxy i serves block (i + k) mod L for message k', () => {
    expect(servedChildren(0, 3, 9, 3, 0, true, 0, [])).toEqual([0, 1, 2]);
    expect(servedChildren(0, 3, 9, 3, 0, true, 1, [])).toEqual([3, 4, 5]);
    expect(servedChildren(2, 3, 9, 3, 0, true, 2, [])).toEqual([3, 4, 5]);
    expect(servedChildren(2, 3, 9, 3, 0, false, 2, [])).toEqual([6, 7, 8]);
    // Hedging adds the next sibling's block after its own.
    expect(servedChildren(2, 3, 9, 3, 1, false, 0, [])).toEqual([6, 7, 8, 0, 1, 2]);
    // A partial last block.
    expect(servedChildren(1, 2, 5, 3, 0, false, 0, [])).toEqual([3, 4]);
  });

  it('over L consecutive messages a sprayed proxy serves every block once', () => {
    const L = 5;
    const blocks = new Set<number>();
    for (let k = 0; k < L; k++) blocks.add(servedChildren(1, L, 20, 4, 0, true, k, [])[0]! / 4);
    expect(blocks.size).toBe(L);
  });

  it('servedChildrenInto writes what servedChildren lists, within maxServed', () => {
    fc.assert(
      fc.property(shape, fc.nat(4), fc.boolean(), fc.nat(1000), ({ L, F, next }, H, spraying, msg) => {
        const out = new Int32Array(maxServed(L, next, F, H));
        for (let i = 0; i < L; i++) {
          const n = servedChildrenInto(i, L, next, F, H, spraying, msg, out);
          expect(Array.from(out.subarray(0, n))).toEqual(servedChildren(i, L, next, F, H, spraying, msg, [7, 7]));
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
