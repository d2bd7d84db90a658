/**
 * One JSON text per value, the same in every run and language: object keys in insertion order
 * (canonical forms fix that order), bigint as a decimal string, bytes as lowercase hex.
 * Used for counterexamples, diffs and NDJSON output.
 */
export function toCanonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, replacer, indent) ?? 'undefined';
}

function replacer(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return { hex: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') };
  if (v instanceof Map) return Object.fromEntries(v);
  if (v instanceof Set) return [...v];
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return v;
}
