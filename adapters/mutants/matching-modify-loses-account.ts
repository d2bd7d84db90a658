import type { Mutant } from './registry.ts';
import type { MatchingAdapter } from '../matching.ts';
import { engineAdapter } from '../reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { OrderNode } from '../../reference/matching/book-side.ts';

/**
 * Mutant: a modify drops the order's account (it becomes ""), so self-trade prevention no longer
 * sees it as the same account's: as a re-entering taker or a later maker it trades with its own
 * account. Its book reports the account it now has (""), so a check that reads accounts from the
 * subject's book finds no self-trade; the accounts of the commands do.
 */
class Engine extends MatchingEngine {
  protected override keepsPriority(o: OrderNode, price: number, quantity: number): boolean {
    o.account = ''; // asked once per modify of a resting order: the account is lost here
    return super.keepsPriority(o, price, quantity);
  }
}

export const modifyLosesAccountMutant: Mutant<MatchingAdapter> = {
  name: 'matching-modify-loses-account',
  component: 'matching',
  bug: 'a modify drops the order’s account, which then trades with its own account despite STP (its book reports the lost account)',
  killedBy: ['matching.stp.no-self-trade', 'matching.vendor.equivalence'],
  create: () => engineAdapter('mutant:matching-modify-loses-account', (o) => new Engine(o)),
};
