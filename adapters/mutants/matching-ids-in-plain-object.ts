import type { Mutant } from './registry.ts';
import type { MatchingAdapter, MatchingEvent } from '../matching.ts';
import { referenceMatchingAdapter } from '../reference/matching.ts';

/**
 * Mutant: the duplicate-id check looks ids up in a plain object (`{}`) of resting orders, so an
 * id that is an Object.prototype name (`constructor`, `toString`, `__proto__`, ...) always looks
 * taken and a valid new order with it is rejected as `duplicate-id`. Invisible to flows whose ids
 * are all `o<n>`; matching-flow generates prototype names as ids for this.
 */
function create(): MatchingAdapter {
  const inner = referenceMatchingAdapter();
  let resting: Record<string, boolean> = {};
  return {
    ...inner,
    name: 'mutant:matching-ids-in-plain-object',
    async reset(config) {
      await inner.reset(config);
      resting = {};
    },
    async apply(command): Promise<MatchingEvent[]> {
      const c = typeof command === 'object' && command !== null ? (command as Record<string, unknown>) : {};
      if (c.type === 'new' && typeof c.id === 'string' && c.id !== '' && resting[c.id]) return [{ type: 'rejected', id: c.id, reason: 'duplicate-id' }];
      const events = await inner.apply(command);
      resting = {};
      for (const b of await inner.snapshot()) for (const l of [...b.bids, ...b.asks]) for (const o of l.orders) resting[o.id] = true;
      return events;
    },
  };
}

export const idsInPlainObjectMutant: Mutant<MatchingAdapter> = {
  name: 'matching-ids-in-plain-object',
  component: 'matching',
  bug: 'the duplicate-id check looks ids up in a plain object, so an id like "constructor" or "__proto__" is always rejected as a duplicate',
  killedBy: ['matching.vendor.equivalence', 'matching.reject.no-change'],
  create,
};
