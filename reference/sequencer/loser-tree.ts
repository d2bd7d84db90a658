/**
 * A tournament tree of losers over a fixed set of links keyed by (timestamp, participant, link)
 * — the link index makes the order total, so the winner is the smallest key and, on a complete
 * tie, the lowest link, as in WinnerTree. Each internal node keeps the loser of its match; the
 * overall winner is kept aside. Replacing the WINNER's key replays its leaf-to-root path with one
 * comparison per level against the stored loser (one load of a link and one of its key, a store
 * only when they swap), cheaper than a winner tree's replay, which reads both children per level.
 *
 * Only the winner's key may change (the stored losers must be the other subtrees' winners along
 * its path). That is exactly the Jasper sequencer's use: it builds the tree once every link holds
 * something, replaces the released link's key, and when that link runs dry it stops releasing
 * until the same link, still the tree's winner, is refilled — so an empty link never needs +∞.
 */
export class LoserTree {
  private readonly size: number;
  /** loser[k] for 1 <= k < size; winners is scratch for build(). */
  private readonly loser: Int32Array;
  private readonly winners: Int32Array;
  /** Keys per link (padding leaves beyond `links` stay +∞). */
  private readonly ts: Float64Array;
  private readonly pid: Float64Array;
  private champion = 0;

  constructor(readonly links: number) {
    let size = 1;
    while (size < links) size <<= 1;
    this.size = size;
    this.loser = new Int32Array(size);
    this.winners = new Int32Array(2 * size);
    this.ts = new Float64Array(size).fill(Infinity);
    this.pid = new Float64Array(size).fill(Infinity);
  }

  /** The link with the smallest key (after build). */
  winner(): number {
    return this.champion;
  }

  /** Sets a link's key without replaying; call build() once all keys are set. */
  setKey(link: number, ts: number, pid: number): void {
    this.ts[link] = ts;
    this.pid[link] = pid;
  }

  /** Plays every match from the current keys: O(links). */
  build(): void {
    const W = this.winners;
    const n = this.size;
    for (let i = 0; i < n; i++) W[n + i] = i;
    for (let k = n - 1; k >= 1; k--) {
      const a = W[2 * k]!;
      const b = W[2 * k + 1]!;
      const bWins = this.less(b, a);
      W[k] = bWins ? b : a;
      this.loser[k] = bWins ? a : b;
    }
    this.champion = W[1]!;
  }

  /** The winner's key changed: replay its path. */
  replaceWinner(ts: number, pid: number): void {
    const L = this.loser;
    const T = this.ts;
    const P = this.pid;
    let c = this.champion;
    T[c] = ts;
    P[c] = pid;
    for (let k = (this.size + c) >> 1; k >= 1; k >>= 1) {
      const o = L[k]!;
      const ot = T[o]!;
      if (ot < ts || (ot === ts && (P[o]! < pid || (P[o] === pid && o < c)))) {
        L[k] = c;
        c = o;
        ts = ot;
        pid = P[o]!;
      }
    }
    this.champion = c;
  }

  private less(a: number, b: number): boolean {
    const ta = this.ts[a]!;
    const tb = this.ts[b]!;
    if (ta !== tb) return ta < tb;
    const pa = this.pid[a]!;
    const pb = this.pid[b]!;
    return pa !== pb ? pa < pb : a < b;
  }
}
