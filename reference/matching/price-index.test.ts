import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PriceIndex, hashPrice } from './price-index.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

const op = fc.record({
  kind: fc.constantFrom('add', 'delete', 'get'),
  // Small prices (dense collisions), prices above 2^32 and up to 2^53 - 1.
  price: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 2 ** 32 - 20, max: 2 ** 32 + 20 }), fc.maxSafeInteger().filter((p) => p > 0)),
});

describe('PriceIndex', () => {
  it('behaves like a Map<number, T> under adds, deletes and lookups', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const index = new PriceIndex<{ p: number }>(16);
        const oracle = new Map<number, { p: number }>();
        for (const { kind, price } of ops) {
          if (kind === 'add' && !oracle.has(price)) {
            const v = { p: price };
            index.add(price, v);
            oracle.set(price, v);
          } else if (kind === 'delete') {
            expect(index.delete(price)).toBe(oracle.delete(price));
          }
          expect(index.get(price)).toBe(oracle.get(price));
          expect(index.size).toBe(oracle.size);
        }
        for (const [p, v] of oracle) expect(index.get(p)).toBe(v);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('hashPrice mixes both 32-bit halves of a safe integer', () => {
    expect(hashPrice(5)).not.toBe(hashPrice(5 + 2 ** 32));
    expect(hashPrice(2 ** 53 - 1)).toBe(hashPrice(2 ** 53 - 1));
    const seen = new Set(Array.from({ length: 5_000 }, (_, i) => hashPrice(1_000_000 + i) & 8191));
    // Consecutive prices spread over the table (a weak hash would map them to a few slots).
    expect(seen.size).toBeGreaterThan(3_000);
  });
});
