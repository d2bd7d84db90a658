import type { Mutant } from './registry.ts';
import type { MatchingAdapter } from '../matching.ts';
import { engineAdapter } from '../reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { OrderNode } from '../../reference/matching/book-side.ts';

/** Mutant: the unfilled remainder of a limit IOC rests in the book instead of expiring */
class Engine extends MatchingEngine {
  protected override restsAfterMatch(o: OrderNode): boolean {
    return o.tif === 'gtc' || (o.tif === 'ioc' && Number.isFinite(o.price));
  }
}

export const iocRemainderRestsMutant: Mutant<MatchingAdapter> = {
  name: 'matching-ioc-remainder-rests',
  component: 'matching',
  bug: 'the unfilled remainder of a limit IOC rests in the book instead of expiring',
  killedBy: ['matching.tif.ioc-never-rests'],
  create: () => engineAdapter('mutant:matching-ioc-remainder-rests', (o) => new Engine(o)),
};
