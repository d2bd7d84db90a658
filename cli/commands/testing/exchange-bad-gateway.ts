import { ALL_INBOUND_CAPABILITIES, type InboundAdapter } from '../../../adapters/inbound.ts';

/**
 * A vendor module for `--adapter`: gateways that send every submitted order to a node that is not
 * their parent (a protocol fault the inbound harness must name). Other roles: the reference.
 */
export function createAdapter(): InboundAdapter {
  return {
    name: 'bad-gateway',
    component: 'exchange',
    capabilities: { ...ALL_INBOUND_CAPABILITIES, proxy: false, sequencer: false },
    node: (config) =>
      config.role !== 'gateway'
        ? undefined
        : {
            config,
            onEvent: (e) => (e.type === 'submit' ? [{ type: 'send', to: 'nowhere', message: { kind: 'order', order: e.order, timestamp: e.time } }] : []),
          },
  };
}
