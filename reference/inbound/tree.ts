/**
 * The shape of an inbound tree and the node configs built from it.
 *
 * A shape lists the sequencer's children; each child is a gateway (`'g'`) or a proxy (the list
 * of its own children). Gateways are numbered in depth-first order: gateway p serves
 * participant p. Nested lists shrink well in fast-check and say everything a tree can be
 * (unbalanced, fan-out 1, gateways at different depths); `balancedShape` builds the regular
 * trees a simulation wants.
 */
import { SimulationInputError } from '../sim/errors.ts';
import type { InboundLoqConfig, InboundNodeConfig, InboundNodeId, InboundRole } from './node.ts';

export type InboundSubtree = 'g' | readonly InboundSubtree[];
/** The sequencer's children. */
export type InboundShape = readonly InboundSubtree[];

export const SEQUENCER_ID = 'sequencer';
export const MAX_PARTICIPANTS = 1 << 20;
const MAX_DEPTH = 16;

export function gatewayId(participant: number): InboundNodeId {
  return `gateway-${participant}`;
}

/** One node of a built tree; index 0 is the sequencer, parents come before their children. */
export interface TreeNode {
  readonly id: InboundNodeId;
  readonly role: InboundRole;
  readonly depth: number;
  /** Index of the parent (−1 for the sequencer). */
  readonly parent: number;
  readonly children: number[];
  /** Gateways: the participant; −1 otherwise. */
  readonly participant: number;
}

export interface BuiltTree {
  readonly nodes: readonly TreeNode[];
  readonly participants: number;
  /** Node index of participant p's gateway. */
  readonly gatewayOf: Int32Array;
  /** Layers below the sequencer on the deepest path (1: gateways feed the sequencer directly). */
  readonly depth: number;
}

/** Builds the tree of a shape; refuses an empty proxy, no gateway, or more than 2^20 participants. */
export function buildInboundTree(shape: InboundShape): BuiltTree {
  if (!Array.isArray(shape) || shape.length === 0) throw new SimulationInputError('the inbound shape needs at least one child of the sequencer');
  const nodes: TreeNode[] = [{ id: SEQUENCER_ID, role: 'sequencer', depth: 0, parent: -1, children: [], participant: -1 }];
  const gateways: number[] = [];
  let maxDepth = 0;
  const visit = (sub: InboundSubtree, parent: number, depth: number, path: string): void => {
    if (depth > MAX_DEPTH) throw new SimulationInputError(`the inbound shape is deeper than ${MAX_DEPTH} layers`);
    if (nodes.length > 2 * MAX_PARTICIPANTS) throw new SimulationInputError(`the inbound shape has more than ${2 * MAX_PARTICIPANTS} nodes`);
    const index = nodes.length;
    nodes[parent]!.children.push(index);
    if (sub === 'g') {
      const p = gateways.length;
      if (p >= MAX_PARTICIPANTS) throw new SimulationInputError(`more than ${MAX_PARTICIPANTS} participants`);
      gateways.push(index);
      nodes.push({ id: gatewayId(p), role: 'gateway', depth, parent, children: [], participant: p });
      if (depth > maxDepth) maxDepth = depth;
      return;
    }
    if (!Array.isArray(sub) || sub.length === 0) throw new SimulationInputError(`proxy ${path}: a proxy needs at least one child ('g' or a list)`);
    nodes.push({ id: `proxy-${path}`, role: 'proxy', depth, parent, children: [], participant: -1 });
    sub.forEach((c, i) => visit(c, index, depth + 1, `${path}.${i}`));
  };
  shape.forEach((c, i) => visit(c, 0, 1, String(i)));
  return { nodes, participants: gateways.length, gatewayOf: Int32Array.from(gateways), depth: maxDepth };
}

/**
 * A regular tree: `participants` gateways in consecutive blocks of `fanout` under proxies, layer
 * upon layer, until at most `fanout` nodes remain for the sequencer (fanout ≥ 2).
 */
export function balancedShape(participants: number, fanout: number): InboundShape {
  if (!Number.isInteger(participants) || participants < 1 || participants > MAX_PARTICIPANTS) {
    throw new SimulationInputError(`participants must be in 1..${MAX_PARTICIPANTS}, got ${participants}`);
  }
  if (!Number.isInteger(fanout) || fanout < 2) throw new SimulationInputError(`fanout must be an integer >= 2, got ${fanout}`);
  let layer: InboundSubtree[] = Array.from({ length: participants }, () => 'g' as const);
  while (layer.length > fanout) {
    const next: InboundSubtree[] = [];
    for (let i = 0; i < layer.length; i += fanout) next.push(layer.slice(i, i + fanout));
    layer = next;
  }
  return layer;
}

/** What every node of a tree is configured with (per role). */
export interface TreeSettings {
  readonly heartbeatPeriodNs: number;
  /** Proxies: at most one dummy per this period (0: after every event). */
  readonly proxyHeartbeatPeriodNs: number;
  readonly gatewayCredits: number;
  readonly proxyCredits: number;
  /** Gateways' LOQ, or null. */
  readonly loq: InboundLoqConfig | null;
  /** Proxies run an egress LOQ keeping upstream tags (needs `merge: 'class-aware'`). */
  readonly proxyLoq: boolean;
  readonly merge: 'timestamp' | 'class-aware';
}

/** The config handed to node i. */
export function nodeConfig(tree: BuiltTree, i: number, s: TreeSettings): InboundNodeConfig {
  const n = tree.nodes[i]!;
  const gateway = n.role === 'gateway';
  return {
    id: n.id,
    role: n.role,
    depth: n.depth,
    parent: n.parent < 0 ? null : tree.nodes[n.parent]!.id,
    children: n.children.map((c) => tree.nodes[c]!.id),
    participant: gateway ? n.participant : null,
    participants: tree.participants,
    heartbeatPeriodNs: gateway ? s.heartbeatPeriodNs : n.role === 'proxy' ? s.proxyHeartbeatPeriodNs : 0,
    uplinkCredits: n.role === 'sequencer' ? 0 : gateway ? s.gatewayCredits : s.proxyCredits,
    loq: gateway ? s.loq : n.role === 'proxy' && s.proxyLoq && s.loq ? s.loq : null,
    merge: s.merge,
  };
}
