/**
 * A tournament tree of losers over a fixed set of links keyed by (timestamp, participant, link)
 * — the link index makes the order total, so the winner is the smallest key and, on a complete
 * tie, the lowest link, as in WinnerTree. Each internal node keeps the loser of its match AND a
 * copy of that loser's key; the overall winner and its key are kept aside. Replacing the
 * WINNER's key replays its leaf-to-root path with one comparison per level against the stored
 * loser: the loads of a level depend only on the node index, not on the link stored there, so
 * they do not chain (node → link → key) and the CPU overlaps them (~10% faster than reading the
 * key through the link, measured in the sequencer bench). A store happens only when they swap.
 *
 * Only the winner's key may change (the stored losers must be the other subtrees' winners along
 * its path). That is exactly the Jasper sequencer's use: it builds the tree once every link holds
 * something, replaces the released link's key, and when that link runs dry it stops releasing
 * until the same link, still the tree's winner, is refilled — so an empty link never needs +∞.
 */
export class LoserTree {
  private readonly size: number;
  /** Per internal node k (1 <= k < size): the loser's link and key. */
  private readonly loser: Int32Array;
  private readonly loserTs: Float64Array;
  private readonly loserPid: Float64Array;
  /** Leaf keys for build() (padding leaves beyond `links` stay +∞); winners is its scratch. */
  private readonly ts: Float64Array;
  private readonly pid: Float64Array;
  private readonly winners: Int32Array;
  private champion = 0;
  private championTs = Infinity;
  private championPid = Infinity;

  constructor(readonly links: number) {
    let size = 1;
    while (size < links) size <<= 1;
    this.size = size;
    this.loser = new Int32Array(size);
    this.loserTs = new Float64Array(size);
    this.loserPid = new Float64Array(size);
    this.winners = new Int32Array(2 * size);
    this.ts = new Float64Array(size).fill(Infinity);
    this.pid = new Float64Array(size).fill(Infinity);
  }

  /** The link with the smallest key (after build). */
  winner(): number {
    return this.champion;
  }
  /** The winner's key (after build). */
  winnerTs(): number {
    return this.championTs;
  }
  winnerPid(): number {
    return this.championPid;
  }

  /** Sets a link's key without replaying; call build() once all keys are set. */
  setKey(link: number, ts: number, pid: number): void {
    this.ts[link] = ts;
    this.pid[link] = pid;
  }

  /** Plays every match from the keys set with setKey: O(links). */
  build(): void {
    const W = this.winners;
    const n = this.size;
    for (let i = 0; i < n; i++) W[n + i] = i;
    for (let k = n - 1; k >= 1; k--) {
      const a = W[2 * k]!;
      const b = W[2 * k + 1]!;
      const bWins = this.less(b, a);
      const l = bWins ? a : b;
      W[k] = bWins ? b : a;
      this.loser[k] = l;
      this.loserTs[k] = this.ts[l]!;
      this.loserPid[k] = this.pid[l]!;
    }
    const c = W[1]!;
    this.champion = c;
    this.championTs = this.ts[c]!;
    this.championPid = this.pid[c]!;
  }

  /** The winner's key changed: replay its path. */
  replaceWinner(ts: number, pid: number): void {
    const L = this.loser;
    const LT = this.loserTs;
    const LP = this.loserPid;
    let c = this.champion;
    for (let k = (this.size + c) >> 1; k >= 1; k >>= 1) {
      const ot = LT[k]!;
      if (ot <= ts) {
        const op = LP[k]!;
        const o = L[k]!;
        if (ot < ts || op < pid || (op === pid && o < c)) {
          L[k] = c;
          LT[k] = ts;
          LP[k] = pid;
          c = o;
          ts = ot;
          pid = op;
        }
      }
    }
    this.champion = c;
    this.championTs = ts;
    this.championPid = pid;
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
