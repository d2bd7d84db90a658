import type { LoqOrder, PoppedOrder } from '../../adapters/loq.ts';

/** One step of a pop-order case as the harness drove it, with the tags its model gave each order. */
export type PopEvent =
  | { readonly step: number; readonly op: 'push' | 'tagged'; readonly order: LoqOrder; readonly epoch: number; readonly critical: boolean; readonly mid: number }
  | { readonly step: number; readonly op: 'mid'; readonly from: number; readonly to: number; readonly epoch: number }
  | { readonly step: number; readonly op: 'pop'; readonly id: number | null };

/** A pop-order case up to its failing pop: the harness's log and the pop it judged. */
export interface PopCaseRecord {
  readonly kind: 'loq' | 'simple-pq';
  readonly window: number;
  readonly events: PopEvent[];
  /** The failing pop: its step, what the subject returned, what the model expected, what was queued before it. */
  failure?: {
    readonly step: number;
    readonly got: PoppedOrder | null;
    readonly expected: { readonly order: LoqOrder; readonly epoch: number; readonly critical: boolean } | null;
    readonly queued: readonly { readonly order: LoqOrder; readonly epoch: number; readonly critical: boolean }[];
  };
}

const records = new WeakMap<object, PopCaseRecord>();

export function rethrowWithPopCase(err: unknown, record: PopCaseRecord): never {
  if (typeof err === 'object' && err !== null && !records.has(err)) records.set(err, record);
  throw err;
}

export function popCaseOf(err: unknown): PopCaseRecord | undefined {
  return typeof err === 'object' && err !== null ? records.get(err) : undefined;
}
