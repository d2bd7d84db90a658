import type { InboundOrder } from './node.ts';

/**
 * An order with its stamp, as an LOQ holds it (reference/loq needs the timestamp on the order),
 * plus the message object it travels in, so a node forwards the very order it was given.
 */
export interface StampedOrder {
  readonly id: number;
  readonly participant: number;
  readonly side: InboundOrder['side'];
  readonly price: number;
  readonly quantity: number;
  readonly timestamp: number;
  readonly order: InboundOrder;
}

export function stamped(order: InboundOrder, timestamp: number): StampedOrder {
  return { id: order.id, participant: order.participant, side: order.side, price: order.price, quantity: order.quantity, timestamp, order };
}
