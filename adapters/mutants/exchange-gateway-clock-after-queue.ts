import type { InboundAction } from '../inbound.ts';
import { HEARTBEAT_TIMER } from '../../reference/inbound/gateway-node.ts';
import { editedInboundNode, exchangeMutant } from './exchange-mutant-support.ts';

/**
 * A gateway that decides to heartbeat by looking at its queue and only then reads its clock:
 * the heartbeat carries the clock of that later moment even though an order stamped earlier is
 * still waiting for the uplink.
 */
export const exchangeGatewayClockAfterQueue = exchangeMutant(
  'exchange-gateway-clock-after-queue',
  'gateway',
  false,
  'a gateway stamps each heartbeat with its clock read after checking its queue, so a heartbeat goes out stamped later than an order it still holds behind its busy uplink',
  ['exchange.inbound.heartbeat-promise', 'exchange.inbound.timestamp-order'],
  (config) => {
    let last = -Infinity;
    return editedInboundNode(config, (event, actions) => {
      const out: InboundAction[] = actions.filter((a) => !(a.type === 'send' && a.message.kind === 'heartbeat'));
      const beat = event.type === 'start' || (event.type === 'timer' && event.timer === HEARTBEAT_TIMER);
      if (beat && event.time > last) {
        last = event.time;
        out.unshift({ type: 'send', to: config.parent!, message: { kind: 'heartbeat', timestamp: event.time, participant: config.participant! } });
      }
      return out;
    });
  },
);
