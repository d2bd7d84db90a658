/**
 * A gateway's market-data side: FAST packets in, a view of the book out. The contract is
 * structural so that a vendor's feed handler can take a gateway's place (properties/exchange/
 * market-data-view.ts); the reference decodes with the reference FAST decoder (dictionary reset
 * per packet) and rebuilds the book with BookView.
 */
import { FastDecoder } from '../../fast/decoder.ts';
import { BookView, type LevelView } from './book-view.ts';
import { mdTemplates } from './md-templates.ts';
import { MdFormatError, fromCanonical, type MdUpdate } from './md-update.ts';

export interface MdGateway {
  /** One released packet (possibly out of sequence order, possibly a duplicate). */
  onPacket(bytes: Uint8Array): void;
  /** NaN when that side of its view is empty. */
  readonly bestBid: number;
  readonly bestAsk: number;
  /** Its whole view, levels best first. */
  levels(): { bids: readonly LevelView[]; asks: readonly LevelView[] };
}

/**
 * Decoding is a pure function of the packet's bytes, so the gateways of one run share one decode
 * per packet (the same bytes object is released to every participant): N gateways cost one
 * decode, not N. Bad bytes are a FastError / MdFormatError from `decode`.
 */
export class MdDecodeCache {
  private readonly decoder = new FastDecoder(mdTemplates(), { reset: 'message', strict: true });
  private readonly cache = new WeakMap<Uint8Array, MdUpdate>();

  decode(bytes: Uint8Array): MdUpdate {
    let u = this.cache.get(bytes);
    if (u === undefined) {
      const d = this.decoder.decodeMessage(bytes, 0);
      if (d.end !== bytes.length) throw new MdFormatError(`${bytes.length - d.end} bytes after the message`);
      u = fromCanonical(d.message);
      this.cache.set(bytes, u);
    }
    return u;
  }
}

export class ReferenceMdGateway implements MdGateway {
  readonly view = new BookView();
  constructor(private readonly decoder: MdDecodeCache = new MdDecodeCache()) {}

  onPacket(bytes: Uint8Array): void {
    this.view.offer(this.decoder.decode(bytes));
  }
  get bestBid(): number {
    return this.view.bestBid;
  }
  get bestAsk(): number {
    return this.view.bestAsk;
  }
  levels(): { bids: readonly LevelView[]; asks: readonly LevelView[] } {
    return this.view.levels();
  }
}

/** Mid of a view: floor((bid + ask) / 2) with both sides, else the side there is, else NaN. */
export function viewMid(g: { readonly bestBid: number; readonly bestAsk: number }): number {
  const b = g.bestBid;
  const a = g.bestAsk;
  if (b === b && a === a) return Math.floor((b + a) / 2);
  return b === b ? b : a;
}

/**
 * What an exchange adapter offers when it has its own gateway feed handler (a vendor's gateway
 * box rebuilds the book from the feed as well as sending orders): one per participant.
 */
export interface MarketDataSubject {
  marketDataGateway?(participant: number): MdGateway;
}
