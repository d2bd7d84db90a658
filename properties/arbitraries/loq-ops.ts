import fc from 'fast-check';

/**
 * One step of a queue's life: push an order, pop one, see a new mid price, or (a proxy's queue,
 * capability `proxy`) push an order with the epoch and class an upstream LOQ gave it, stamped
 * up to `back` units before the latest push (a proxy's input is not timestamp-ordered).
 */
export type LoqOp =
  | { readonly op: 'push'; readonly participant: number; readonly side: 'bid' | 'ask'; readonly offset: number; readonly quantity: number; readonly dt: number }
  | { readonly op: 'tagged'; readonly participant: number; readonly side: 'bid' | 'ask'; readonly offset: number; readonly quantity: number; readonly back: number; readonly epoch: number; readonly critical: boolean }
  | { readonly op: 'pop' }
  | { readonly op: 'mid'; readonly move: number };

export interface LoqOpsCase {
  readonly mid: number;
  readonly window: number;
  readonly ops: readonly LoqOp[];
}

/**
 * Push/pop/mid sequences. Prices are the current mid plus an offset that lands on, next to and
 * beyond both window edges (M ± A) on both sides, so misclassifications surface; mid moves are
 * frequent and may be zero (an unchanged mid is not a new epoch); timestamps advance by small
 * steps, with ties.
 *
 * What it can generate: windows 0..4; up to 60 ops; pops on an empty queue; equal timestamps
 * within one participant and across its 4 participants (so FIFO on ties and participant order
 * both matter); mid moves of -3..3 including 0; the same queue driven as an LOQ or as SimplePQ;
 * with `tagged` (subjects declaring `proxy`), `pushTagged` orders with any epoch 0..3 (0 half the time) and class,
 * whatever the queue's own mid and epoch, stamped up to 3 units before the latest push.
 * What it cannot: decreasing timestamps among plain pushes (a gateway pushes in generation
 * order), tagged epochs above 3, prices, quantities or
 * timestamps near the safe-integer limits (the reference's packed-key tests own those),
 * malformed orders (typed-error tests own those), more than 60 ops or 4 participants.
 */
export function loqOpsArb(options: { readonly tagged?: boolean } = {}): fc.Arbitrary<LoqOpsCase> {
  return fc.integer({ min: 0, max: 4 }).chain((window) => {
    const side = fc.constantFrom('bid' as const, 'ask' as const);
    const kinds: fc.WeightedArbitrary<LoqOp>[] = [
      {
        weight: 6,
        arbitrary: fc.record({
          op: fc.constant('push' as const),
          participant: fc.nat(3),
          side,
          offset: fc.oneof(fc.constantFrom(-window - 1, -window, window, window + 1), fc.integer({ min: -window - 3, max: window + 3 })),
          quantity: fc.integer({ min: 1, max: 5 }),
          dt: fc.integer({ min: 0, max: 2 }),
        }),
      },
      { weight: 4, arbitrary: fc.constant({ op: 'pop' as const }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('mid' as const), move: fc.integer({ min: -3, max: 3 }) }) },
    ];
    if (options.tagged) {
      kinds.push({
        weight: 4,
        arbitrary: fc.record({
          op: fc.constant('tagged' as const),
          participant: fc.nat(3),
          side,
          offset: fc.integer({ min: -window - 3, max: window + 3 }),
          quantity: fc.integer({ min: 1, max: 5 }),
          back: fc.integer({ min: 0, max: 3 }),
          // Epoch 0 half the time, so tagged orders often share a class and must keep (timestamp, participant) order.
          epoch: fc.oneof(fc.constant(0), fc.nat(3)),
          critical: fc.boolean(),
        }),
      });
    }
    return fc.record({
      mid: fc.integer({ min: 100, max: 10_000 }),
      window: fc.constant(window),
      ops: fc.array(fc.oneof(...kinds), { maxLength: 60 }),
    });
  });
}
