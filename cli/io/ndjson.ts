import type { CanonicalMessage } from '../../reference/fast/canonical.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';

/**
 * A decoded message as its canonical JSON line, fast: a canonical message holds only strings,
 * finite numbers, null, plain objects and arrays (spec/fast/canonical.md), for which the native
 * JSON.stringify writes exactly what toCanonicalJson writes, without calling a replacer for every
 * key (the replacer was most of the CPU of `decode` on a fast engine). A value outside that form
 * (a bigint) makes JSON.stringify throw: then the general toCanonicalJson writes it.
 */
export function messageJson(m: CanonicalMessage): string {
  try {
    return JSON.stringify(m);
  } catch {
    return toCanonicalJson(m);
  }
}
