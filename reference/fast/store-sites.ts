/**
 * Stores of decoded values into canonical objects, one store site per field (see `storeField`).
 *
 * A canonical object is filled by name: `out[name] = v`. V8 makes such a keyed store fast (a
 * shape check and a write) only when its site has always seen the same name; one site fed the
 * names of every field goes megamorphic, and V8's generic keyed store then costs about 20 ns, as
 * much as decoding the field. So the decoder gives each field of its plans its own site, an
 * index into the identical `case`s below, while they last; later fields share the generic
 * `default`. Every case does the same thing: correctness does not depend on the site.
 *
 * Field names are arbitrary template strings. `out['__proto__'] = v` would call the inherited
 * setter (changing or ignoring the prototype) instead of creating the field, so a field named
 * `__proto__` gets DEFINE_SITE, chosen once per plan, which defines an own property instead.
 * Other Object.prototype names (`constructor`, `toString`, ...) are plain data properties there,
 * so assignment already creates own properties for them.
 */
import type { CanonicalFields, CanonicalValue } from './canonical.ts';

/** Number of distinct store sites (`storeField` cases). */
export const STORE_SITES = 64;

/** The store site for the name `__proto__`: `setField`'s own-property definition (`case -1`). */
export const DEFINE_SITE = -1;

/** True when `out[name] = v` cannot create the field `name`: it must be stored at DEFINE_SITE. */
export function needsDefineSite(name: string): boolean {
  return name === '__proto__';
}

/**
 * `o[name] = v` as an own, enumerable, writable data property whatever the name (`__proto__`
 * included): for code that builds canonical objects by name off the hot path.
 */
export function setField<T>(o: Record<string, T>, name: string, v: T): void {
  if (needsDefineSite(name)) Object.defineProperty(o, name, { value: v, enumerable: true, writable: true, configurable: true });
  else o[name] = v;
}

/** `out[name] = v`, at the store site `site` (any integer; beyond the sites, the shared one; DEFINE_SITE for `__proto__`). */
export function storeField(site: number, out: CanonicalFields, name: string, v: CanonicalValue): void {
  switch (site) {
    case 0: out[name] = v; return;
    case 1: out[name] = v; return;
    case 2: out[name] = v; return;
    case 3: out[name] = v; return;
    case 4: out[name] = v; return;
    case 5: out[name] = v; return;
    case 6: out[name] = v; return;
    case 7: out[name] = v; return;
    case 8: out[name] = v; return;
    case 9: out[name] = v; return;
    case 10: out[name] = v; return;
    case 11: out[name] = v; return;
    case 12: out[name] = v; return;
    case 13: out[name] = v; return;
    case 14: out[name] = v; return;
    case 15: out[name] = v; return;
    case 16: out[name] = v; return;
    case 17: out[name] = v; return;
    case 18: out[name] = v; return;
    case 19: out[name] = v; return;
    case 20: out[name] = v; return;
    case 21: out[name] = v; return;
    case 22: out[name] = v; return;
    case 23: out[name] = v; return;
    case 24: out[name] = v; return;
    case 25: out[name] = v; return;
    case 26: out[name] = v; return;
    case 27: out[name] = v; return;
    case 28: out[name] = v; return;
    case 29: out[name] = v; return;
    case 30: out[name] = v; return;
    case 31: out[name] = v; return;
    case 32: out[name] = v; return;
    case 33: out[name] = v; return;
    case 34: out[name] = v; return;
    case 35: out[name] = v; return;
    case 36: out[name] = v; return;
    case 37: out[name] = v; return;
    case 38: out[name] = v; return;
    case 39: out[name] = v; return;
    case 40: out[name] = v; return;
    case 41: out[name] = v; return;
    case 42: out[name] = v; return;
    case 43: out[name] = v; return;
    case 44: out[name] = v; return;
    case 45: out[name] = v; return;
    case 46: out[name] = v; return;
    case 47: out[name] = v; return;
    case 48: out[name] = v; return;
    case 49: out[name] = v; return;
    case 50: out[name] = v; return;
    case 51: out[name] = v; return;
    case 52: out[name] = v; return;
    case 53: out[name] = v; return;
    case 54: out[name] = v; return;
    case 55: out[name] = v; return;
    case 56: out[name] = v; return;
    case 57: out[name] = v; return;
    case 58: out[name] = v; return;
    case 59: out[name] = v; return;
    case 60: out[name] = v; return;
    case 61: out[name] = v; return;
    case 62: out[name] = v; return;
    case 63: out[name] = v; return;
    // DEFINE_SITE, as a literal: V8 builds the jump table only from literal cases before any other.
    case -1: setField(out, name, v); return;
    default: out[name] = v;
  }
}
