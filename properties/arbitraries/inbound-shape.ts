import fc from 'fast-check';
import type { InboundShape, InboundSubtree } from '../../reference/inbound/tree.ts';

export interface InboundShapeOptions {
  /** Layers below the sequencer on the deepest path, 1..3 (1: gateways feed the sequencer). */
  readonly maxDepth?: number;
  /** Children per proxy and of the sequencer, 1..4. */
  readonly maxFanout?: number;
  /** At least one proxy (a subject that only implements proxies must have one to run). */
  readonly needsProxy?: boolean;
  /** At least this many gateways (a race between two participants needs two). */
  readonly minGateways?: number;
}

/** Gateways in a shape. */
export function countGateways(s: InboundShape | InboundSubtree): number {
  if (s === 'g') return 1;
  let n = 0;
  for (const c of s) n += countGateways(c);
  return n;
}

export function hasProxy(s: InboundShape): boolean {
  return s.some((c) => c !== 'g');
}

/**
 * Inbound tree shapes: depth 1..maxDepth, fan-out 1..maxFanout at every node, gateways anywhere
 * (unbalanced trees, a proxy with one child, gateways at different depths). Shrinks towards
 * gateways straight under the sequencer. What it cannot generate: more than 3 layers, more
 * than 4 children per node (so at most 64 gateways), an empty proxy.
 */
export function inboundShapeArb(o: InboundShapeOptions = {}): fc.Arbitrary<InboundShape> {
  const maxDepth = o.maxDepth ?? 3;
  const maxFanout = o.maxFanout ?? 4;
  const sub = (layers: number): fc.Arbitrary<InboundSubtree> =>
    layers <= 1 ? fc.constant('g' as const) : fc.oneof({ weight: 2, arbitrary: fc.constant('g' as const) }, { weight: 1, arbitrary: fc.array(sub(layers - 1), { minLength: 1, maxLength: maxFanout }) });
  return fc.array(sub(maxDepth), { minLength: 1, maxLength: maxFanout }).map((shape): InboundShape => {
    let s: InboundShape = shape;
    // Mapped, not filtered: the shrinker keeps working on the inner shape.
    if (o.needsProxy && !hasProxy(s)) s = [s];
    const min = o.minGateways ?? 1;
    while (countGateways(s) < min) s = [...s, 'g'];
    return s;
  });
}
