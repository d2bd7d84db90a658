import { ClassAwareMerge } from '../loq/class-merge.ts';
import { LimitOrderQueue } from '../loq/loq.ts';
import { JasperSequencer } from '../sequencer/jasper.ts';
import { HeldMarks } from './held-marks.ts';
import { markLess, minMark, type Mark } from './key.ts';
import type { InboundAction, InboundEvent, InboundNode, InboundNodeConfig, OrderMessage } from './node.ts';
import type { StampedOrder } from './stamped-order.ts';

export const DUMMY_TIMER = 'dummy';

/**
 * The reference proxy and sequencer: a merge of the children's links, then — at a proxy — an
 * egress backlog drained one order per uplink credit, or — at the sequencer — a release to the
 * matching engine.
 *
 * merge 'timestamp': the Jasper sequencer (reference/sequencer/jasper.ts) keyed by (timestamp,
 * participant); tags, if any, travel on unchanged. merge 'class-aware': ClassAwareMerge
 * (reference/loq/class-merge.ts) per (link, class), keyed by (epoch, timestamp, participant).
 * A proxy with `loq` holds its backlog in an LOQ that keeps the upstream tags (pushTagged);
 * without, in merge order.
 *
 * After every event (or, with heartbeatPeriodNs > 0, at most once per period) a proxy sends, per
 * class, a dummy carrying its LOW-WATER MARK when it advanced: the smaller of its merge's low-water mark (the smallest key it may still release)
 * and the oldest order of that class in its backlog. Stamping its clock instead would let a
 * younger order from a sibling overtake an older one still held here.
 */
export class MergeNode implements InboundNode {
  private readonly link = new Map<string, number>();
  private readonly jasper: JasperSequencer<OrderMessage> | null;
  private readonly classMerge: ClassAwareMerge<OrderMessage> | null;
  private readonly root: boolean;
  private credits: number;
  /** Released by the merge during the current event. */
  private readonly released: OrderMessage[] = [];
  // Proxy backlog: FIFO in merge order, or a tag-keeping LOQ.
  private fifo: OrderMessage[] = [];
  private fifoHead = 0;
  private readonly loq: LimitOrderQueue<StampedOrder & { readonly msg: OrderMessage }> | null;
  private readonly held: [HeldMarks, HeldMarks] = [new HeldMarks(), new HeldMarks()];
  private readonly last: [Mark | undefined, Mark | undefined] = [undefined, undefined];
  /** Dummies at most once per period (0: after every event), by a timer armed on the first event after one. */
  private readonly period: number;
  private armed = false;

  constructor(readonly config: InboundNodeConfig) {
    if (config.role === 'gateway') throw new Error('MergeNode for a gateway');
    this.root = config.role === 'sequencer';
    config.children.forEach((c, i) => this.link.set(c, i));
    const links = config.children.length;
    const take = (msg: OrderMessage) => this.released.push(msg);
    if (config.merge === 'class-aware') {
      this.classMerge = new ClassAwareMerge<OrderMessage>(links, take);
      this.jasper = null;
    } else {
      this.jasper = new JasperSequencer<OrderMessage>({ links, onRelease: (_ts, _p, msg) => take(msg) });
      this.classMerge = null;
    }
    this.credits = config.uplinkCredits;
    this.period = this.root ? 0 : config.heartbeatPeriodNs;
    this.loq = !this.root && config.loq && config.merge === 'class-aware' ? new LimitOrderQueue({ mid: config.loq.mid, window: config.loq.window }) : null;
  }

  onEvent(e: InboundEvent): readonly InboundAction[] {
    const out: InboundAction[] = [];
    if (e.type === 'message') {
      const l = this.link.get(e.from);
      if (l === undefined) throw new Error(`${this.config.id}: a message from ${e.from}, not a child`);
      const m = e.message;
      if (m.kind === 'order') {
        if (this.classMerge) this.classMerge.enqueue(l, m.epoch!, m.critical!, m.timestamp, m.order.participant, m);
        else this.jasper!.enqueue(l, m.timestamp, m.order.participant, m);
      } else if (this.classMerge) {
        this.classMerge.heartbeat(l, m.epoch!, m.critical!, m.timestamp, m.participant);
      } else {
        this.jasper!.heartbeat(l, m.timestamp, m.participant);
      }
    } else if (e.type === 'credit') {
      this.credits++;
    } else if (e.type === 'timer') {
      if (e.timer !== DUMMY_TIMER) return out;
      this.armed = false;
      this.dummies(out);
      return out;
    } else if (e.type !== 'start') {
      return out;
    }
    if (this.root) {
      for (const m of this.released) out.push({ type: 'release', id: m.order.id });
      this.released.length = 0;
      return out;
    }
    this.hold();
    this.drain(out);
    if (this.period === 0) this.dummies(out);
    else if (!this.armed) {
      this.armed = true;
      out.push({ type: 'timer', at: e.time + this.period, timer: DUMMY_TIMER });
    }
    return out;
  }

  /** The merge's releases enter the backlog. */
  private hold(): void {
    for (const m of this.released) {
      const c = this.classMerge && !m.critical ? 1 : 0;
      this.held[c].push(this.classMerge ? m.epoch! : 0, m.timestamp, m.order.participant);
      if (this.loq) {
        const o = m.order;
        this.loq.pushTagged({ id: o.id, participant: o.participant, side: o.side, price: o.price, quantity: o.quantity, timestamp: m.timestamp, order: o, msg: m }, m.epoch!, m.critical!);
      }
      else this.fifo.push(m);
    }
    this.released.length = 0;
  }

  private drain(out: InboundAction[]): void {
    const to = this.config.parent!;
    while (this.credits > 0) {
      let m: OrderMessage;
      if (this.loq) {
        const s = this.loq.pop();
        if (!s) return;
        m = s.msg;
      } else {
        if (this.fifoHead === this.fifo.length) return;
        m = this.fifo[this.fifoHead]!;
        this.fifo[this.fifoHead++] = undefined as unknown as OrderMessage;
        if (this.fifoHead === this.fifo.length) {
          this.fifo.length = 0;
          this.fifoHead = 0;
        } else if (this.fifoHead >= 1024 && this.fifoHead * 2 >= this.fifo.length) {
          this.fifo.splice(0, this.fifoHead);
          this.fifoHead = 0;
        }
      }
      const c = this.classMerge && !m.critical ? 1 : 0;
      this.held[c].shift();
      this.last[c] = { epoch: this.classMerge ? m.epoch! : 0, timestamp: m.timestamp, participant: m.order.participant };
      this.credits--;
      out.push({ type: 'send', to, message: m });
    }
  }

  private dummies(out: InboundAction[]): void {
    const to = this.config.parent!;
    if (this.classMerge) {
      for (const c of [0, 1] as const) {
        const w = this.classMerge.lowWaterMark(c === 0);
        if (w === undefined) continue;
        const m = minMark(this.held[c].min(), w)!;
        const l = this.last[c];
        // Both classes, whenever the mark advanced: the merge above releases each class within an epoch.
        if (l !== undefined && !markLess(l, m)) continue;
        this.last[c] = m;
        out.push({ type: 'send', to, message: { kind: 'heartbeat', timestamp: m.timestamp, participant: m.participant, epoch: m.epoch, critical: c === 0 } });
      }
      return;
    }
    const w = this.jasper!.lowWaterMark();
    if (w === undefined) return;
    const m = minMark(this.held[0].min(), { epoch: 0, timestamp: w.timestamp, participant: w.participant })!;
    const l = this.last[0];
    if (l !== undefined && !markLess(l, m)) return;
    this.last[0] = m;
    out.push({ type: 'send', to, message: { kind: 'heartbeat', timestamp: m.timestamp, participant: m.participant } });
  }
}
