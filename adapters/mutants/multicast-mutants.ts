import type { MulticastAdapter } from '../multicast.ts';
import type { Mutant } from './registry.ts';
import { multicastDedupForgets } from './multicast-dedup-forgets.ts';
import { multicastProxyNoRotation } from './multicast-proxy-no-rotation.ts';
import { multicastReceiverReportsMean } from './multicast-receiver-reports-mean.ts';
import { multicastReceiverReleasesOnArrival } from './multicast-receiver-releases-on-arrival.ts';
import { multicastProxyHedgesSameChild } from './multicast-proxy-hedges-same-child.ts';

/** Every multicast mutant, one known bug each (the kill matrix runs them all). */
export const MULTICAST_MUTANTS: readonly Mutant<MulticastAdapter>[] = [
  multicastDedupForgets,
  multicastProxyNoRotation,
  multicastReceiverReportsMean,
  multicastReceiverReleasesOnArrival,
  multicastProxyHedgesSameChild,
];
