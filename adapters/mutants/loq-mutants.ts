import type { LoqAdapter } from '../loq.ts';
import type { Mutant } from './registry.ts';
import { loqNoEpoch } from './loq-no-epoch.ts';
import { loqAskTestReversed } from './loq-ask-test-reversed.ts';
import { loqSimplePqLifoTies } from './loq-simple-pq-lifo-ties.ts';
import { loqTaggedFifoWithinClass } from './loq-tagged-fifo-within-class.ts';

/** Every LOQ mutant, one known bug each (the kill matrix runs them all). */
export const LOQ_MUTANTS: readonly Mutant<LoqAdapter>[] = [loqNoEpoch, loqAskTestReversed, loqSimplePqLifoTies, loqTaggedFifoWithinClass];
