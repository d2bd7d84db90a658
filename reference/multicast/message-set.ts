/**
 * An exact set of message ids (integers ≥ 0) for dedup: everything below `low` is in the set,
 * and a bitmap covers [low, low + capacity). Ids arrive roughly in order, so `low` follows the
 * stream and the bitmap stays as small as the spread of ids still being completed; it never
 * forgets an id (a dedup that forgets accepts a late duplicate).
 */
export class MessageSet {
  private low = 0;
  private bits = new Uint32Array(4); // 128 ids; the length stays a power of two (ring masks)
  /** Index in `bits` of the word holding id `low & ~31` (a ring over the words). */
  private head = 0;
  /** bits.length − 1 and bits.length × 32, kept on the object: the hot path reads no array header. */
  private wmask = 3;
  private span = 128;

  /** `low`: every id below it is in the set from the start (default: an empty set). */
  constructor(low = 0) {
    this.low = low;
  }

  /** Adds `id`; returns false if it was already there. */
  add(id: number): boolean {
    if (id < this.low) return false;
    let rel = id - (this.low & ~31);
    while (rel >= this.span) {
      this.grow();
      rel = id - (this.low & ~31);
    }
    const w = (this.head + (rel >>> 5)) & this.wmask;
    const m = 1 << (rel & 31);
    if ((this.bits[w]! & m) !== 0) return false;
    this.bits[w]! |= m;
    if (id === this.low) this.advance();
    return true;
  }

  has(id: number): boolean {
    if (id < this.low) return true;
    const rel = id - (this.low & ~31);
    if (rel >= this.span) return false;
    const w = (this.head + (rel >>> 5)) & this.wmask;
    return (this.bits[w]! & (1 << (rel & 31))) !== 0;
  }

  /** Moves `low` past the ids now contiguous, freeing whole words as it goes. */
  private advance(): void {
    for (;;) {
      const word = this.bits[this.head]!;
      const bit = this.low & 31;
      if ((word & (1 << bit)) === 0) return;
      this.low++;
      if ((this.low & 31) === 0) {
        this.bits[this.head] = 0;
        this.head = (this.head + 1) & this.wmask;
      }
    }
  }

  private grow(): void {
    const n = this.bits.length;
    const b = new Uint32Array(n * 2);
    for (let i = 0; i < n; i++) b[i] = this.bits[(this.head + i) % n]!;
    this.bits = b;
    this.head = 0;
    this.wmask = b.length - 1;
    this.span = b.length * 32;
  }
}
