import type { Adapter, MaybePromise } from './adapter.ts';
import type { BookSnapshot, MatchingEvent, SymbolSpec } from '../reference/matching/types.ts';

export type * from '../reference/matching/types.ts';

/**
 * What a matching engine declares it supports. Limit GTC orders and cancel are mandatory;
 * properties generate the rest only when declared. The reference declares everything.
 */
export interface MatchingCapabilities {
  readonly market: boolean;
  readonly ioc: boolean;
  readonly fok: boolean;
  readonly postOnly: boolean;
  readonly modify: boolean;
  /** All four self-trade prevention modes (cancel-newest/oldest/both, decrement-and-cancel). */
  readonly stp: boolean;
  /** Several symbols in one engine. */
  readonly multiSymbol: boolean;
  /** Publishes level and bbo events. */
  readonly marketData: boolean;
}

export const ALL_MATCHING_CAPABILITIES: MatchingCapabilities = {
  market: true,
  ioc: true,
  fok: true,
  postOnly: true,
  modify: true,
  stp: true,
  multiSymbol: true,
  marketData: true,
};

/** The session configuration: the symbols that trade and their tick sizes. */
export interface MatchingConfig {
  readonly symbols: readonly SymbolSpec[];
}

/**
 * The matching engine contract (spec/exchange/matching.md). Commands and events are the
 * canonical JSON forms; `apply` receives any JSON value (bad commands must be rejected with
 * one `rejected` event and change nothing). `snapshot` returns every configured symbol's book,
 * sorted by symbol. An engine without marketData omits level/bbo events; properties then
 * compare the rest.
 */
export interface MatchingAdapter extends Adapter<MatchingCapabilities> {
  readonly component: 'matching';
  /** Starts a new session: empty books for exactly these symbols. */
  reset(config: MatchingConfig): MaybePromise<void>;
  apply(command: unknown): MaybePromise<MatchingEvent[]>;
  snapshot(): MaybePromise<BookSnapshot[]>;
}
