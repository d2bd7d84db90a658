import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { schemaValidator, formatSchemaErrors } from '../../spec/schemas.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import { ALL_MATCHING_CAPABILITIES } from '../../adapters/matching.ts';
import { matchingFlow } from '../arbitraries/matching-flow.ts';

const commandSchema = schemaValidator('exchange/matching-command.schema.json');
const eventSchema = schemaValidator('exchange/matching-event.schema.json');
/** Reasons that mean "the command's shape is wrong", which the command schema must also refuse. */
const SHAPE_REASONS = new Set(['invalid-command', 'invalid-quantity', 'invalid-price', 'invalid-tif']);
const MAX = 2n ** 53n - 1n;
/**
 * The schema's pattern bounds digits (16), not value: 2^53 .. 10^16 - 1 pass it and are
 * rejected by value. The generator sends 2^53 on purpose (a grow past the largest quantity).
 */
const aboveMaxInSixteenDigits = (c: unknown) =>
  ['price', 'quantity'].some((k) => {
    const v = (c as Record<string, unknown>)[k];
    return typeof v === 'string' && /^[1-9][0-9]{15}$/.test(v) && BigInt(v) > MAX;
  });

describe('matching JSON Schemas agree with the reference', () => {
  it('every event validates; commands validate unless rejected for their shape', () => {
    fc.assert(
      fc.property(matchingFlow(ALL_MATCHING_CAPABILITIES), (flow) => {
        const engine = new MatchingEngine({ symbols: flow.config.symbols });
        for (const c of flow.commands) {
          const events = engine.apply(c);
          for (const e of events) expect(eventSchema(e), `${JSON.stringify(e)}: ${formatSchemaErrors(eventSchema.errors)}`).toBe(true);
          const shapeRejected = events[0]?.type === 'rejected' && SHAPE_REASONS.has(events[0].reason) && !aboveMaxInSixteenDigits(c);
          expect(commandSchema(c), `${JSON.stringify(c)} -> ${JSON.stringify(events[0])}`).toBe(!shapeRejected);
        }
      }),
      { numRuns: 100, seed: Number(process.env.FAIRWIRE_SEED ?? 3) },
    );
  });

  it('refuses non-canonical numbers and unknown fields', () => {
    const ok = { type: 'new', id: 'a', account: 'A', symbol: 'X', side: 'buy', orderType: 'limit', price: '100', quantity: '1' };
    expect(commandSchema(ok)).toBe(true);
    for (const bad of [{ ...ok, price: 100 }, { ...ok, quantity: '0' }, { ...ok, quantity: '1.5' }, { ...ok, extra: 1 }, { ...ok, orderType: 'market' }]) {
      expect(commandSchema(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(eventSchema({ type: 'trade', symbol: 'X', price: '1', quantity: '0', makerId: 'a', takerId: 'b', takerSide: 'buy' })).toBe(false);
  });
});
