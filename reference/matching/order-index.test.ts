import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { OrderIndex, hashId } from './order-index.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

interface Entry {
  readonly id: string;
  readonly hash: number;
}

/** Operations on the index, replayed against a Map<string, Entry> oracle. */
const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), id: fc.string({ maxLength: 3 }) }),
  fc.record({ kind: fc.constant('remove' as const), id: fc.string({ maxLength: 3 }) }),
  fc.record({ kind: fc.constant('get' as const), id: fc.string({ maxLength: 3 }) }),
);

function check(ops: readonly { kind: 'add' | 'remove' | 'get'; id: string }[], hashOf: (id: string) => number, initialCapacity: number): void {
  const index = new OrderIndex<Entry>(initialCapacity);
  const oracle = new Map<string, Entry>();
  for (const { kind, id } of ops) {
    const hash = hashOf(id);
    if (kind === 'add' && !oracle.has(id)) {
      const e = { id, hash };
      index.add(e);
      oracle.set(id, e);
    } else if (kind === 'remove') {
      const e = oracle.get(id);
      // Removing an entry that is not indexed (same id, another object) finds nothing.
      expect(index.remove(e ?? { id, hash })).toBe(e !== undefined);
      oracle.delete(id);
    }
    expect(index.get(id, hash)).toBe(oracle.get(id));
    expect(index.size).toBe(oracle.size);
  }
  for (const [id, e] of oracle) expect(index.get(id, e.hash)).toBe(e);
  expect(new Set(index.values())).toEqual(new Set(oracle.values()));
}

describe('OrderIndex', () => {
  it('behaves like a Map from id to entry under adds, removes and lookups', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => check(ops, hashId, 16)),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('stays exact when every id collides or hashes into a few slots (long runs, wrap-around)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.integer({ min: 1, max: 4 }), (ops, spread) => {
        // Few distinct hashes, chosen near the top of the table so runs wrap past slot 0.
        check(ops, (id) => -1 - (id.length % spread), 16);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('grows from a small table to many thousands of entries and shrinks back', () => {
    const index = new OrderIndex<Entry>(16);
    const entries = Array.from({ length: 20_000 }, (_, i) => ({ id: `o${i}`, hash: hashId(`o${i}`) }));
    for (const e of entries) index.add(e);
    expect(index.size).toBe(20_000);
    for (const e of entries) expect(index.get(e.id, e.hash)).toBe(e);
    for (let i = 0; i < entries.length; i += 2) expect(index.remove(entries[i]!)).toBe(true);
    for (let i = 0; i < entries.length; i++) expect(index.get(entries[i]!.id, entries[i]!.hash)).toBe(i % 2 === 0 ? undefined : entries[i]);
    expect(index.size).toBe(10_000);
  });

  it('hashId is never 0 (the empty-slot mark) and spreads sequential ids', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (s) => {
        expect(hashId(s)).not.toBe(0);
        expect(Number.isInteger(hashId(s))).toBe(true);
      }), { seed: SEED });
    const seen = new Set(Array.from({ length: 10_000 }, (_, i) => hashId(`L${i}`)));
    expect(seen.size).toBe(10_000);
  });
});
