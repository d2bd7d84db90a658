import fc from 'fast-check';
import type { IntegerType } from '../../reference/fast/template-model.ts';

/** Inclusive range of each FAST integer type (§10.6.1). */
export const INTEGER_RANGE: Readonly<Record<IntegerType, { readonly min: bigint; readonly max: bigint }>> = {
  int32: { min: -(2n ** 31n), max: 2n ** 31n - 1n },
  uInt32: { min: 0n, max: 2n ** 32n - 1n },
  int64: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
  uInt64: { min: 0n, max: 2n ** 64n - 1n },
};

/**
 * The values where stop-bit encodings change length: 7-bit boundaries ±1 (unsigned: 2^7k;
 * signed: ±2^(7k-1), where the sign bit moves), one below them (a nullable value is sent +1 and
 * crosses the boundary there), and the type's extremes. Sorted so that 0 comes first (shrinks to it).
 */
export function integerEdges(type: IntegerType): bigint[] {
  return [...edgesOf(type)];
}

// Built once per type: the fuzzer asks for them per integer field of every generated template.
const EDGES = new Map<IntegerType, readonly bigint[]>();
const VALUES = new Map<IntegerType, fc.Arbitrary<bigint>>();

function edgesOf(type: IntegerType): readonly bigint[] {
  let edges = EDGES.get(type);
  if (!edges) EDGES.set(type, (edges = Object.freeze(computeEdges(type))));
  return edges;
}

function computeEdges(type: IntegerType): bigint[] {
  const { min, max } = INTEGER_RANGE[type];
  const out = new Set<bigint>([0n, 1n, -1n, min, min + 1n, max, max - 1n]);
  for (let k = 1n; k <= 10n; k++) {
    const u = 2n ** (7n * k);
    const s = 2n ** (7n * k - 1n);
    for (const b of [u, s, -s]) for (const d of [-2n, -1n, 0n, 1n]) out.add(b + d);
  }
  return [...out].filter((v) => v >= min && v <= max).sort((a, b) => (abs(a) < abs(b) ? -1 : abs(a) > abs(b) ? 1 : a < b ? 1 : -1));
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

/** An integer of the type, biased to encoding edges and small values, anywhere in range otherwise. */
export function fastIntegerValue(type: IntegerType): fc.Arbitrary<bigint> {
  // Arbitraries are immutable: one per type draws exactly what a fresh one would.
  let arb = VALUES.get(type);
  if (!arb) VALUES.set(type, (arb = buildIntegerValue(type)));
  return arb;
}

function buildIntegerValue(type: IntegerType): fc.Arbitrary<bigint> {
  const { min, max } = INTEGER_RANGE[type];
  const small = fc.bigInt({ min: min > -300n ? min : -300n, max: 300n });
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...edgesOf(type)) },
    { weight: 2, arbitrary: small },
    { weight: 1, arbitrary: fc.bigInt({ min, max }) },
  );
}
