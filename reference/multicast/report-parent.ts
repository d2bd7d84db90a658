/**
 * Where a node sends its hold-and-release reports: its parent in the unsprayed tree, node
 * floor(i / F) of the parent layer (with spraying a node has many parents per run, but the
 * all-reduce of App. B uses the fixed tree). Undefined when the node has no parent layer.
 */
import type { NodeConfig, NodeId } from './node.ts';

export function reportParent(c: NodeConfig): NodeId | undefined {
  if (c.parents.length === 0) return undefined;
  const i = Math.floor(c.layerIndex / Math.max(1, c.fanout));
  return c.parents[Math.min(i, c.parents.length - 1)];
}
