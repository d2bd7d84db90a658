/**
 * The exchange's market-data publisher: it collects the matching engine's level events and, at
 * each publication, emits the levels that changed since the previous one (conflated: a level
 * touched several times in between is sent once, with its latest aggregate), encoded with the
 * reference FAST encoder. An empty publication is still a packet (a heartbeat of the feed: the
 * sequence number moves, so gateways can tell "nothing changed" from "lost").
 */
import { FastEncoder } from '../../fast/encoder.ts';
import type { LevelEvent } from '../../matching/types.ts';
import { mdTemplates } from './md-templates.ts';
import { toCanonical, type LevelChange, type MdUpdate } from './md-update.ts';

export class MdPublisher {
  private readonly encoder = new FastEncoder(mdTemplates(), { reset: 'message' });
  /** key = price·2 + side → the level's latest aggregate since the last publication. */
  private readonly pending = new Map<number, LevelChange>();
  private seq = 0;

  /** A level event of the engine (any symbol: the simulation trades one). */
  onLevel(e: LevelEvent): void {
    const side = e.side === 'buy' ? 0 : 1;
    const price = Number(e.price);
    this.pending.set(price * 2 + side, { side, price, size: Number(e.quantity), orders: e.orders });
  }

  /** Changes waiting for the next publication. */
  get pendingChanges(): number {
    return this.pending.size;
  }

  /** Closes the next publication: bids best first, then asks best first. */
  close(sendingTimeNs: number): MdUpdate {
    const entries = [...this.pending.values()].sort((a, b) => a.side - b.side || (a.side === 0 ? b.price - a.price : a.price - b.price));
    this.pending.clear();
    return { seq: this.seq++, sendingTimeNs, entries };
  }

  encode(u: MdUpdate): Uint8Array {
    return this.encoder.encodeMessage(toCanonical(u));
  }
}
