/**
 * The canonical command and event forms of the matching engine (spec/exchange/matching.md).
 * Prices are integer ticks-in-price-units and quantities integer lots; on input they may be a
 * decimal string, a safe integer number or a bigint, on output they are always decimal strings.
 */
export type Side = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';
export type TimeInForce = 'gtc' | 'ioc' | 'fok';
/** Self-trade prevention, keyed by account; the incoming (taker) order's mode applies. */
export type StpMode = 'none' | 'cancel-newest' | 'cancel-oldest' | 'cancel-both' | 'decrement-and-cancel';
/** An integer as it may arrive: "1234", 1234 (safe integer) or 1234n. */
export type IntegerInput = string | number | bigint;

export const SIDES: readonly Side[] = ['buy', 'sell'];
export const ORDER_TYPES: readonly OrderType[] = ['limit', 'market'];
export const TIFS: readonly TimeInForce[] = ['gtc', 'ioc', 'fok'];
export const STP_MODES: readonly StpMode[] = ['none', 'cancel-newest', 'cancel-oldest', 'cancel-both', 'decrement-and-cancel'];

export interface NewOrderCommand {
  readonly type: 'new';
  readonly id: string;
  readonly account: string;
  readonly symbol: string;
  readonly side: Side;
  readonly orderType: OrderType;
  /** Default: 'gtc' for limit, 'ioc' for market (market + gtc is rejected). */
  readonly tif?: TimeInForce;
  /** Only with limit + gtc. Default false. */
  readonly postOnly?: boolean;
  /** Required for limit, absent (or null) for market. */
  readonly price?: IntegerInput | null;
  readonly quantity: IntegerInput;
  /** Default 'none'. */
  readonly stp?: StpMode;
}

export interface CancelCommand {
  readonly type: 'cancel';
  readonly id: string;
}

/** Replaces price (optional: unchanged when absent) and the open quantity of a resting order. */
export interface ModifyCommand {
  readonly type: 'modify';
  readonly id: string;
  readonly price?: IntegerInput | null;
  /** The new open (remaining) quantity. */
  readonly quantity: IntegerInput;
}

export type MatchingCommand = NewOrderCommand | CancelCommand | ModifyCommand;

/** Why a command was rejected; a rejected command changes nothing. Checked in this order. */
export type RejectReason =
  | 'invalid-command' // not an object, unknown type, or a field of the wrong kind
  | 'invalid-quantity' // not an integer, non-finite, <= 0, or above 2^53 - 1
  | 'invalid-price' // missing on limit, present on market, not an integer, <= 0, above 2^53 - 1
  | 'invalid-tif' // market order with tif gtc
  | 'invalid-post-only' // postOnly on anything but limit + gtc
  | 'unknown-symbol'
  | 'off-tick' // price not a multiple of the symbol's tick size
  | 'duplicate-id' // new order whose id is resting in the book
  | 'unknown-id' // cancel / modify of an id not resting in the book
  | 'post-only-would-cross'
  | 'quantity-overflow'; // the price level's total would exceed 2^53 - 1

export type MatchingEvent =
  | AcceptedEvent
  | RejectedEvent
  | ModifiedEvent
  | TradeEvent
  | CancelledEvent
  | ExpiredEvent
  | LevelEvent
  | BboEvent;

export interface AcceptedEvent {
  readonly type: 'accepted';
  readonly id: string;
  readonly symbol: string;
  readonly side: Side;
  readonly price: string | null;
  readonly quantity: string;
}
export interface RejectedEvent {
  readonly type: 'rejected';
  /** The command's id when it had a string one, else null. */
  readonly id: string | null;
  readonly reason: RejectReason;
}
export interface ModifiedEvent {
  readonly type: 'modified';
  readonly id: string;
  readonly symbol: string;
  readonly side: Side;
  readonly price: string;
  readonly quantity: string;
  /** 'kept': same price and no size increase; 'lost': re-queued at the back (and may trade). */
  readonly priority: 'kept' | 'lost';
}
export interface TradeEvent {
  readonly type: 'trade';
  readonly symbol: string;
  /** Always the resting (maker) order's price. */
  readonly price: string;
  readonly quantity: string;
  readonly makerId: string;
  readonly takerId: string;
  readonly takerSide: Side;
}
export interface CancelledEvent {
  readonly type: 'cancelled';
  readonly id: string;
  readonly symbol: string;
  /** Quantity removed by this cancel. */
  readonly quantity: string;
  /** Open quantity left afterwards ("0" unless decrement-and-cancel left some). */
  readonly remaining: string;
  readonly reason: 'user' | 'self-trade';
}
export interface ExpiredEvent {
  readonly type: 'expired';
  readonly id: string;
  readonly symbol: string;
  /** The unfilled quantity of an IOC / FOK / market order, which never rests. */
  readonly quantity: string;
}
/** A price level's new aggregate after a command (quantity "0", orders 0: the level is gone). */
export interface LevelEvent {
  readonly type: 'level';
  readonly symbol: string;
  readonly side: Side;
  readonly price: string;
  readonly quantity: string;
  readonly orders: number;
}
/** Top of book after a command that changed it; an empty side has price null, quantity "0". */
export interface BboEvent {
  readonly type: 'bbo';
  readonly symbol: string;
  readonly bidPrice: string | null;
  readonly bidQuantity: string;
  readonly askPrice: string | null;
  readonly askQuantity: string;
}

/** The canonical book: levels best first, orders in queue (priority) order. */
export interface BookSnapshot {
  readonly symbol: string;
  readonly bids: readonly LevelSnapshot[];
  readonly asks: readonly LevelSnapshot[];
}
export interface LevelSnapshot {
  readonly price: string;
  readonly quantity: string;
  readonly orders: readonly OrderSnapshot[];
}
export interface OrderSnapshot {
  readonly id: string;
  readonly account: string;
  readonly quantity: string;
}

/** A symbol the engine trades, with its tick size (prices must be multiples of it). */
export interface SymbolSpec {
  readonly symbol: string;
  readonly tickSize: number;
}

export interface MatchingEngineOptions {
  /** Tick size for symbols not listed with their own (default 1). */
  readonly tickSize?: number;
  /** When given, only these symbols trade (others: unknown-symbol); else any symbol is accepted. */
  readonly symbols?: readonly (string | SymbolSpec)[];
}

export type EventSink = (event: MatchingEvent) => void;
