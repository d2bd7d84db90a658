import type { MatchingAdapter, MatchingCapabilities, MatchingConfig } from '../matching.ts';
import { ALL_MATCHING_CAPABILITIES } from '../matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { MatchingEngineOptions } from '../../reference/matching/types.ts';

/**
 * In-process adapter over a MatchingEngine. `engineFactory` lets adapters/mutants plug in an
 * engine subclass with one planted bug; the reference uses MatchingEngine itself.
 */
export function engineAdapter(
  name: string,
  engineFactory: (options: MatchingEngineOptions) => MatchingEngine,
  capabilities: MatchingCapabilities = ALL_MATCHING_CAPABILITIES,
): MatchingAdapter {
  let engine = engineFactory({ symbols: [] });
  return {
    name,
    component: 'matching',
    capabilities,
    reset(config: MatchingConfig) {
      engine = engineFactory({ symbols: config.symbols });
    },
    apply(command: unknown) {
      return engine.apply(command);
    },
    snapshot() {
      return engine.snapshot();
    },
  };
}

export function referenceMatchingAdapter(): MatchingAdapter {
  return engineAdapter('reference', (o) => new MatchingEngine(o));
}
