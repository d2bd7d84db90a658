import type { LoqAdapter } from '../loq.ts';
import type { Mutant } from './registry.ts';
import { loqNoEpoch } from './loq-no-epoch.ts';
import { loqAskTestReversed } from './loq-ask-test-reversed.ts';

/** Every LOQ mutant, one known bug each (the kill matrix runs them all). */
export const LOQ_MUTANTS: readonly Mutant<LoqAdapter>[] = [loqNoEpoch, loqAskTestReversed];
