import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import { ALL_MATCHING_CAPABILITIES } from '../../adapters/matching.ts';
import { matchingFlow } from '../arbitraries/matching-flow.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { MatchingModel } from './model.ts';

/** Printed by fast-check on failure; rerun with FAIRWIRE_SEED=<seed>. */
const SEED = Number(process.env.FAIRWIRE_SEED ?? 42);

function modelFor(symbols: readonly { symbol: string; tickSize: number }[]): MatchingModel {
  return new MatchingModel(new Map(symbols.map((s) => [s.symbol, BigInt(s.tickSize)])));
}

describe('reference engine vs the slow model', () => {
  it('produces the same events and book after every command', () => {
    fc.assert(
      fc.property(matchingFlow(ALL_MATCHING_CAPABILITIES, { maxLength: 60 }), (flow) => {
        const engine = new MatchingEngine({ symbols: flow.config.symbols });
        const model = modelFor(flow.config.symbols);
        for (const c of flow.commands) {
          expect(toCanonicalJson(engine.apply(c))).toBe(toCanonicalJson(model.apply(c)));
          expect(toCanonicalJson(engine.snapshot())).toBe(toCanonicalJson(model.snapshot()));
        }
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('model: a hand-checked price-time sequence', () => {
    const model = modelFor([{ symbol: 'X', tickSize: 1 }]);
    const n = (id: string, side: string, price: string, quantity: string) => ({ type: 'new', id, account: id, symbol: 'X', side, orderType: 'limit', price, quantity });
    model.apply(n('s1', 'sell', '10', '2'));
    model.apply(n('s2', 'sell', '9', '2'));
    model.apply(n('s3', 'sell', '9', '2'));
    const trades = model.apply(n('b1', 'buy', '10', '5')).filter((e) => e.type === 'trade');
    expect(trades.map((t) => t.type === 'trade' && [t.makerId, t.price, t.quantity])).toEqual([
      ['s2', '9', '2'],
      ['s3', '9', '2'],
      ['s1', '10', '1'],
    ]);
  });
});
