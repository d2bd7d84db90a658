import type { Mutant } from './registry.ts';
import type { MatchingAdapter } from '../matching.ts';
import { engineAdapter } from '../reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';


/** Mutant: a FOK that cannot be filled completely fills what it can and expires the rest, like an IOC */
class Engine extends MatchingEngine {
  protected override fokCanFill(): boolean {
    return true;
  }
}

export const fokPartialFillMutant: Mutant<MatchingAdapter> = {
  name: 'matching-fok-partial-fill',
  component: 'matching',
  bug: 'a FOK that cannot be filled completely fills what it can and expires the rest, like an IOC',
  killedBy: ['matching.tif.fok-all-or-nothing'],
  create: () => engineAdapter('mutant:matching-fok-partial-fill', (o) => new Engine(o)),
};
