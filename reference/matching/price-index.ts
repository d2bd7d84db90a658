/**
 * One book side's price -> level index: an open-addressing hash table with linear probing over
 * a Float64Array of prices (0 = empty: prices are positive safe integers). It replaces a
 * Map<number, Level>: a few hundred levels fit in a few cache lines of keys, and a lookup is a
 * multiply and a short scan, inlined into the caller, instead of a Map builtin call.
 * Deletion shifts the following run back (no tombstones), as in order-index.ts.
 */

/** 32-bit hash of a positive safe integer (both 32-bit halves mixed, murmur3's finaliser). */
export function hashPrice(p: number): number {
  let h = (p >>> 0) ^ Math.imul((p / 4294967296) | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class PriceIndex<T> {
  private keys: Float64Array;
  private values: (T | null)[];
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 64) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.keys = new Float64Array(cap);
    this.values = new Array<T | null>(cap).fill(null);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  get(price: number): T | undefined {
    const keys = this.keys;
    const mask = this.mask;
    // hashPrice, written out: on the per-order path, where V8 may stop inlining calls.
    let h = (price >>> 0) ^ Math.imul((price / 4294967296) | 0, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    for (let i = (h ^ (h >>> 16)) & mask; ; i = (i + 1) & mask) {
      const k = keys[i]!;
      if (k === price) return this.values[i]!;
      if (k === 0) return undefined;
    }
  }

  /** Adds a price that is not in the index (a positive safe integer). */
  add(price: number, value: T): void {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    this.place(price, value);
    this.count++;
  }

  /** Removes a price; false when it is not indexed. */
  delete(price: number): boolean {
    const keys = this.keys;
    const values = this.values;
    const mask = this.mask;
    let i = hashPrice(price) & mask;
    for (; ; i = (i + 1) & mask) {
      const k = keys[i]!;
      if (k === price) break;
      if (k === 0) return false;
    }
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const k = keys[j]!;
      if (k === 0) break;
      const home = hashPrice(k) & mask;
      if (i <= j ? i < home && home <= j : i < home || home <= j) continue;
      keys[i] = k;
      values[i] = values[j]!;
      i = j;
    }
    keys[i] = 0;
    values[i] = null;
    this.count--;
    return true;
  }

  private place(price: number, value: T): void {
    const keys = this.keys;
    const mask = this.mask;
    let i = hashPrice(price) & mask;
    while (keys[i] !== 0) i = (i + 1) & mask;
    keys[i] = price;
    this.values[i] = value;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const cap = oldKeys.length * 2;
    this.keys = new Float64Array(cap);
    this.values = new Array<T | null>(cap).fill(null);
    this.mask = cap - 1;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== 0) this.place(oldKeys[i]!, oldValues[i]!);
  }
}
