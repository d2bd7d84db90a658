/**
 * A tournament (winner) tree over a fixed set of links keyed by (timestamp, participant): each
 * node holds the link with the smallest key of its subtree AND a copy of that key; an empty link
 * has key +∞. Changing one link's key replays its leaf-to-root path comparing the candidate (in
 * registers) with the sibling node's stored key — one independent load per level, no
 * node → link → key indirection — and stops early when a node's winner is unchanged. The
 * sequencer changes the winner's key on every release; on a complete tie the left link wins.
 */
export class WinnerTree {
  private readonly size: number;
  /** Node k (1 <= k < 2·size; leaves at size + link): its winning link and that link's key. */
  private readonly win: Int32Array;
  private readonly ts: Float64Array;
  private readonly pid: Float64Array;

  constructor(readonly links: number) {
    let size = 1;
    while (size < links) size <<= 1;
    this.size = size;
    this.win = new Int32Array(2 * size);
    this.ts = new Float64Array(2 * size).fill(Infinity);
    this.pid = new Float64Array(2 * size).fill(Infinity);
    for (let i = 0; i < size; i++) this.win[size + i] = i;
    for (let k = size - 1; k >= 1; k--) this.win[k] = this.win[2 * k]!; // all +∞: the left one
  }

  /** The link with the smallest key (an empty link only when every link is empty). */
  winner(): number {
    return this.size === 1 ? 0 : this.win[1]!;
  }

  /** Sets a link's key (its queue head). */
  set(link: number, ts: number, pid: number): void {
    this.replay(link, ts, pid);
  }

  /** The link is empty: key +∞. */
  clear(link: number): void {
    this.replay(link, Infinity, Infinity);
  }

  private replay(link: number, t: number, p: number): void {
    const W = this.win;
    const T = this.ts;
    const P = this.pid;
    let k = this.size + link;
    T[k] = t;
    P[k] = p;
    let w = link;
    while (k > 1) {
      const s = k ^ 1;
      const ts = T[s]!;
      // Left child k: the right sibling wins only when strictly smaller; right child: the left
      // sibling wins unless the candidate is strictly smaller.
      const sibling = (k & 1) === 0 ? ts < t || (ts === t && P[s]! < p) : !(t < ts || (t === ts && p < P[s]!));
      if (sibling) {
        w = W[s]!;
        t = ts;
        p = P[s]!;
      }
      k >>= 1;
      if (w === W[k] && w !== link) return; // same winner, same key: nothing above can change
      W[k] = w;
      T[k] = t;
      P[k] = p;
    }
  }
}
