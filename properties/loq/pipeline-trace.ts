import type { LoqOrder, PoppedOrder } from '../../adapters/loq.ts';
import type { BuiltFlow } from './build-flow.ts';

/** One stay of an order in a queue node's LOQ (a gateway, or a proxy in the tree topology). */
export interface Passage {
  readonly node: string;
  readonly pushedAt: number;
  /** The tags the harness expects it to come out with (the node's epoch and class at push, or the upstream tags). */
  readonly epoch: number;
  readonly critical: boolean;
  /** The node's mid price at push (gateways; proxies keep upstream tags). */
  readonly mid?: number;
  poppedAt?: number;
}

/**
 * What the LOQ pipeline did, as the harness saw it, for explanations: each order's passages
 * through queue nodes (pushed, tagged, popped), each node's mid changes, when each order reached
 * the exchange and the order the matching engine processed them in. The subject's output enters
 * only as observed: which order each pop returned, and when.
 */
export interface PipelineTrace {
  readonly passages: Map<number, Passage[]>;
  /** Per node, its pops in order. */
  readonly pops: Map<string, { readonly id: number; readonly at: number }[]>;
  readonly midChanges: { readonly node: string; readonly at: number; readonly mid: number; readonly epoch: number }[];
  readonly atExchange: Map<number, number>;
  readonly processed: number[];
  /** When the exchange's merge released each order to the matching engine. */
  readonly processedAt: Map<number, number>;
  /** The last pop the harness checked: where a tag or field mismatch was found. */
  lastPop?: { readonly node: string; readonly at: number; readonly popped: PoppedOrder; readonly queued?: { readonly order: LoqOrder; readonly epoch: number; readonly critical: boolean } };
}

export function newPipelineTrace(): PipelineTrace {
  return { passages: new Map(), pops: new Map(), midChanges: [], atExchange: new Map(), processed: [], processedAt: new Map() };
}

export interface PipelineRecord {
  readonly flow: BuiltFlow;
  readonly trace: PipelineTrace;
  readonly merge: 'class-aware' | 'timestamp';
  readonly topology: 'direct' | 'proxies';
  /** The trades the pipeline produced (absent when it failed before the engine ran). */
  trades?: readonly { readonly maker: string; readonly taker: string; readonly price: string; readonly quantity: string }[];
}

const records = new WeakMap<object, PipelineRecord>();

/** Attaches the pipeline's record to an error its check throws (for `explain`), and rethrows it. */
export function rethrowWithPipeline(err: unknown, record: PipelineRecord): never {
  if (typeof err === 'object' && err !== null && !records.has(err)) records.set(err, record);
  throw err;
}

export function pipelineRecordOf(err: unknown): PipelineRecord | undefined {
  return typeof err === 'object' && err !== null ? records.get(err) : undefined;
}
