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

/** Refuses anything but a well-formed order (hot path: plain comparisons, no allocation). */
export function checkOrder(o: LoqOrder): void {
  if (o === null || typeof o !== 'object') badOrder(o, 'not an object');
  if (o.side !== 'bid' && o.side !== 'ask') badOrder(o, `side ${String(o.side)}`);
  if (!Number.isSafeInteger(o.price)) badOrder(o, `price ${o.price} is not a safe integer`);
  if (!Number.isSafeInteger(o.quantity) || o.quantity <= 0) badOrder(o, `quantity ${o.quantity} is not a positive safe integer`);
  if (!Number.isSafeInteger(o.timestamp)) badOrder(o, `timestamp ${o.timestamp} is not a safe integer`);
  const p = o.participant;
  if (!Number.isInteger(p) || p < 0 || p > 0x7fffffff) badOrder(o, `participant ${p}`);
}

function badOrder(o: LoqOrder, why: string): never {
  throw new LoqError('bad-order', `order ${String((o as { id?: unknown } | null)?.id)}: ${why}`);
}
