import { sequencerMutant } from './sequencer-mutant-support.ts';

/** Proxy dummies say "now": the parent then releases a sibling's order ahead of an older one below. */
export const sequencerProxyDummyClock = sequencerMutant(
  'sequencer-proxy-dummy-clock',
  "tree proxies stamp their dummies with their clock instead of their low-water mark",
  ['sequencer.tree.equals-flat'],
  { proxyDummyStampsClock: true },
);
