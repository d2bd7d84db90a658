import type { Mutant } from './registry.ts';
import type { MatchingAdapter } from '../matching.ts';
import { engineAdapter } from '../reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { StpMode } from '../../reference/matching/types.ts';

/** Mutant: self-trade prevention is ignored: an account's orders trade with each other */
class Engine extends MatchingEngine {
  protected override stpModeFor(): StpMode {
    return 'none';
  }
}

export const stpIgnoredMutant: Mutant<MatchingAdapter> = {
  name: 'matching-stp-ignored',
  component: 'matching',
  bug: 'self-trade prevention is ignored: an account’s orders trade with each other',
  killedBy: ['matching.stp.no-self-trade'],
  create: () => engineAdapter('mutant:matching-stp-ignored', (o) => new Engine(o)),
};
