import { describe, it, expect } from 'vitest';
import type { MatchingAdapter } from '../../adapters/matching.ts';
import { engineAdapter, referenceMatchingAdapter } from '../../adapters/reference/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { OrderNode } from '../../reference/matching/book-side.ts';
import { FLOW_CONFIG, type MatchingFlow } from '../arbitraries/matching-flow.ts';
import { Mismatch } from '../mismatch.ts';
import { recordHistory } from './history.ts';
import { traceReference } from './reference-trace.ts';
import { checkNoSelfTrade } from './checkers.ts';
import { noSelfTrade } from './catalog.ts';

const order = (id: string, account: string, side: 'buy' | 'sell', price: string, quantity: string, stp = 'none') =>
  ({ type: 'new', id, account, symbol: 'X', side, orderType: 'limit', tif: 'gtc', price, quantity, stp });

/** A's resting sell is modified, then A buys into it with STP on: the reference cancels, never trades. */
const selfMatch: MatchingFlow = {
  config: FLOW_CONFIG,
  commands: [
    order('s1', 'A', 'sell', '100', '5'),
    { type: 'modify', id: 's1', quantity: '3' },
    order('b1', 'A', 'buy', '100', '2', 'cancel-newest'),
  ],
};

/** Trades like the reference except that it forgets accounts on modify, and its book says so. */
function forgetfulAdapter(): MatchingAdapter {
  return engineAdapter('forgetful', (o) => new (class extends MatchingEngine {
    protected override keepsPriority(node: OrderNode, price: number, quantity: number): boolean {
      node.account = '';
      return price === node.price && quantity <= node.remaining;
    }
  })(o));
}

describe('history', () => {
  it('records each command with its events and the reported book', async () => {
    const h = await recordHistory(referenceMatchingAdapter(), selfMatch);
    expect(h.steps.map((s) => s.index)).toEqual([0, 1, 2]);
    expect(h.steps[2]!.events.map((e) => e.type)).toEqual(['accepted', 'cancelled']);
    expect(h.steps[1]!.book?.[0]?.asks[0]?.orders).toEqual([{ id: 's1', account: 'A', quantity: '3' }]);
    expect(h.fault).toBeUndefined();
  });

  it('keeps the steps before a fault, and the fault', async () => {
    const inner = referenceMatchingAdapter();
    let n = 0;
    const crashing: MatchingAdapter = { ...inner, apply: (c) => (++n === 3 ? Promise.reject(new Error('boom')) : inner.apply(c)) };
    const h = await recordHistory(crashing, selfMatch);
    expect(h.steps).toHaveLength(2);
    expect(h.fault?.index).toBe(2);
    expect((h.fault?.error as Error).message).toBe('boom');
  });

  it('judges the account from the commands, not from the book the subject reports', async () => {
    const subject = forgetfulAdapter();
    const history = await recordHistory(subject, selfMatch);
    // The subject's own book no longer says s1 is A's: a book-reading check would see no self-trade.
    expect(history.steps[1]!.book?.[0]?.asks[0]?.orders[0]?.account).toBe('');
    expect(history.steps[2]!.events.some((e) => e.type === 'trade')).toBe(true);
    const reference = await traceReference(referenceMatchingAdapter(), selfMatch);
    let thrown: unknown;
    try {
      checkNoSelfTrade({ history, reference, capabilities: subject.capabilities });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Mismatch);
    expect((thrown as Mismatch).signature()).toBe('self-trade at trade.makerId');
  });

  it('reports an anomaly found before a fault rather than the fault', async () => {
    const inner = forgetfulAdapter();
    let n = 0;
    const crashing: MatchingAdapter = { ...inner, apply: (c) => (++n === 4 ? Promise.reject(new Error('boom')) : inner.apply(c)) };
    const flow = { ...selfMatch, commands: [...selfMatch.commands, { type: 'cancel', id: 's1' }] };
    await expect(noSelfTrade.check(crashing, referenceMatchingAdapter(), flow)).rejects.toBeInstanceOf(Mismatch);
  });
});
