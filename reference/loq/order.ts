import { LoqError } from './errors.ts';

export type Side = 'bid' | 'ask';

/**
 * What a LOQ needs of an order. Prices are integer ticks, timestamps integer nanoseconds (or any
 * integer unit), all safe integers (exact below 2^53); participant ids are 0..2^31-1.
 */
export interface LoqOrder {
  readonly id: number;
  readonly participant: number;
  readonly side: Side;
  readonly price: number;
  readonly quantity: number;
  readonly timestamp: number;
}

export function checkOrder(o: LoqOrder): void {
  const bad = (why: string): never => {
    throw new LoqError('bad-order', `order ${String(o?.id)}: ${why}`);
  };
  if (o === null || typeof o !== 'object') bad('not an object');
  if (o.side !== 'bid' && o.side !== 'ask') bad(`side ${String(o.side)}`);
  if (!Number.isSafeInteger(o.price)) bad(`price ${o.price} is not a safe integer`);
  if (!Number.isSafeInteger(o.quantity) || o.quantity <= 0) bad(`quantity ${o.quantity} is not a positive safe integer`);
  if (!Number.isSafeInteger(o.timestamp)) bad(`timestamp ${o.timestamp} is not a safe integer`);
  if (!Number.isInteger(o.participant) || o.participant < 0 || o.participant > 0x7fffffff) bad(`participant ${o.participant}`);
}
