import { CloudExSequencer } from '../../reference/sequencer/cloudex.ts';
import { JasperSequencer } from '../../reference/sequencer/jasper.ts';
import type { Arrival } from '../arbitraries/sequencer-schedule.ts';
import { participantName } from './naming.ts';

/** A message as it reached a node's input link. */
export interface Delivered {
  readonly at: number;
  readonly timestamp: number;
  readonly participant: number;
  readonly dummy: boolean;
  /** -1 for dummies. */
  readonly id: number;
}

/** One sequencer of the reference: the flat sequencer, a proxy or the root of a tree. */
export interface TraceNode {
  /** `the sequencer`, `the root`, `proxy P1`. */
  readonly name: string;
  /** Per input link, everything delivered on it, in order. */
  readonly links: Delivered[][];
  /** Per input link, who feeds it: `participant B`, `proxy P2`. */
  readonly linkNames: string[];
  parent?: { readonly node: TraceNode; readonly link: number };
  /** Per order id: when it entered this node, and when it left it (forwarded up or released). */
  readonly entered: Map<number, number>;
  readonly left: Map<number, number>;
  /** Dummies this proxy sent upward, stamped with its low-water mark. */
  readonly marks: { readonly at: number; readonly timestamp: number; readonly participant: number }[];
}

/**
 * The reference run over a schedule, node by node, for explanations: what each node of the
 * reference (flat Jasper, or a tree of Jasper proxies in the reference's layout) received on
 * each link and when, and when each order entered and left each node. Built from the reference
 * sequencer itself (reference/sequencer/jasper.ts); the proxies' upward dummies carry the
 * low-water mark the reference computes, sent on every tick it advanced (as reference/sequencer/tree.ts).
 */
export interface SequencerTrace {
  readonly root: TraceNode;
  /** Proxies bottom layer first, then the root. */
  readonly nodes: readonly TraceNode[];
  /** Per participant, the node and link its gateway feeds. */
  readonly entry: readonly { readonly node: TraceNode; readonly link: number }[];
  /** What the root released, when. */
  readonly released: readonly { readonly id: number; readonly at: number }[];
}

const above = (d: Delivered, ts: number, p: number) => d.timestamp > ts || (d.timestamp === ts && d.participant > p);

export function traceReference(kind: 'jasper' | 'tree', participants: number, fanout: number, arrivals: readonly Arrival[], until: number): SequencerTrace {
  let now = 0;
  const released: { id: number; at: number }[] = [];
  const seqs = new Map<TraceNode, JasperSequencer<number>>();
  const deliver = (node: TraceNode, link: number, d: Omit<Delivered, 'at'>) => {
    node.links[link]!.push({ ...d, at: now });
    const seq = seqs.get(node)!;
    if (d.dummy) seq.heartbeat(link, d.timestamp, d.participant);
    else {
      node.entered.set(d.id, now);
      seq.enqueue(link, d.timestamp, d.participant, d.id);
    }
  };
  const makeNode = (name: string, linkNames: string[]): TraceNode => {
    const node: TraceNode = { name, links: linkNames.map(() => []), linkNames, entered: new Map(), left: new Map(), marks: [] };
    seqs.set(
      node,
      new JasperSequencer<number>({
        links: linkNames.length,
        onRelease: (timestamp, participant, id) => {
          node.left.set(id, now);
          if (node.parent) deliver(node.parent.node, node.parent.link, { timestamp, participant, dummy: false, id });
          else released.push({ id, at: now });
        },
      }),
    );
    return node;
  };
  const entry: { node: TraceNode; link: number }[] = [];
  const proxies: TraceNode[] = [];
  // Bottom-up, as the reference tree: each layer's members in consecutive blocks of `fanout`.
  let layer: { name: string; attach: (node: TraceNode, link: number) => void }[] = [];
  for (let p = 0; p < participants; p++) layer.push({ name: `participant ${participantName(p)}`, attach: (node, link) => (entry[p] = { node, link }) });
  const width = kind === 'tree' ? fanout : Math.max(participants, 1);
  while (layer.length > width) {
    const next: typeof layer = [];
    for (let s = 0; s < layer.length; s += width) {
      const children = layer.slice(s, s + width);
      const node = makeNode(`proxy P${proxies.length + 1}`, children.map((c) => c.name));
      children.forEach((c, i) => c.attach(node, i));
      proxies.push(node);
      next.push({ name: node.name, attach: (parent, link) => (node.parent = { node: parent, link }) });
    }
    layer = next;
  }
  const root = makeNode(kind === 'tree' ? 'the root' : 'the sequencer', layer.map((c) => c.name));
  layer.forEach((c, i) => c.attach(root, i));
  const last = new Map<TraceNode, { ts: number; p: number }>();
  let i = 0;
  for (now = 0; now <= until; now++) {
    for (; i < arrivals.length && arrivals[i]!.at <= now; i++) {
      const a = arrivals[i]!;
      const e = entry[a.participant];
      if (e) deliver(e.node, e.link, { timestamp: a.timestamp, participant: a.participant, dummy: a.dummy, id: a.id });
    }
    for (const proxy of proxies) {
      const mark = seqs.get(proxy)!.lowWaterMark();
      if (!mark) continue;
      const s = last.get(proxy);
      if (s && !(mark.timestamp > s.ts || (mark.timestamp === s.ts && mark.participant > s.p))) continue;
      last.set(proxy, { ts: mark.timestamp, p: mark.participant });
      proxy.marks.push({ at: now, ...mark });
      deliver(proxy.parent!.node, proxy.parent!.link, { ...mark, dummy: true, id: -1 });
    }
  }
  return { root, nodes: [...proxies, root], entry, released };
}

/** The nodes and links an order of `participant` passes, from its gateway's node up to the root. */
export function pathOf(trace: SequencerTrace, participant: number): { node: TraceNode; link: number }[] {
  const out: { node: TraceNode; link: number }[] = [];
  for (let at: { node: TraceNode; link: number } | undefined = trace.entry[participant]; at; at = at.node.parent) out.push(at);
  return out;
}

/** The node holding an order at the end of time `t` in the reference, if any. */
export function holderAt(trace: SequencerTrace, id: number, t: number): TraceNode | undefined {
  return trace.nodes.find((n) => {
    const inAt = n.entered.get(id);
    const outAt = n.left.get(id);
    return inAt !== undefined && inAt <= t && (outAt === undefined || outAt > t);
  });
}

/** The last message delivered on a link by time t. */
export function lastBy(node: TraceNode, link: number, t: number): Delivered | undefined {
  let last: Delivered | undefined;
  for (const d of node.links[link] ?? []) if (d.at <= t) last = d;
  return last;
}

/** The first message on a link with a key above (ts, p), if any. */
export function firstAbove(node: TraceNode, link: number, ts: number, p: number): Delivered | undefined {
  return (node.links[link] ?? []).find((d) => above(d, ts, p));
}

/** Links of `node` (except `own`) that had delivered nothing above (ts, p) by time t: what it waits for. */
export function blockersAt(node: TraceNode, own: number, ts: number, p: number, t: number): number[] {
  const out: number[] = [];
  node.links.forEach((ds, l) => {
    if (l !== own && !ds.some((d) => d.at <= t && above(d, ts, p))) out.push(l);
  });
  return out;
}

/** The CloudEx reference's release time of every order (id → time), driven like drive.ts. */
export function cloudexReleases(participants: number, timeout: number, arrivals: readonly Arrival[], until: number): Map<number, number> {
  const out = new Map<number, number>();
  let now = 0;
  const c = new CloudExSequencer<number>(participants, timeout, (_ts, _p, id) => out.set(id, now));
  let i = 0;
  for (now = 0; now <= until; now++) {
    for (; i < arrivals.length && arrivals[i]!.at <= now; i++) {
      const a = arrivals[i]!;
      if (a.dummy) c.advance(now);
      else c.enqueue(now, a.participant, a.timestamp, a.id);
    }
    c.advance(now);
  }
  return out;
}
