import { editedNode, multicastMutant } from './multicast-mutant-support.ts';

/** How long the buggy dedup remembers a message id (local ns). */
const MEMORY_NS = 5_000;

/**
 * A receiver whose dedup is a time window: an id is forgotten MEMORY_NS after its first copy,
 * so a hedged copy that arrives later is taken for a new message and released again.
 */
export const multicastDedupForgets = multicastMutant(
  'multicast-dedup-forgets-late-duplicate',
  'receiver',
  'dedup forgets a message id 5 µs after its first copy, so a late duplicate (hedging) is released again',
  ['multicast.delivery.exactly-once'],
  (config) => {
    const firstAt = new Map<number, number>();
    return editedNode(config, (event, actions) => {
      if (event.type !== 'packet') return actions;
      const first = firstAt.get(event.packet.msg);
      if (first === undefined) {
        firstAt.set(event.packet.msg, event.time);
        return actions;
      }
      if (event.time - first <= MEMORY_NS) return actions;
      firstAt.set(event.packet.msg, event.time);
      return [...actions, { type: 'release', msg: event.packet.msg }];
    });
  },
);
