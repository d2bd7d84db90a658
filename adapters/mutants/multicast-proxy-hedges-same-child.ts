import { servedChildren } from '../../reference/multicast/spraying.ts';
import { multicastMutant } from './multicast-mutant-support.ts';
import { ProxyNode } from '../../reference/multicast/proxy-node.ts';
import type { NodeAction } from '../../reference/multicast/node.ts';

/**
 * A hedging proxy whose hedged copies go to its own block again (the niece offset lost):
 * its children get the same message twice from it, its nieces get nothing from it.
 */
export const multicastProxyHedgesSameChild = multicastMutant(
  'multicast-proxy-hedges-same-child',
  'proxy',
  'with hedging H > 0, a proxy sends its hedged copies to its own children again instead of to its siblings\' children',
  ['multicast.routing.hedging'],
  (config) => {
    const reference = new ProxyNode(config);
    const kids: number[] = [];
    return {
      config,
      onEvent(e) {
        const out = reference.onEvent(e) as readonly NodeAction[];
        if (e.type !== 'packet' || out.length === 0) return out;
        const c = config;
        const own = servedChildren(c.layerIndex, c.layerSize, c.nextLayer.length, c.fanout, 0, c.spraying, e.packet.msg, kids);
        const copies = Math.min(c.hedge, c.layerSize - 1) + 1;
        const sends: NodeAction[] = [];
        for (let j = 0; j < copies; j++) for (const k of own) sends.push({ type: 'send', to: c.nextLayer[k]!, packet: e.packet });
        return sends;
      },
    };
  },
);
