import { checkOrder, type LoqOrder } from './order.ts';
import type { OrderQueue } from './loq.ts';
import { TupleHeap } from './tuple-heap.ts';

/**
 * The paper's baseline "SimplePQ": no critical/non-critical distinction, orders leave by
 * (timestamp, participant), FIFO on ties — plain FIFO for a gateway whose orders arrive in
 * timestamp order. Reports every order as epoch 0, critical, so it composes like a LOQ.
 */
export class SimplePq<T extends LoqOrder = LoqOrder> implements OrderQueue<T> {
  private readonly heap: TupleHeap<T>;
  readonly poppedEpoch = 0;
  readonly poppedCritical = true;

  constructor(maxSize?: number) {
    this.heap = new TupleHeap<T>(64, maxSize);
  }

  get size(): number {
    return this.heap.size;
  }

  push(order: T): void {
    checkOrder(order);
    this.heap.push(0, order.timestamp, order.participant, order);
  }

  pop(): T | undefined {
    return this.heap.pop();
  }
}
