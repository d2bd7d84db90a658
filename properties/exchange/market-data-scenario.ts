/**
 * Generated scenarios of `exchange.market-data.view`: a few participants, a few orders arriving
 * at the matching engine at given times, market data published every `mdIntervalNs`, carried by
 * a multicast tree whose k-th copy on any link takes delaysNs[k mod length] (any delays, so
 * copies overtake each other), with or without hold-and-release. Shrinks towards fewer orders,
 * fewer participants and equal delays.
 */
import fc from 'fast-check';

export interface MdScenarioOrder {
  /** Arrival at the engine, ns after the run's start. */
  readonly atNs: number;
  readonly side: 'buy' | 'sell';
  /** Ticks from 100: the orders cross and clear whole levels often. */
  readonly offset: number;
  readonly quantity: number;
  readonly ioc: boolean;
}

export interface MdScenario {
  readonly seed: number;
  readonly participants: number;
  readonly orders: readonly MdScenarioOrder[];
  readonly mdIntervalNs: number;
  readonly delaysNs: readonly number[];
  /** null: released on arrival (copies may come out of order). */
  readonly headroomNs: number | null;
  readonly epsilonNs: number;
}

export const MD_BASE_PRICE = 100;

export function mdScenarioArb(): fc.Arbitrary<MdScenario> {
  const order = fc.record({
    atNs: fc.integer({ min: 0, max: 3_000_000 }),
    side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
    offset: fc.integer({ min: -3, max: 3 }),
    quantity: fc.integer({ min: 1, max: 5 }),
    ioc: fc.boolean(),
  });
  return fc.record({
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    participants: fc.integer({ min: 1, max: 4 }),
    orders: fc.array(order, { minLength: 1, maxLength: 12 }),
    mdIntervalNs: fc.constantFrom(200_000, 500_000, 1_000_000),
    delaysNs: fc.array(fc.integer({ min: 0, max: 1_500_000 }), { minLength: 1, maxLength: 6 }),
    headroomNs: fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: null }),
    epsilonNs: fc.integer({ min: 0, max: 100 }),
  });
}
