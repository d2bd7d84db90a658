/**
 * The resting-order index: order id -> order, an open-addressing hash table with linear probing.
 *
 * Why not a Map<string, OrderNode>: a busy book adds and removes an id on most commands, and the
 * Map's chained buckets (plus the hash V8 computes in a runtime call on each fresh id string)
 * were the largest cost of a command. Here an id is hashed once, in JS, when its command
 * arrives; the order node keeps the hash, so removing a finished order never looks at strings.
 * Probing reads a contiguous Int32Array of hashes and compares ids only on a full hash match.
 * Deletion shifts the following run back (no tombstones), so probe runs stay short under churn.
 */

/** The fields the index needs of an order (OrderNode has them). */
export interface Indexed {
  readonly id: string;
  /** hashId(id), set when the order was created. */
  readonly hash: number;
}

/**
 * 32-bit hash of an id (FNV-1a style over pairs of UTF-16 code units, which halves the chain of
 * dependent multiplies, then murmur3's finaliser); never 0.
 */
export function hashId(s: string): number {
  const n = s.length;
  let h = 0x811c9dc5 ^ n;
  let i = 0;
  for (; i + 1 < n; i += 2) h = Math.imul(h ^ (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)), 0x01000193);
  if (i < n) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  // 0 marks an empty slot.
  return h === 0 ? 1 : h;
}

export class OrderIndex<T extends Indexed> {
  /** hash of the entry in each slot, 0 when empty. */
  private hashes: Int32Array;
  private entries: (T | null)[];
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.hashes = new Int32Array(cap);
    this.entries = new Array<T | null>(cap).fill(null);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The entry with this id (its hash given: hashId(id)), or undefined. */
  get(id: string, hash: number): T | undefined {
    const hashes = this.hashes;
    const mask = this.mask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const h = hashes[i]!;
      if (h === 0) return undefined;
      if (h === hash) {
        const e = this.entries[i]!;
        if (e.id === id) return e;
      }
    }
  }

  /** Adds an entry whose id is not in the index. */
  add(e: T): void {
    if ((this.count + 1) * 2 > this.hashes.length) this.grow();
    this.place(e);
    this.count++;
  }

  /** Removes this very entry (found by its hash and identity); false when it is not indexed. */
  remove(e: T): boolean {
    const hashes = this.hashes;
    const entries = this.entries;
    const mask = this.mask;
    const hash = e.hash;
    let i = hash & mask;
    for (; ; i = (i + 1) & mask) {
      const h = hashes[i]!;
      if (h === 0) return false;
      if (h === hash && entries[i] === e) break;
    }
    // Backward-shift deletion: move later members of the run into the hole unless their home
    // slot lies cyclically in (hole, j], where moving them would put them before their home.
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const h = hashes[j]!;
      if (h === 0) break;
      const home = h & mask;
      if (i <= j ? i < home && home <= j : i < home || home <= j) continue;
      hashes[i] = h;
      entries[i] = entries[j]!;
      i = j;
    }
    hashes[i] = 0;
    entries[i] = null;
    this.count--;
    return true;
  }

  /** Every entry, in no particular order. */
  *values(): IterableIterator<T> {
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i];
      if (e) yield e;
    }
  }

  private place(e: T): void {
    const hashes = this.hashes;
    const mask = this.mask;
    let i = e.hash & mask;
    while (hashes[i] !== 0) i = (i + 1) & mask;
    hashes[i] = e.hash;
    this.entries[i] = e;
  }

  private grow(): void {
    const old = this.entries;
    const cap = this.hashes.length * 2;
    this.hashes = new Int32Array(cap);
    this.entries = new Array<T | null>(cap).fill(null);
    this.mask = cap - 1;
    for (let i = 0; i < old.length; i++) {
      const e = old[i];
      if (e) this.place(e);
    }
  }
}
