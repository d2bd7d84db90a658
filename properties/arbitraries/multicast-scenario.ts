import fc from 'fast-check';
import type { MulticastCapabilities } from '../../adapters/multicast.ts';

/**
 * One small multicast tree and a short, loss-free, scripted schedule: what the `multicast.*`
 * properties run. Everything is explicit integers so a counterexample shrinks to few receivers,
 * a shallow tree, few messages and a short list of link delays (the k-th copy that crosses a
 * link takes delaysNs[k mod length]).
 */
export interface MulticastScenario {
  readonly seed: number;
  readonly receivers: number;
  /** Explicit fan-out and depth, or null for the paper's heuristic shape for `receivers`. */
  readonly shape: { readonly fanout: number; readonly depth: number } | null;
  readonly hedge: number;
  readonly spraying: boolean;
  readonly receiverHedge: boolean;
  readonly messages: number;
  readonly intervalNs: number;
  /** Scripted link delays (ns), taken in traversal order, cycling. */
  readonly delaysNs: readonly number[];
  /** Clock synchronisation bound ε (ns); clocks do not drift (exact 2ε bounds). */
  readonly epsilonNs: number;
  readonly holdRelease: { readonly headroomNs: number; readonly percentile: number; readonly reportIntervalNs: number } | null;
}

export interface MulticastScenarioOptions {
  readonly maxReceivers?: number;
  readonly maxMessages?: number;
  /** Force a feature on or off (else: free, within the capabilities). */
  readonly hedge?: 'off' | 'on';
  readonly spraying?: 'off' | 'on';
  readonly holdRelease?: 'off' | 'on';
  /** An explicit shape at least this deep (proxy layers below the first: depth >= 3 has two). */
  readonly minDepth?: number;
}

export const MULTICAST_LIMITS = {
  maxReceivers: 16,
  maxFanout: 4,
  maxDepth: 3,
  maxHedge: 3,
  maxMessages: 16,
  maxDelayNs: 50_000,
  maxEpsilonNs: 2_000,
} as const;

/** Explicit fan-out F and depth D (the run deepens D while F^D is below the leaves), or the heuristic. */
function shapeArb(minDepth: number | undefined): fc.Arbitrary<MulticastScenario['shape']> {
  const explicit = fc.record({
    fanout: fc.integer({ min: 2, max: MULTICAST_LIMITS.maxFanout }),
    depth: fc.integer({ min: minDepth ?? 1, max: Math.max(minDepth ?? 1, MULTICAST_LIMITS.maxDepth) }),
  });
  return minDepth !== undefined ? explicit : fc.option(explicit, { nil: null, freq: 4 });
}

/**
 * Scenarios inside `caps`: no hedging unless declared, no spraying unless declared, no
 * hold-and-release unless declared. A feature forced `on` that the capabilities lack is a
 * property that should have been skipped (its `requires`): that is a bug, so it throws.
 */
export function multicastScenarioArb(caps: MulticastCapabilities, o: MulticastScenarioOptions = {}): fc.Arbitrary<MulticastScenario> {
  const need = (feature: keyof MulticastCapabilities, mode: 'off' | 'on' | undefined) => {
    if (mode === 'on' && !caps[feature]) throw new Error(`multicastScenarioArb: ${feature} forced on but not declared`);
    return mode === 'on' ? 'on' : mode === 'off' || !caps[feature] ? 'off' : 'free';
  };
  const hedge = need('hedging', o.hedge);
  const spraying = need('spraying', o.spraying);
  const hold = need('holdRelease', o.holdRelease);
  const maxReceivers = Math.min(o.maxReceivers ?? MULTICAST_LIMITS.maxReceivers, MULTICAST_LIMITS.maxReceivers);
  const maxMessages = Math.min(o.maxMessages ?? 8, MULTICAST_LIMITS.maxMessages);

  const holdArb = fc.record({
    // Mostly generous (the bound's premise holds), sometimes tight (late receivers occur).
    headroomNs: fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 4 * MULTICAST_LIMITS.maxDelayNs }) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 20_000 }) },
    ),
    percentile: fc.constantFrom(95, 50, 90, 99, 100),
    reportIntervalNs: fc.integer({ min: 1_000, max: 40_000 }),
  });

  return fc.record({
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
    receivers: fc.integer({ min: 1, max: maxReceivers }),
    shape: shapeArb(o.minDepth),
    hedge: hedge === 'off' ? fc.constant(0) : fc.integer({ min: hedge === 'on' ? 1 : 0, max: MULTICAST_LIMITS.maxHedge }),
    spraying: spraying === 'off' ? fc.constant(false) : spraying === 'on' ? fc.constant(true) : fc.boolean(),
    receiverHedge: fc.boolean(),
    messages: fc.integer({ min: 1, max: maxMessages }),
    intervalNs: fc.integer({ min: 0, max: 20_000 }),
    delaysNs: fc.array(fc.integer({ min: 0, max: MULTICAST_LIMITS.maxDelayNs }), { minLength: 1, maxLength: 6 }),
    epsilonNs: fc.integer({ min: 0, max: MULTICAST_LIMITS.maxEpsilonNs }),
    holdRelease: hold === 'off' ? fc.constant(null) : hold === 'on' ? holdArb : fc.option(holdArb, { nil: null }),
  });
}
