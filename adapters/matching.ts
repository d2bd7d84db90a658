import type { Adapter, MaybePromise } from './adapter.ts';
import type { BookSnapshot, MatchingEvent, StpMode, SymbolSpec } from '../reference/matching/types.ts';

export type * from '../reference/matching/types.ts';

/**
 * What a matching engine declares it supports. Limit GTC orders and cancel are mandatory;
 * properties generate the rest only when declared (never generated then discarded). The
 * reference declares everything.
 */
export interface MatchingCapabilities {
  readonly market: boolean;
  readonly ioc: boolean;
  readonly fok: boolean;
  /** FOK on market orders too (generated only with market and fok). */
  readonly fokMarket: boolean;
  readonly postOnly: boolean;
  readonly modify: boolean;
  /**
   * A size decrease at the same price keeps queue priority (the spec's rule, and the
   * reference's). Without it, generated modifies only increase the size (both rules agree there).
   */
  readonly modifyDecreaseKeepsPriority: boolean;
  /** Each self-trade prevention mode on its own; flows use only the declared ones. */
  readonly stpCancelNewest: boolean;
  readonly stpCancelOldest: boolean;
  readonly stpCancelBoth: boolean;
  readonly stpDecrementAndCancel: boolean;
  /**
   * Derived: at least one STP mode above is declared (what matching.stp.no-self-trade needs).
   * A vendor's `stp: true` in `ready` still means all four modes (matchingCapabilitiesOf).
   */
  readonly stp: boolean;
  /** Several symbols in one engine. */
  readonly multiSymbol: boolean;
  /** Publishes level and bbo events. */
  readonly marketData: boolean;
}

/** Each STP mode and the capability that declares it. */
export const STP_CAPABILITIES = {
  'cancel-newest': 'stpCancelNewest',
  'cancel-oldest': 'stpCancelOldest',
  'cancel-both': 'stpCancelBoth',
  'decrement-and-cancel': 'stpDecrementAndCancel',
} as const satisfies Record<Exclude<StpMode, 'none'>, keyof MatchingCapabilities>;

/** The STP modes (other than none) a subject declares, in the spec's order. */
export function declaredStpModes(caps: MatchingCapabilities): Exclude<StpMode, 'none'>[] {
  return (Object.keys(STP_CAPABILITIES) as Exclude<StpMode, 'none'>[]).filter((m) => caps[STP_CAPABILITIES[m]]);
}

export const ALL_MATCHING_CAPABILITIES: MatchingCapabilities = {
  market: true,
  ioc: true,
  fok: true,
  fokMarket: true,
  postOnly: true,
  modify: true,
  modifyDecreaseKeepsPriority: true,
  stpCancelNewest: true,
  stpCancelOldest: true,
  stpCancelBoth: true,
  stpDecrementAndCancel: true,
  stp: true,
  multiSymbol: true,
  marketData: true,
};

/**
 * The capabilities a set of declared flags (a vendor's `ready`, a manifest, a test) gives:
 * unknown flags dropped, missing ones false; `stp: true` declares all four modes (the flag
 * before modes were split), and `stp` always ends up saying whether any mode is declared.
 */
export function matchingCapabilitiesOf(declared: Readonly<Record<string, unknown>>): MatchingCapabilities {
  const out: Record<string, boolean> = {};
  for (const key of Object.keys(ALL_MATCHING_CAPABILITIES)) out[key] = declared[key] === true;
  if (declared.stp === true) for (const key of Object.values(STP_CAPABILITIES)) out[key] = true;
  out.stp = Object.values(STP_CAPABILITIES).some((key) => out[key]);
  return out as unknown as MatchingCapabilities;
}

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
