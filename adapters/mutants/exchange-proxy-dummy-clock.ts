import { editedInboundNode, exchangeMutant } from './exchange-mutant-support.ts';

/** A proxy whose dummies carry its clock reading instead of its low-water mark. */
export const exchangeProxyDummyClock = exchangeMutant(
  'exchange-proxy-dummy-clock',
  'proxy',
  true,
  'a proxy stamps its dummies with its own clock, even while it holds older orders (in its merge or its backlog), instead of its low-water mark',
  ['exchange.inbound.heartbeat-promise', 'exchange.inbound.timestamp-order'],
  (config) =>
    editedInboundNode(config, (event, actions) =>
      actions.map((a) => (a.type === 'send' && a.message.kind === 'heartbeat' ? { ...a, message: { ...a.message, timestamp: event.time } } : a)),
    ),
);
