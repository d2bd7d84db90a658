export { LoqError, type LoqErrorCode } from './errors.ts';
export { checkOrder, type LoqOrder, type Side } from './order.ts';
export { isCritical } from './criticality.ts';
export { TupleHeap } from './tuple-heap.ts';
export { LimitOrderQueue, type LoqOptions, type OrderQueue } from './loq.ts';
export { SimplePq } from './simple-pq.ts';
export { ClassAwareMerge } from './class-merge.ts';
export { packKey, unpackClass, unpackTs, TS_BITS, TS_SPAN, CLS_SPAN } from './packed-key.ts';
