import fc from 'fast-check';

/**
 * An order flow for the LOQ fairness properties, as material that a builder turns into orders
 * (properties/loq/build-flow.ts): prices are relative to the epoch's mid price, which the
 * builder picks inside the book's spread at the epoch's start. Every flow is therefore rational
 * (bid price = M + offset, ask price = M - offset, offset in [-(A + 4), A]), and critical iff
 * offset >= -A.
 */
export interface FlowOrderSpec {
  readonly epoch: number;
  /** Time within the epoch (clamped to its length). */
  readonly dt: number;
  readonly gateway: number;
  readonly side: 'bid' | 'ask';
  readonly offset: number;
  readonly quantity: number;
}

export interface FlowSpec {
  readonly gateways: number;
  /** Action window A. */
  readonly window: number;
  /** Each epoch: its length in time units and where in the spread its mid price lies (0..1000). */
  readonly epochs: readonly { readonly length: number; readonly midPick: number }[];
  readonly orders: readonly FlowOrderSpec[];
  /** Per gateway, orders it can pop per time unit (pattern, cycled); 0s build backlogs. */
  readonly capacity: readonly (readonly number[])[];
  /** Link delay pool, per-link FIFO. */
  readonly delays: readonly number[];
  /** Per gateway, how late it sees each mid-price change (0: the Appendix I assumption). */
  readonly skew: readonly number[];
}

export const OFFSET_BELOW_WINDOW = 4;

/** One order of a flow (also the inbound cases'): an epoch, a time offset in it, a gateway, a rational price offset. */
export function flowOrderArb(epochCount: number, gateways: number, window: number): fc.Arbitrary<FlowOrderSpec> {
  return fc.record({
    epoch: fc.nat(Math.max(0, epochCount - 1)),
    dt: fc.nat(7),
    gateway: fc.nat(gateways - 1),
    side: fc.constantFrom('bid' as const, 'ask' as const),
    // Mostly critical (they trade); non-critical ones rest and wait for the mid to move.
    offset: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: -window, max: window }) }, fc.integer({ min: -(window + OFFSET_BELOW_WINDOW), max: window })),
    quantity: fc.integer({ min: 1, max: 3 }),
  });
}

export interface FlowShape {
  readonly minEpochs?: number;
  readonly maxEpochs?: number;
  readonly maxOrders?: number;
}

/**
 * What it can generate: 2..4 gateways, window 0..3, minEpochs..maxEpochs epochs of 2..8 time
 * units, up to maxOrders orders (mostly critical; non-critical ones up to 4 ticks past the
 * window), mid picks anywhere in the spread (its edges included), pop capacities with zeros
 * (backlogs that make LOQs reorder), link delays 0..6 with per-link FIFO. What it cannot, by
 * design: irrational orders or a mid outside the spread (Appendix I assumes neither), skewed
 * mids (`skew` is all zeros; the skewed-mid property builds its own), cancels, modifies or
 * market orders, quantities above 3, more than 4 gateways, timestamps near 2^53.
 */
export function loqFlowArb(shape: FlowShape = {}): fc.Arbitrary<FlowSpec> {
  const { minEpochs = 1, maxEpochs = 5, maxOrders = 40 } = shape;
  return fc
    .record({
      gateways: fc.integer({ min: 2, max: 4 }),
      window: fc.integer({ min: 0, max: 3 }),
      epochs: fc.array(fc.record({ length: fc.integer({ min: 2, max: 8 }), midPick: fc.integer({ min: 0, max: 1000 }) }), { minLength: minEpochs, maxLength: maxEpochs }),
    })
    .chain(({ gateways, window, epochs }) =>
      fc.record({
        gateways: fc.constant(gateways),
        window: fc.constant(window),
        epochs: fc.constant(epochs),
        orders: fc.array(
          flowOrderArb(epochs.length, gateways, window),
          { minLength: epochs.length === 0 ? 0 : Math.min(8, maxOrders), maxLength: epochs.length === 0 ? 0 : maxOrders },
        ),
        capacity: fc.array(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 6 }), { minLength: gateways, maxLength: gateways }),
        delays: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 6 }),
        skew: fc.constant(new Array<number>(gateways).fill(0)),
      }),
    );
}
