import { sequencerMutant } from './sequencer-mutant-support.ts';

/**
 * A dummy stamped d is read as "nothing stamped d follows": an order (d, p) then beats a dummy
 * (d, q) with q < p, and q's own order stamped d, sent right after its dummy, comes out late.
 * It declares the flat sequencer only, like the Python example: inside a tree, proxies' marks
 * equal the keys they precede and expose the bug anyway; a flat-only vendor is exposed only by a
 * gateway whose order carries its previous heartbeat's stamp.
 */
export const sequencerDummyAfterEqualStamp = sequencerMutant(
  'sequencer-dummy-after-equal-stamp',
  'a heartbeat sorts after every order with its timestamp, so an order beats a heartbeat with an equal stamp',
  ['sequencer.safety.sorted-exactly-once'],
  { dummyAfterEqualStamp: true },
  { capabilities: { jasper: true, tree: false, cloudex: false } },
);
