import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFINE_SITE, STORE_SITES, needsDefineSite, setField, storeField } from './store-sites.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

/** Any string, often one of Object.prototype's own names (`__proto__`, `constructor`, ...). */
const fieldName = fc.oneof(fc.string(), fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype)));

describe('storeField', () => {
  it('stores the value under the name, whatever the site (the generic one beyond STORE_SITES)', () => {
    fc.assert(
      fc.property(fc.integer({ min: DEFINE_SITE, max: STORE_SITES + 3 }), fieldName, fc.oneof(fc.string(), fc.constant(null)), (site, name, v) => {
        const out: Record<string, unknown> = { before: null, [name]: 'old', after: null };
        const keys = Object.keys(out);
        storeField(site, out as never, name, v);
        expect(out[name]).toBe(v);
        expect(Object.keys(out)).toEqual(keys); // an existing key keeps its place
        expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
      }), { seed: SEED });
  });

  it('at DEFINE_SITE (and for any name with setField), a new field is an own property, even `__proto__`', () => {
    fc.assert(
      fc.property(fc.boolean(), fieldName, fc.oneof(fc.string(), fc.constant(null), fc.constant({ hex: '00' })), (viaSite, name, v) => {
        const out: Record<string, unknown> = { before: null };
        if (viaSite && needsDefineSite(name)) storeField(DEFINE_SITE, out as never, name, v as never);
        else setField(out, name, v);
        expect(Object.hasOwn(out, name)).toBe(true);
        expect(Object.getOwnPropertyDescriptor(out, name)).toEqual({ value: v, enumerable: true, writable: true, configurable: true });
        expect(Object.keys(out)).toEqual(Object.keys({ before: null, [name]: v })); // a computed key defines too
        expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
        expect(JSON.parse(JSON.stringify(out))).toEqual(out);
      }), { seed: SEED });
  });

  it('only `__proto__` needs DEFINE_SITE: the other Object.prototype names are data properties there', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).filter(needsDefineSite)).toEqual(['__proto__']);
    for (const n of Object.getOwnPropertyNames(Object.prototype)) {
      if (n === '__proto__') continue;
      const o: Record<string, unknown> = {};
      o[n] = 1;
      expect(Object.hasOwn(o, n)).toBe(true);
    }
  });
});
