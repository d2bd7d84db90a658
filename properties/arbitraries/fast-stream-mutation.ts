import fc from 'fast-check';

/**
 * Damage done to an encoded stream (the fuzzer's and `fast.decode.malformed`'s strategies).
 * Positions are stored as fractions of the stream length (per mille) so that a mutation stays
 * meaningful while the stream it applies to shrinks.
 */
export type StreamMutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'splice'; readonly from: number; readonly to: number; readonly length: number }
  /** A stop-bit-less run before a byte: inflates a length, integer or template id to a huge value. */
  | { readonly kind: 'inflate'; readonly at: number; readonly bytes: number }
  /** A redundant leading 0x00 (or 0x7F): an overlong element, or a corrupt one where it does not belong. */
  | { readonly kind: 'pad'; readonly at: number; readonly byte: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: readonly number[] };

export const MUTATION_KINDS = ['flip', 'truncate', 'splice', 'inflate', 'pad', 'insert'] as const;

const at = fc.integer({ min: 0, max: 1000 });

export function fastStreamMutation(): fc.Arbitrary<StreamMutation> {
  return fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at }),
    fc.record({ kind: fc.constant('splice' as const), from: at, to: at, length: fc.integer({ min: 1, max: 16 }) }),
    fc.record({ kind: fc.constant('inflate' as const), at, bytes: fc.integer({ min: 1, max: 9 }) }),
    fc.record({ kind: fc.constant('pad' as const), at, byte: fc.constantFrom(0x00, 0x7f) }),
    fc.record({ kind: fc.constant('insert' as const), at, bytes: fc.array(fc.oneof(fc.constantFrom(0x80, 0x00, 0x7f, 0xff), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }) }),
  );
}

/** One to three mutations, applied in order. */
export function fastStreamMutations(): fc.Arbitrary<StreamMutation[]> {
  return fc.array(fastStreamMutation(), { minLength: 1, maxLength: 3 });
}

function pos(perMille: number, length: number): number {
  return Math.min(length, Math.floor((perMille * length) / 1000));
}

/** Applies the mutations to a copy of `bytes`. Deterministic; never grows the stream by more than 32 bytes per mutation. */
export function applyMutations(bytes: Uint8Array, mutations: readonly StreamMutation[]): Uint8Array {
  let b: Uint8Array = Uint8Array.from(bytes);
  for (const m of mutations) b = applyMutation(b, m);
  return b;
}

export function applyMutation(b: Uint8Array, m: StreamMutation): Uint8Array {
  const n = b.length;
  switch (m.kind) {
    case 'flip': {
      if (n === 0) return b;
      const i = Math.min(n - 1, pos(m.at, n));
      const out = Uint8Array.from(b);
      out[i] = out[i]! ^ (1 << m.bit);
      return out;
    }
    case 'truncate':
      return b.slice(0, pos(m.at, n));
    case 'splice': {
      // Copies a run of the stream over another place: a plausible but misplaced element.
      const from = pos(m.from, n);
      const to = pos(m.to, n);
      const run = b.slice(from, Math.min(n, from + m.length));
      return concat(b.slice(0, to), run, b.slice(Math.min(n, to + run.length)));
    }
    case 'inflate':
      return concat(b.slice(0, pos(m.at, n)), new Uint8Array(m.bytes).fill(0x7f), b.slice(pos(m.at, n)));
    case 'pad':
      return concat(b.slice(0, pos(m.at, n)), Uint8Array.of(m.byte), b.slice(pos(m.at, n)));
    case 'insert':
      return concat(b.slice(0, pos(m.at, n)), Uint8Array.from(m.bytes), b.slice(pos(m.at, n)));
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
