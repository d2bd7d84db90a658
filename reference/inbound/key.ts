/**
 * Keys on the inbound path. Without LOQ a key is (timestamp, participant); with LOQ a message
 * belongs to one class of its link and its key there is (epoch, timestamp, participant)
 * (spec/exchange/loq.md). Epoch 0 stands for "no LOQ", so one comparison serves both.
 */
export interface Mark {
  readonly epoch: number;
  readonly timestamp: number;
  readonly participant: number;
}

/** a < b by (epoch, timestamp, participant). */
export function markLess(a: Mark, b: Mark): boolean {
  return a.epoch < b.epoch || (a.epoch === b.epoch && (a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.participant < b.participant)));
}

/** The smaller of two marks, either possibly undefined (unknown). */
export function minMark(a: Mark | undefined, b: Mark | undefined): Mark | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return markLess(b, a) ? b : a;
}
