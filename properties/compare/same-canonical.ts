/**
 * Structural equality of canonical JSON values (spec/fast/canonical.md: strings, numbers, null,
 * plain objects, arrays), without serialising: the hot path of `fairwire compare`, where almost
 * every message is equal. Key order does not matter, as in canonical JSON.
 */
export function sameCanonical(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameCanonical(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) {
    // hasOwn, not `rb[k] === undefined`: a field named __proto__ must not match the prototype.
    if (!Object.hasOwn(rb, k)) return false;
    const va = ra[k];
    const vb = rb[k];
    if (va !== vb && !sameCanonical(va, vb)) return false;
  }
  return true;
}
