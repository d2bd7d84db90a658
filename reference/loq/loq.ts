import { isCritical } from './criticality.ts';
import { LoqError } from './errors.ts';
import { checkOrder, type LoqOrder } from './order.ts';
import { TupleHeap } from './tuple-heap.ts';

export interface LoqOptions {
  /** Mid price M in ticks, as inferred by the gateway from market data. */
  readonly mid: number;
  /** Action window A in ticks (>= 0), set by the exchange operator. */
  readonly window: number;
  /** Hard bound on queued orders (default 2^24). */
  readonly maxSize?: number;
}

/** A queue of orders with `push`, `pop`, `size`: what gateways and proxies run. */
export interface OrderQueue<T extends LoqOrder> {
  readonly size: number;
  push(order: T): void;
  /** The next order, or undefined when empty. `poppedEpoch` / `poppedCritical` describe it. */
  pop(): T | undefined;
  readonly poppedEpoch: number;
  readonly poppedCritical: boolean;
}

/**
 * The Limit Order Queue (Jasper §5.2): pops by the lexicographic tuple
 * (epoch, critical ? 0 : 1, timestamp, participant), then FIFO. The epoch starts at 0 and
 * grows by one each time the mid price changes; an order's epoch and class are fixed when it is
 * pushed (with the mid price of that moment), so orders pushed after a mid-price move queue
 * behind every earlier one.
 */
export class LimitOrderQueue<T extends LoqOrder = LoqOrder> implements OrderQueue<T> {
  private readonly heap: TupleHeap<T>;
  private currentMid: number;
  private currentEpoch = 0;
  readonly window: number;

  constructor(opts: LoqOptions) {
    if (!Number.isSafeInteger(opts.mid)) throw new LoqError('bad-config', `mid ${opts.mid} is not a safe integer`);
    if (!Number.isSafeInteger(opts.window) || opts.window < 0) throw new LoqError('bad-config', `window ${opts.window} is not a non-negative safe integer`);
    this.currentMid = opts.mid;
    this.window = opts.window;
    this.heap = new TupleHeap<T>(64, opts.maxSize);
  }

  get size(): number {
    return this.heap.size;
  }
  get mid(): number {
    return this.currentMid;
  }
  get epoch(): number {
    return this.currentEpoch;
  }
  get poppedEpoch(): number {
    return Math.floor(this.heap.poppedClass / 2);
  }
  get poppedCritical(): boolean {
    return this.heap.poppedClass % 2 === 0;
  }

  /** A new inferred mid price; an unchanged value is not a new epoch. */
  setMid(mid: number): void {
    if (!Number.isSafeInteger(mid)) throw new LoqError('bad-config', `mid ${mid} is not a safe integer`);
    if (mid === this.currentMid) return;
    this.currentMid = mid;
    this.currentEpoch++;
  }

  push(order: T): void {
    checkOrder(order);
    const critical = isCritical(order.side, order.price, this.currentMid, this.window);
    this.heap.push(this.currentEpoch * 2 + (critical ? 0 : 1), order.timestamp, order.participant, order);
  }

  /**
   * A proxy's push: the order keeps the (epoch, critical?) a gateway's LOQ gave it upstream.
   * Re-deriving them from the proxy's own mid would file an order delayed across a mid change
   * under the newer epoch (spec/exchange/loq.md, composition).
   */
  pushTagged(order: T, epoch: number, critical: boolean): void {
    checkOrder(order);
    if (!Number.isSafeInteger(epoch) || epoch < 0 || epoch >= 2 ** 51) throw new LoqError('bad-order', `order ${order.id}: epoch ${epoch}`);
    this.heap.push(epoch * 2 + (critical ? 0 : 1), order.timestamp, order.participant, order);
  }

  pop(): T | undefined {
    return this.heap.pop();
  }
}
