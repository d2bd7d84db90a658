/**
 * Which children a node serves for one message (Jasper §4.1–4.2).
 *
 * The next layer is cut into blocks of F consecutive nodes; node i of a layer of L nodes owns
 * block i. With round-robin spraying, for message k node i serves block (i + k) mod L instead,
 * a rotation, so every block — every child — still gets exactly one parent per message. With
 * hedging H, node i also serves the blocks its next H siblings would serve (their nieces), so
 * each child gets min(H, L − 1) + 1 copies from distinct parents; H is capped at L − 1 so no
 * block, and no child, is ever served twice by the same node.
 */
export function servedChildren(
  layerIndex: number,
  layerSize: number,
  nextLayerSize: number,
  fanout: number,
  hedge: number,
  spraying: boolean,
  msg: number,
  out: number[],
): number[] {
  const buf = new Int32Array(maxServed(layerSize, nextLayerSize, fanout, hedge));
  const n = servedChildrenInto(layerIndex, layerSize, nextLayerSize, fanout, hedge, spraying, msg, buf);
  out.length = n;
  for (let i = 0; i < n; i++) out[i] = buf[i]!;
  return out;
}

/** The most children one node can serve for one message: the size `servedChildrenInto` needs. */
export function maxServed(layerSize: number, nextLayerSize: number, fanout: number, hedge: number): number {
  return Math.min(nextLayerSize, (Math.min(hedge, layerSize - 1) + 1) * fanout);
}

/**
 * `servedChildren` into a caller's scratch buffer (at least `maxServed` long), returning how many
 * it wrote: the per-message hot path of the proxies and the root allocates nothing.
 */
export function servedChildrenInto(
  layerIndex: number,
  layerSize: number,
  nextLayerSize: number,
  fanout: number,
  hedge: number,
  spraying: boolean,
  msg: number,
  out: Int32Array,
): number {
  const copies = Math.min(hedge, layerSize - 1) + 1;
  const shift = spraying ? msg % layerSize : 0;
  let n = 0;
  for (let j = 0; j < copies; j++) {
    const block = (layerIndex + j + shift) % layerSize;
    const start = block * fanout;
    const end = Math.min(start + fanout, nextLayerSize);
    for (let c = start; c < end; c++) out[n++] = c;
  }
  return n;
}
