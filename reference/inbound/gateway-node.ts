import { isCritical } from '../loq/criticality.ts';
import { LimitOrderQueue } from '../loq/loq.ts';
import { HeldMarks } from './held-marks.ts';
import { markLess, minMark, type Mark } from './key.ts';
import type { InboundAction, InboundEvent, InboundNode, InboundNodeConfig, OrderMessage } from './node.ts';
import { stamped, type StampedOrder } from './stamped-order.ts';

export const HEARTBEAT_TIMER = 'heartbeat';

/**
 * The reference gateway. It stamps each order with its clock at submit, holds what its uplink
 * cannot take yet (one order per credit), and every heartbeat period sends a dummy whose key is
 * its LOW-WATER MARK: the smallest key it may still send — the oldest order it holds, else its
 * clock now (read now, after looking at the queue, never before). Without LOQ it sends in submit
 * order; with LOQ it pops its LimitOrderQueue (reference/loq) per credit and tags every order and
 * dummy with the (epoch, class) the queue gave it, one dummy per class (spec/exchange/loq.md).
 *
 * Each class's dummy goes out only when that class's mark advanced, at most once per period. A
 * class-aware merge releases a non-critical order as soon as every link's non-critical mark has
 * passed it (and no link's critical class is in an older epoch), so non-critical dummies must
 * flow within an epoch too: sending them only when the epoch moved on held every non-critical
 * order until the next mid change (spec/exchange/loq.md, "The correct composition").
 */
export class GatewayNode implements InboundNode {
  private credits: number;
  private readonly participant: number;
  private readonly period: number;
  // Without LOQ: the backlog in submit order.
  private fifo: StampedOrder[] = [];
  private fifoHead = 0;
  // With LOQ.
  private readonly loq: LimitOrderQueue<StampedOrder> | null;
  /** Per class (0 critical, 1 not): keys of the held orders. */
  private readonly held: [HeldMarks, HeldMarks] = [new HeldMarks(), new HeldMarks()];
  /** Per class (without LOQ: index 0), the last key sent (order or dummy). */
  private readonly last: [Mark | undefined, Mark | undefined] = [undefined, undefined];

  constructor(readonly config: InboundNodeConfig) {
    if (config.role !== 'gateway' || config.participant === null) throw new Error(`GatewayNode for a ${config.role}`);
    this.credits = config.uplinkCredits;
    this.participant = config.participant;
    this.period = config.heartbeatPeriodNs;
    this.loq = config.loq ? new LimitOrderQueue<StampedOrder>({ mid: config.loq.mid, window: config.loq.window }) : null;
  }

  onEvent(e: InboundEvent): readonly InboundAction[] {
    const out: InboundAction[] = [];
    switch (e.type) {
      case 'start':
        this.heartbeat(e.time, out);
        out.push({ type: 'timer', at: e.time + this.period, timer: HEARTBEAT_TIMER });
        return out;
      case 'submit': {
        const s = stamped(e.order, e.time);
        if (this.loq) {
          this.loq.push(s);
          // The class the queue just gave it: the same rule the queue applies (reference/loq).
          const critical = isCritical(s.side, s.price, this.loq.mid, this.loq.window);
          this.held[critical ? 0 : 1].push(this.loq.epoch, s.timestamp, s.participant);
        } else {
          this.fifo.push(s);
        }
        this.drain(out);
        return out;
      }
      case 'mid':
        this.loq?.setMid(e.mid);
        return out;
      case 'credit':
        this.credits++;
        this.drain(out);
        return out;
      case 'timer':
        if (e.timer !== HEARTBEAT_TIMER) return out;
        this.heartbeat(e.time, out);
        out.push({ type: 'timer', at: e.time + this.period, timer: HEARTBEAT_TIMER });
        return out;
      default:
        return out;
    }
  }

  /** Orders held: the backlog. */
  get backlog(): number {
    return this.loq ? this.loq.size : this.fifo.length - this.fifoHead;
  }

  private drain(out: InboundAction[]): void {
    const to = this.config.parent!;
    while (this.credits > 0) {
      let msg: OrderMessage;
      if (this.loq) {
        const s = this.loq.pop();
        if (!s) return;
        const critical = this.loq.poppedCritical;
        const epoch = this.loq.poppedEpoch;
        this.held[critical ? 0 : 1].shift();
        msg = { kind: 'order', order: s.order, timestamp: s.timestamp, epoch, critical };
        this.last[critical ? 0 : 1] = { epoch, timestamp: s.timestamp, participant: s.participant };
      } else {
        if (this.fifoHead === this.fifo.length) return;
        const s = this.fifo[this.fifoHead]!;
        this.fifo[this.fifoHead++] = undefined as unknown as StampedOrder;
        if (this.fifoHead === this.fifo.length) {
          this.fifo.length = 0;
          this.fifoHead = 0;
        } else if (this.fifoHead >= 1024 && this.fifoHead * 2 >= this.fifo.length) {
          this.fifo.splice(0, this.fifoHead);
          this.fifoHead = 0;
        }
        msg = { kind: 'order', order: s.order, timestamp: s.timestamp };
        this.last[0] = { epoch: 0, timestamp: s.timestamp, participant: s.participant };
      }
      this.credits--;
      out.push({ type: 'send', to, message: msg });
    }
  }

  /** One dummy (per class under LOQ) carrying the low-water mark, when it advanced. */
  private heartbeat(now: number, out: InboundAction[]): void {
    const to = this.config.parent!;
    const p = this.participant;
    if (this.loq) {
      const floor: Mark = { epoch: this.loq.epoch, timestamp: now, participant: p };
      for (const c of [0, 1] as const) {
        const m = minMark(this.held[c].min(), floor)!;
        const l = this.last[c];
        if (l !== undefined && !markLess(l, m)) continue;
        this.last[c] = m;
        out.push({ type: 'send', to, message: { kind: 'heartbeat', timestamp: m.timestamp, participant: m.participant, epoch: m.epoch, critical: c === 0 } });
      }
      return;
    }
    const oldest = this.fifoHead < this.fifo.length ? this.fifo[this.fifoHead]!.timestamp : now;
    const m: Mark = { epoch: 0, timestamp: Math.min(oldest, now), participant: p };
    const l = this.last[0];
    if (l !== undefined && !markLess(l, m)) return;
    this.last[0] = m;
    out.push({ type: 'send', to, message: { kind: 'heartbeat', timestamp: m.timestamp, participant: p } });
  }
}
