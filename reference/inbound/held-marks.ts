import type { Mark } from './key.ts';

/**
 * The keys of the orders a node holds in one class, in the order they entered. A node's queue
 * pops each class in key order and each class enters in key order (a gateway stamps with a clock
 * that never goes back and the epoch never decreases; a class-aware merge releases each class sorted), so
 * the oldest entry still held is the class's minimum: what the node's dummy for that class may
 * promise at most. O(1) per push and pop, no allocation once warm.
 */
export class HeldMarks {
  private epochs: number[] = [];
  private stamps: number[] = [];
  private parts: number[] = [];
  private head = 0;

  get size(): number {
    return this.stamps.length - this.head;
  }

  push(epoch: number, timestamp: number, participant: number): void {
    this.epochs.push(epoch);
    this.stamps.push(timestamp);
    this.parts.push(participant);
  }

  /** The oldest entry leaves (the node sent an order of this class). */
  shift(): void {
    if (this.head >= this.stamps.length) throw new Error('HeldMarks: shift on an empty class');
    this.head++;
    if (this.head === this.stamps.length) {
      this.epochs.length = this.stamps.length = this.parts.length = this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.stamps.length) {
      this.epochs.splice(0, this.head);
      this.stamps.splice(0, this.head);
      this.parts.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The minimum held key, or undefined when the class holds nothing. */
  min(): Mark | undefined {
    const h = this.head;
    if (h === this.stamps.length) return undefined;
    return { epoch: this.epochs[h]!, timestamp: this.stamps[h]!, participant: this.parts[h]! };
  }
}
