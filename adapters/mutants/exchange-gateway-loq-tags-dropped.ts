import { editedInboundNode, exchangeMutant } from './exchange-mutant-support.ts';

/**
 * A gateway whose LOQ reorders as it should but that tags everything it sends as epoch 0,
 * critical: the class-aware merges above then order its output by timestamp alone — the
 * LOQ-below-a-timestamp-merge composition, from the gateway's side.
 */
export const exchangeGatewayLoqTagsDropped = exchangeMutant(
  'exchange-gateway-loq-tags-dropped',
  'gateway',
  true,
  "a gateway LOQ sends its orders with the tags epoch 0, critical whatever its queue gave them (and its dummies with epoch 0): the merges above order its output by timestamp alone",
  ['exchange.inbound.loq-trades'],
  (config) =>
    editedInboundNode(config, (_event, actions) =>
      actions.map((a) => {
        if (a.type !== 'send' || a.message.epoch === undefined) return a;
        return a.message.kind === 'order' ? { ...a, message: { ...a.message, epoch: 0, critical: true } } : { ...a, message: { ...a.message, epoch: 0 } };
      }),
    ),
);
