/**
 * JSON that round-trips the values property inputs are made of: bigint, Uint8Array, Map, Set,
 * undefined and non-finite numbers, besides plain JSON. Saved counterexamples (the corpus) use it
 * so that they can be fed back to fast-check as `examples` exactly as they were generated.
 *
 * A tagged value is an object with a single "$"-prefixed key: {"$bigint": "-5"}, {"$bytes": "0a"},
 * {"$map": [[k, v], ...]}, {"$set": [...]}, {"$undefined": true}, {"$number": "NaN"}.
 * A plain object whose only key starts with "$" is escaped as {"$object": {...}}.
 */
export function toTaggedJson(value: unknown, indent?: number): string {
  return JSON.stringify(encode(value), null, indent);
}

export function fromTaggedJson(text: string): unknown {
  return decode(JSON.parse(text));
}

export function encode(v: unknown): unknown {
  if (v === undefined) return { $undefined: true };
  if (typeof v === 'bigint') return { $bigint: v.toString() };
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : { $number: Object.is(v, -0) ? '-0' : String(v) };
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') };
  if (Array.isArray(v)) return v.map(encode);
  if (v instanceof Map) return { $map: [...v].map(([k, x]) => [encode(k), encode(x)]) };
  if (v instanceof Set) return { $set: [...v].map(encode) };
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) setOwn(out, k, encode(x));
  const keys = Object.keys(out);
  return keys.length === 1 && keys[0]!.startsWith('$') ? { $object: out } : out;
}

export function decode(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(decode);
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0]!.startsWith('$')) {
    const tag = keys[0]!;
    const x = o[tag];
    switch (tag) {
      case '$undefined':
        return undefined;
      case '$bigint':
        return BigInt(x as string);
      case '$number':
        return x === '-0' ? -0 : Number(x);
      case '$bytes':
        return new Uint8Array(Buffer.from(x as string, 'hex'));
      case '$map':
        return new Map((x as [unknown, unknown][]).map(([k, y]) => [decode(k), decode(y)]));
      case '$set':
        return new Set((x as unknown[]).map(decode));
      case '$object': {
        const out: Record<string, unknown> = {};
        for (const [k, y] of Object.entries(x as object)) setOwn(out, k, decode(y));
        return out;
      }
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, y] of Object.entries(o)) setOwn(out, k, decode(y));
  return out;
}

/** `o[k] = v` as an own property even for `__proto__` (assignment would set the prototype). */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}
