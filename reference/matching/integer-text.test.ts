import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { integerText } from './integer-text.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

describe('integerText', () => {
  it('equals String(n) for every non-negative safe integer, table or not', () => {
    for (let n = 0; n < 5_000; n++) expect(integerText(n)).toBe(String(n));
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        expect(integerText(n)).toBe(String(n));
      }), { seed: SEED });
  });
});
