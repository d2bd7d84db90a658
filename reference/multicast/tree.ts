/**
 * The overlay multicast tree (Jasper §4, App. A): the root (the exchange's sender, depth 0),
 * proxy layers at depths 1..D−1, receivers at depth D. Every node of a layer serves a block of
 * F consecutive nodes of the next layer (node i: [i·F, i·F + F)), so layer d holds
 * ceil(L / F^(D−d)) nodes for L leaves and the root serves layer 1 whole. D = 1 is the root
 * sending to every receiver itself — the direct-unicast baseline.
 *
 * Heuristic (App. A): F ≈ 10, D = round(log10 L) (at least 1), then F is the smallest integer
 * with F^D ≥ L so the leaves hold all L receivers (L = 200: D = 2, F = 15).
 *
 * Receiver hedging doubles the leaves: participant p has receivers r{p} and r{p+N}, which sit
 * in different blocks (so, without spraying, under different parents).
 */
import { SimulationInputError, requireInt } from '../sim/errors.ts';
import type { NodeId } from './node.ts';

export const MAX_RECEIVERS = 100_000;
export const MAX_DEPTH = 32;
export const ROOT_ID: NodeId = 'root';

export interface TreeOptions {
  /** Participants (N). */
  readonly receivers: number;
  readonly fanout?: number;
  readonly depth?: number;
  /** Two receivers per participant. */
  readonly receiverHedge?: boolean;
  /** Direct unicast: depth 1, the root sends to every receiver. */
  readonly unicast?: boolean;
}

export interface Tree {
  readonly participants: number;
  /** Receivers (leaves): N, or 2N under receiver hedging. */
  readonly leaves: number;
  readonly fanout: number;
  readonly depth: number;
  /** layers[0] = [root], layers[d] for 1 ≤ d < depth = proxies, layers[depth] = receivers. */
  readonly layers: readonly (readonly NodeId[])[];
  /** Participant served by receiver j (index within the receiver layer). */
  participantOf(receiverIndex: number): number;
}

/** Smallest integer f ≥ 1 with f^d ≥ n. */
export function fanoutFor(n: number, d: number): number {
  let f = Math.max(1, Math.ceil(Math.pow(n, 1 / d) - 1e-9));
  while (f > 1 && Math.pow(f - 1, d) >= n) f--;
  while (Math.pow(f, d) < n) f++;
  return f;
}

/** The paper's heuristic shape for n leaves. */
export function heuristicShape(n: number): { fanout: number; depth: number } {
  requireInt('receivers', n, 1, 2 * MAX_RECEIVERS);
  const depth = Math.max(1, Math.round(Math.log10(n)));
  return { fanout: fanoutFor(n, depth), depth };
}

/** Size of layer d (1 ≤ d ≤ depth) for `leaves` leaves. */
export function layerSize(leaves: number, fanout: number, depth: number, d: number): number {
  return Math.ceil(leaves / Math.pow(fanout, depth - d));
}

export function buildTree(o: TreeOptions): Tree {
  const participants = requireInt('receivers', o.receivers, 1, MAX_RECEIVERS);
  const leaves = o.receiverHedge ? 2 * participants : participants;
  let fanout: number;
  let depth: number;
  if (o.unicast) {
    if (o.depth !== undefined && o.depth !== 1) throw new SimulationInputError(`unicast means depth 1, got depth ${o.depth}`);
    depth = 1;
    fanout = leaves;
  } else if (o.fanout === undefined && o.depth === undefined) {
    ({ fanout, depth } = heuristicShape(leaves));
  } else if (o.depth === undefined) {
    fanout = requireInt('fanout', o.fanout, 1, 2 * MAX_RECEIVERS);
    if (fanout === 1) {
      if (leaves !== 1) throw new SimulationInputError(`fanout 1 cannot reach ${leaves} receivers`);
      depth = 1;
    } else {
      depth = 1;
      while (Math.pow(fanout, depth) < leaves) depth++;
    }
  } else if (o.fanout === undefined) {
    depth = requireInt('depth', o.depth, 1, MAX_DEPTH);
    fanout = fanoutFor(leaves, depth);
  } else {
    depth = requireInt('depth', o.depth, 1, MAX_DEPTH);
    fanout = requireInt('fanout', o.fanout, 1, 2 * MAX_RECEIVERS);
    if (Math.pow(fanout, depth) < leaves) {
      throw new SimulationInputError(`fanout ${fanout} and depth ${depth} reach ${Math.pow(fanout, depth)} leaves, fewer than the ${leaves} receivers`);
    }
  }
  if (depth > MAX_DEPTH) throw new SimulationInputError(`depth ${depth} over ${MAX_DEPTH}`);
  const layers: NodeId[][] = [[ROOT_ID]];
  for (let d = 1; d < depth; d++) {
    const size = layerSize(leaves, fanout, depth, d);
    const layer: NodeId[] = [];
    for (let i = 0; i < size; i++) layer.push(`p${d}.${i}`);
    layers.push(layer);
  }
  const rl: NodeId[] = [];
  for (let j = 0; j < leaves; j++) rl.push(`r${j}`);
  layers.push(rl);
  return { participants, leaves, fanout, depth, layers, participantOf: (j) => j % participants };
}
