/** A Fenwick (binary indexed) tree of counts over 0..n−1: add and prefix count in O(log n). */
export class Fenwick {
  private readonly t: Int32Array;
  constructor(readonly n: number) {
    this.t = new Int32Array(n + 1);
  }
  add(i: number, v = 1): void {
    for (let k = i + 1; k <= this.n; k += k & -k) this.t[k]! += v;
  }
  /** Sum over 0..i (i < 0: 0). */
  prefix(i: number): number {
    let s = 0;
    for (let k = Math.min(i, this.n - 1) + 1; k > 0; k -= k & -k) s += this.t[k]!;
    return s;
  }
}

/**
 * Inversions of a processing order against generation order: `ranks[j]` is the generation rank
 * (0..n−1, a permutation) of the j-th order processed. Returns, per processed position j, how
 * many earlier-processed orders were generated after it (exact; O(n log n)).
 */
export function inversionsPerPosition(ranks: Int32Array): Int32Array {
  const n = ranks.length;
  const f = new Fenwick(n);
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const r = ranks[j]!;
    out[j] = j - f.prefix(r);
    f.add(r);
  }
  return out;
}
