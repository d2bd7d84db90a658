import type { LoqAdapter, LoqInstance, LoqOrder } from '../../adapters/loq.ts';
import type { MatchingAdapter } from '../../adapters/matching.ts';
import type { SequencerAdapter, SequencerInstance } from '../../adapters/sequencer.ts';
import { ClassAwareMerge } from '../../adapters/reference/loq.ts';
import { Mismatch } from '../mismatch.ts';
import { SYMBOL, newOrderCommand, tradesOf, type BuiltFlow, type Trade } from './build-flow.ts';
import { newPipelineTrace, rethrowWithPipeline, type PipelineTrace } from './pipeline-trace.ts';

/**
 * How LOQ outputs are merged:
 * - 'class-aware': per (link, class) FIFOs, each class merged by (epoch, timestamp, participant)
 *   and the classes tied by epoch, with per-class low-water-mark dummies — the composition that
 *   preserves Appendix I (reference/loq/class-merge.ts);
 * - 'timestamp': a Jasper sequencer keyed by (timestamp, participant) alone — the naive one
 *   (direct topology only; links are closed at the end, no intermediate dummies).
 */
export type MergeKind = 'class-aware' | 'timestamp';

/** 'direct': gateways → exchange. 'proxies': gateways → proxies (2 children each, LOQ + merge) → exchange. */
export type Topology = 'direct' | 'proxies';

export interface PipelineResult {
  /** Order ids in the order the matching engine processed them. */
  readonly processed: readonly number[];
  readonly trades: readonly Trade[];
  /** What happened on the way, for explanations (pipeline-trace.ts). */
  readonly trace: PipelineTrace;
}

interface Mark {
  readonly e: number;
  readonly t: number;
  readonly p: number;
}
const markLess = (a: Mark, b: Mark) => a.e < b.e || (a.e === b.e && (a.t < b.t || (a.t === b.t && a.p < b.p)));
const minMark = (a: Mark | undefined, b: Mark | undefined) => (!a ? b : !b ? a : markLess(b, a) ? b : a);

type Msg =
  | { readonly kind: 'order'; readonly order: LoqOrder; readonly epoch: number; readonly critical: boolean }
  | { readonly kind: 'dummy'; readonly critical: boolean; readonly mark: Mark }
  | { readonly kind: 'close' };

/** A link with a delay pool and per-link FIFO (a message never overtakes an earlier one). */
class Link {
  private readonly queue: { at: number; msg: Msg }[] = [];
  private sent = 0;
  private last = 0;
  constructor(
    private readonly delays: readonly number[],
    private readonly salt: number,
  ) {}
  send(now: number, msg: Msg): void {
    const d = this.delays[(this.salt * 5 + this.sent++) % this.delays.length] ?? 0;
    this.last = Math.max(this.last, now + d);
    this.queue.push({ at: this.last, msg });
  }
  /** Messages that have arrived by `now`, in order. */
  *arrived(now: number): Generator<Msg> {
    while (this.queue.length > 0 && this.queue[0]!.at <= now) yield this.queue.shift()!.msg;
  }
}

/** What the harness pushed into a node's LOQ: the order itself and the tags it must come out with. */
type Queued = Mark & { readonly critical: boolean; readonly order: LoqOrder };

/** A queue node (gateway or proxy): an LOQ, its queued orders (the harness's record), its uplink and last dummies. */
interface QueueNode {
  readonly name: string;
  readonly loq: LoqInstance;
  readonly up: Link;
  readonly queued: Map<number, Queued>;
  readonly sentMark: [Mark | undefined, Mark | undefined];
  closed: boolean;
}

/**
 * Pops up to `cap` orders and forwards them. What goes on is the harness's own copy of the order,
 * after checking the LOQ gave back an order it holds, unchanged, with the tags it was pushed
 * with: the verdict never rests on the subject's account of an order (issue 10 point 7).
 * `flush`: pop until empty; an order still held then was lost by the LOQ.
 */
async function popAndSend(node: QueueNode, now: number, cap: number, trace: PipelineTrace, flush = false): Promise<void> {
  for (; cap > 0; cap--) {
    const popped = await node.loq.pop();
    if (!popped) break;
    const id = popped.order?.id;
    const mine = node.queued.get(id);
    trace.lastPop = { node: node.name, at: now, popped, ...(mine ? { queued: { order: mine.order, epoch: mine.e, critical: mine.critical } } : {}) };
    const at = `${node.name} at t=${now}`;
    if (!mine) throw new Mismatch(`${at}: the LOQ popped order ${String(id)}, which it does not hold`, null, popped, { kind: 'unknown-order', path: 'popped.order.id' });
    const o = popped.order;
    if (o.side !== mine.order.side || o.price !== mine.order.price || o.quantity !== mine.order.quantity || o.timestamp !== mine.order.timestamp || o.participant !== mine.order.participant) {
      throw new Mismatch(`${at}: order ${id} comes out of the LOQ with fields other than those pushed`, mine.order, o, { kind: 'altered', path: 'popped.order' });
    }
    if (popped.epoch !== mine.e) throw new Mismatch(`${at}: order ${id} tagged epoch ${String(popped.epoch)}, pushed in epoch ${mine.e}`, mine.e, popped.epoch, { kind: 'wrong-epoch', path: 'popped.epoch' });
    if (popped.critical !== mine.critical) throw new Mismatch(`${at}: order ${id} tagged ${popped.critical ? 'critical' : 'non-critical'}`, mine.critical, popped.critical, { kind: 'misclassified', path: 'popped.critical' });
    node.queued.delete(id);
    const stay = trace.passages.get(id)?.find((s) => s.node === node.name && s.poppedAt === undefined);
    if (stay) stay.poppedAt = now;
    let pops = trace.pops.get(node.name);
    if (!pops) trace.pops.set(node.name, (pops = []));
    pops.push({ id, at: now });
    node.up.send(now, { kind: 'order', order: mine.order, epoch: mine.e, critical: mine.critical });
  }
  if (flush && node.queued.size > 0) {
    throw new Mismatch(`${node.name} at t=${now}: the LOQ is empty but holds ${node.queued.size} order(s) pushed into it: ${[...node.queued.keys()].slice(0, 5).join(', ')}`, node.queued.size, 0, { kind: 'order-lost', path: 'popped' });
  }
}

/** Per class, a dummy with `floor` and the queued orders' minimum, when it advanced. */
function sendMarks(node: QueueNode, now: number, floor: (critical: boolean) => Mark | undefined): void {
  for (const critical of [true, false]) {
    let m = floor(critical);
    if (!m) continue;
    for (const q of node.queued.values()) if (q.critical === critical) m = minMark(m, q);
    const i = critical ? 0 : 1;
    const s = node.sentMark[i];
    if (m && (!s || markLess(s, m))) {
      node.sentMark[i] = m;
      node.up.send(now, { kind: 'dummy', critical, mark: m! });
    }
  }
}

/**
 * Gateways (one subject LOQ each) → links → [proxies: class-aware merge + subject LOQ keeping
 * the upstream tags] → links → exchange merge → matching engine, in discrete time. Each time
 * unit: the exchange and the proxies take what has arrived; a gateway applies a mid change due
 * now (epoch start + its skew), pushes the orders generated now, pops up to its capacity; then
 * every queue node sends per-class dummies carrying its low-water mark (nothing it will still
 * send in that class is smaller). At the end gateways flush and close their links.
 */
export async function runPipeline(
  flow: BuiltFlow,
  loq: LoqAdapter,
  merge: MergeKind,
  engine: MatchingAdapter,
  sequencer: SequencerAdapter,
  topology: Topology = 'direct',
): Promise<PipelineResult> {
  const trace = newPipelineTrace();
  try {
    return await runTraced(flow, loq, merge, engine, sequencer, topology, trace);
  } catch (err) {
    return rethrowWithPipeline(err, { flow, trace, merge, topology });
  }
}

async function runTraced(
  flow: BuiltFlow,
  loq: LoqAdapter,
  merge: MergeKind,
  engine: MatchingAdapter,
  sequencer: SequencerAdapter,
  topology: Topology,
  trace: PipelineTrace,
): Promise<PipelineResult> {
  const stay = (node: string, at: number, id: number, epoch: number, critical: boolean, mid?: number) => {
    let list = trace.passages.get(id);
    if (!list) trace.passages.set(id, (list = []));
    list.push({ node, pushedAt: at, epoch, critical, ...(mid === undefined ? {} : { mid }) });
  };
  const { spec } = flow;
  const G = spec.gateways;
  const A = spec.window;
  if (merge === 'timestamp' && topology !== 'direct') throw new Error('the timestamp merge is modelled on the direct topology only');
  const capOf = (pattern: readonly number[] | undefined, now: number) => (pattern && pattern.length > 0 ? pattern[now % pattern.length]! : 1);

  const gateways: (QueueNode & { mid: number; epoch: number })[] = [];
  for (let g = 0; g < G; g++) {
    gateways.push({ name: `gateway ${g}`, loq: await loq.create({ kind: 'loq', mid: flow.mids[0]!, window: A }), up: new Link(spec.delays, g), queued: new Map(), sentMark: [undefined, undefined], closed: false, mid: flow.mids[0]!, epoch: 0 });
  }
  // Proxies: gateways 2x and 2x+1 feed proxy x.
  const proxies: (QueueNode & { merge: ClassAwareMerge<LoqOrder>; children: Link[]; released: { order: LoqOrder; epoch: number; critical: boolean }[]; open: number })[] = [];
  if (topology === 'proxies') {
    for (let x = 0; 2 * x < G; x++) {
      const children = gateways.slice(2 * x, 2 * x + 2).map((gw) => gw.up);
      const released: { order: LoqOrder; epoch: number; critical: boolean }[] = [];
      const proxyLoq = await loq.create({ kind: 'loq', mid: flow.mids[0]!, window: A });
      if (!proxyLoq.pushTagged) throw new Mismatch('the subject declares capability proxy but its queue has no pushTagged', 'pushTagged', null, { kind: 'missing-op', path: 'pushTagged' });
      proxies.push({
        name: `proxy ${x}`,
        loq: proxyLoq,
        up: new Link(spec.delays, G + x),
        queued: new Map(),
        sentMark: [undefined, undefined],
        closed: false,
        merge: new ClassAwareMerge<LoqOrder>(children.length, (order, epoch, critical) => released.push({ order, epoch, critical })),
        children,
        released,
        open: children.length,
      });
    }
  }
  const exchangeLinks = topology === 'proxies' ? proxies.map((p) => p.up) : gateways.map((g) => g.up);

  // The exchange.
  const processed: LoqOrder[] = [];
  const byId = new Map(flow.orders.map((o) => [o.id, o]));
  let classMerge: ClassAwareMerge<LoqOrder> | undefined;
  let seqr: SequencerInstance | undefined;
  if (merge === 'class-aware') classMerge = new ClassAwareMerge<LoqOrder>(exchangeLinks.length, (o) => processed.push(o));
  else seqr = await sequencer.create({ kind: 'jasper', participants: G });
  let open = exchangeLinks.length;

  const byTime = new Map<number, LoqOrder[]>();
  for (const o of flow.orders) byTime.set(o.timestamp, [...(byTime.get(o.timestamp) ?? []), o]);
  const horizon = flow.end + 10_000; // every link is closed long before: delays are small
  let seen = 0;
  for (let now = 0; open > 0; now++) {
    if (now > horizon) throw new Error('pipeline did not drain (a link was never closed)');
    // Exchange.
    for (let l = 0; l < exchangeLinks.length; l++) {
      for (const msg of exchangeLinks[l]!.arrived(now)) {
        if (msg.kind === 'close') open--;
        if (msg.kind === 'order') trace.atExchange.set(msg.order.id, now);
        if (classMerge) {
          if (msg.kind === 'order') classMerge.enqueue(l, msg.epoch, msg.critical, msg.order.timestamp, msg.order.participant, msg.order);
          else if (msg.kind === 'dummy') classMerge.heartbeat(l, msg.mark.e, msg.critical, msg.mark.t, msg.mark.p);
          else classMerge.close(l);
        } else if (seqr) {
          if (msg.kind === 'order') await seqr.enqueue(now, l, msg.order.timestamp, msg.order.id);
          else if (msg.kind === 'close') await seqr.heartbeat(now, l, Number.MAX_SAFE_INTEGER);
          for (const r of await seqr.drain()) processed.push(byId.get(r.id)!);
        }
      }
    }
    for (; seen < processed.length; seen++) trace.processedAt.set(processed[seen]!.id, now);
    // Proxies.
    for (let x = 0; x < proxies.length; x++) {
      const px = proxies[x]!;
      if (px.closed) continue;
      px.children.forEach((link, c) => {
        for (const msg of link.arrived(now)) {
          if (msg.kind === 'order') px.merge.enqueue(c, msg.epoch, msg.critical, msg.order.timestamp, msg.order.participant, msg.order);
          else if (msg.kind === 'dummy') px.merge.heartbeat(c, msg.mark.e, msg.critical, msg.mark.t, msg.mark.p);
          else {
            px.merge.close(c);
            px.open--;
          }
        }
      });
      for (const r of px.released.splice(0)) {
        await px.loq.pushTagged!(r.order, r.epoch, r.critical);
        stay(px.name, now, r.order.id, r.epoch, r.critical);
        px.queued.set(r.order.id, { e: r.epoch, t: r.order.timestamp, p: r.order.participant, critical: r.critical, order: r.order });
      }
      const drained = px.open === 0;
      await popAndSend(px, now, drained ? Infinity : capOf(spec.capacity[(x + 1) % G], now), trace, drained);
      if (drained) {
        px.up.send(now, { kind: 'close' });
        px.closed = true;
      } else {
        sendMarks(px, now, (critical) => {
          const m = px.merge.lowWaterMark(critical);
          return m && { e: m.epoch, t: m.timestamp, p: m.participant };
        });
      }
    }
    // Gateways.
    for (let g = 0; g < G; g++) {
      const gw = gateways[g]!;
      if (gw.closed) continue;
      for (let e = 1; e < flow.starts.length; e++) {
        if (flow.starts[e]! + (spec.skew[g] ?? 0) !== now) continue;
        if (flow.mids[e] !== gw.mid) gw.epoch++;
        gw.mid = flow.mids[e]!;
        trace.midChanges.push({ node: gw.name, at: now, mid: gw.mid, epoch: gw.epoch });
        await gw.loq.setMid(gw.mid);
      }
      for (const o of byTime.get(now) ?? []) {
        if (o.participant !== g) continue;
        const critical = o.side === 'bid' ? o.price >= gw.mid - A : o.price <= gw.mid + A;
        gw.queued.set(o.id, { e: gw.epoch, t: o.timestamp, p: g, critical, order: o });
        stay(gw.name, now, o.id, gw.epoch, critical, gw.mid);
        await gw.loq.push(o);
      }
      const last = now >= flow.end;
      await popAndSend(gw, now, last ? Infinity : capOf(spec.capacity[g], now), trace, last);
      if (last) {
        gw.up.send(now, { kind: 'close' });
        gw.closed = true;
      } else if (merge === 'class-aware') {
        sendMarks(gw, now, () => ({ e: gw.epoch, t: now, p: g }));
      }
    }
  }
  await engine.reset({ symbols: [{ symbol: SYMBOL, tickSize: 1 }] });
  const trades: Trade[] = [];
  for (const o of processed) trades.push(...tradesOf(await engine.apply(newOrderCommand(o))));
  trace.processed.push(...processed.map((o) => o.id));
  return { processed: processed.map((o) => o.id), trades, trace };
}
