/**
 * A tournament (winner) tree over a fixed set of links keyed by (timestamp, participant): each
 * internal node holds the link with the smallest key of its subtree; an empty link has key +∞.
 * Changing one link's key replays its leaf-to-root path with one comparison per level (and stops
 * early when a node's winner is unchanged), against two per level for a binary heap's sift-down
 * — the sequencer changes the winner's key on every release.
 */
export class WinnerTree {
  private readonly size: number;
  /** win[k] for 1 <= k < size: the winning link of node k; win[size + i] = i (the leaves). */
  private readonly win: Int32Array;
  private readonly ts: Float64Array;
  private readonly pid: Float64Array;

  constructor(readonly links: number) {
    let size = 1;
    while (size < links) size <<= 1;
    this.size = size;
    this.win = new Int32Array(2 * size);
    this.ts = new Float64Array(size).fill(Infinity);
    this.pid = new Float64Array(size).fill(Infinity);
    for (let i = 0; i < size; i++) this.win[size + i] = i;
    for (let k = size - 1; k >= 1; k--) this.win[k] = this.win[2 * k]!; // all +∞: the left one
  }

  /** The link with the smallest key (an empty link only when every link is empty). */
  winner(): number {
    return this.size === 1 ? 0 : this.win[1]!;
  }

  /** Sets a link's key (its queue head). */
  set(link: number, ts: number, pid: number): void {
    this.ts[link] = ts;
    this.pid[link] = pid;
    this.replay(link);
  }

  /** The link is empty: key +∞. */
  clear(link: number): void {
    this.ts[link] = Infinity;
    this.pid[link] = Infinity;
    this.replay(link);
  }

  private replay(link: number): void {
    const W = this.win;
    const T = this.ts;
    const P = this.pid;
    for (let k = (this.size + link) >> 1; k >= 1; k >>= 1) {
      const a = W[2 * k]!;
      const b = W[2 * k + 1]!;
      const ta = T[a]!;
      const tb = T[b]!;
      const w = tb < ta || (tb === ta && P[b]! < P[a]!) ? b : a;
      if (w === W[k] && w !== link) return; // nothing above can change
      W[k] = w;
    }
  }
}
