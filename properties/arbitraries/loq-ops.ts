import fc from 'fast-check';

/** One step of a gateway's life: push an order, pop one, or see a new mid price. */
export type LoqOp =
  | { readonly op: 'push'; readonly participant: number; readonly side: 'bid' | 'ask'; readonly offset: number; readonly quantity: number; readonly dt: number }
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
 */
export function loqOpsArb(): fc.Arbitrary<LoqOpsCase> {
  return fc.integer({ min: 0, max: 4 }).chain((window) =>
    fc.record({
      mid: fc.integer({ min: 100, max: 10_000 }),
      window: fc.constant(window),
      ops: fc.array(
        fc.oneof(
          {
            weight: 6,
            arbitrary: fc.record({
              op: fc.constant('push' as const),
              participant: fc.nat(3),
              side: fc.constantFrom('bid' as const, 'ask' as const),
              offset: fc.oneof(fc.constantFrom(-window - 1, -window, window, window + 1), fc.integer({ min: -window - 3, max: window + 3 })),
              quantity: fc.integer({ min: 1, max: 5 }),
              dt: fc.integer({ min: 0, max: 2 }),
            }),
          },
          { weight: 4, arbitrary: fc.constant({ op: 'pop' as const }) },
          { weight: 1, arbitrary: fc.record({ op: fc.constant('mid' as const), move: fc.integer({ min: -3, max: 3 }) }) },
        ),
        { maxLength: 60 },
      ),
    }),
  );
}
