import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { STORE_SITES, storeField } from './store-sites.ts';

describe('storeField', () => {
  it('stores the value under the name, whatever the site (the generic one beyond STORE_SITES)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: STORE_SITES + 3 }), fc.string().filter((n) => n !== '__proto__'), fc.oneof(fc.string(), fc.constant(null)), (site, name, v) => {
        const out: Record<string, unknown> = { before: null, [name]: 'old', after: null };
        const keys = Object.keys(out);
        storeField(site, out as never, name, v);
        expect(out[name]).toBe(v);
        expect(Object.keys(out)).toEqual(keys); // an existing key keeps its place
      }),
    );
  });
});
