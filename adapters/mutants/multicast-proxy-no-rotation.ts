import { ProxyNode } from '../../reference/multicast/proxy-node.ts';
import { multicastMutant } from './multicast-mutant-support.ts';

/** A proxy told to spray that always serves its own block: every child keeps one parent for good. */
export const multicastProxyNoRotation = multicastMutant(
  'multicast-proxy-no-rotation',
  'proxy',
  'with spraying on, a proxy serves its own block for every message instead of rotating through the blocks',
  ['multicast.routing.spraying'],
  (config) => {
    const inner = new ProxyNode({ ...config, spraying: false });
    return { config, onEvent: (e) => inner.onEvent(e) };
  },
);
