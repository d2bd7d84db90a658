import type { Adapter, MaybePromise } from './adapter.ts';
import type { LoqOrder } from '../reference/loq/order.ts';

export type { LoqOrder, Side } from '../reference/loq/order.ts';

/** What an order-queue implementation declares: the LOQ itself and/or the SimplePQ baseline. */
export interface LoqCapabilities {
  readonly loq: boolean;
  readonly simplePq: boolean;
  /** `pushTagged`: a proxy's LOQ that keeps the tags given upstream. */
  readonly proxy: boolean;
}

export const ALL_LOQ_CAPABILITIES: LoqCapabilities = { loq: true, simplePq: true, proxy: true };

export type LoqConfig =
  | { readonly kind: 'loq'; readonly mid: number; readonly window: number }
  | { readonly kind: 'simple-pq' };

/** A popped order with the class the queue gave it (SimplePQ: epoch 0, critical). */
export interface PoppedOrder {
  readonly order: LoqOrder;
  readonly epoch: number;
  readonly critical: boolean;
}

/** A running queue. Prices, sizes and timestamps are safe integers (ticks, lots, time units). */
export interface LoqInstance {
  push(order: LoqOrder): MaybePromise<void>;
  /**
   * (capability `proxy`, kind 'loq') A proxy's push: the order keeps the epoch and class an
   * upstream LOQ gave it instead of being classified with this queue's mid.
   */
  pushTagged?(order: LoqOrder, epoch: number, critical: boolean): MaybePromise<void>;
  /** The next order, or null when empty. */
  pop(): MaybePromise<PoppedOrder | null>;
  /** The gateway's newly inferred mid price (a changed value starts a new epoch). */
  setMid(mid: number): MaybePromise<void>;
  size(): MaybePromise<number>;
}

/** The LOQ contract: a factory of independent queues (one per gateway or proxy). */
export interface LoqAdapter extends Adapter<LoqCapabilities> {
  readonly component: 'loq';
  create(config: LoqConfig): MaybePromise<LoqInstance>;
}
