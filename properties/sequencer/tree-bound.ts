import { MAX_PROXY_HEARTBEAT_PERIOD, type SequencerInstance } from '../../adapters/sequencer.ts';
import { Mismatch } from '../mismatch.ts';

/** Proxy layers between the participants and the root of a tree (0: the root sees every participant). */
export function treeDepth(participants: number, fanout: number): number {
  let depth = 0;
  for (let width = participants; width > fanout; width = Math.ceil(width / fanout)) depth++;
  return depth;
}

/** A tree's proxy heartbeat period as it declared it (default 1), refused unless an integer in range. */
export function proxyHeartbeatPeriodOf(tree: SequencerInstance): number {
  const q = tree.proxyHeartbeatPeriod ?? 1;
  if (!Number.isInteger(q) || q < 0 || q > MAX_PROXY_HEARTBEAT_PERIOD) {
    throw new Mismatch(`the tree declares proxyHeartbeatPeriod ${String(q)}, not an integer in 0..${MAX_PROXY_HEARTBEAT_PERIOD}`, `0..${MAX_PROXY_HEARTBEAT_PERIOD}`, q, {
      kind: 'bad-declaration',
      path: 'proxyHeartbeatPeriod',
    });
  }
  return q;
}

/**
 * The tree's liveness bound (spec/exchange/sequencer.md, "Tree liveness"): an order stamped t is
 * released by t + P + L + depth·Q, where P is the gateways' heartbeat period, L the largest
 * one-way delay and Q the proxies' heartbeat period.
 */
export function treeLivenessBound(b: { readonly period: number; readonly maxDelay: number; readonly depth: number; readonly proxyPeriod: number }): number {
  return b.period + b.maxDelay + b.depth * b.proxyPeriod;
}

/**
 * When a tree must have released everything: the last arrival, or the latest order's stamp plus
 * the bound, whichever is later. Judging earlier is a false alarm on a correct slow tree.
 */
export function treeQuiescence(stamps: readonly number[], lastArrival: number, bound: number): number {
  let latest = -Infinity;
  for (const t of stamps) latest = Math.max(latest, t);
  return stamps.length === 0 ? lastArrival : Math.max(lastArrival, latest + bound);
}
