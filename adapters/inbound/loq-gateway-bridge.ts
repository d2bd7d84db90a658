import { AdapterFault } from '../fault.ts';
import type { LoqAdapter, LoqInstance, PoppedOrder } from '../loq.ts';
import type { InboundAction, InboundEvent, InboundNode, InboundNodeConfig, InboundOrder, OrderMessage } from '../inbound.ts';
import { isCritical } from '../../reference/loq/criticality.ts';
import { markLess, minMark, type Mark } from '../../reference/inbound/key.ts';

/**
 * A gateway whose queue is an instance of an LoqAdapter (`conform --component loq`'s contract):
 * the node stamps each order with its clock at submit, pushes it into the adapter's queue, pops
 * one per uplink credit and sends it tagged with the (epoch, class) the queue answered; with the
 * tree's LOQ off, the queue is the adapter's SimplePQ and orders go untagged. Everything else —
 * credits, heartbeats — is the reference gateway's logic, so what the path shows is the queue's.
 *
 * Heartbeats carry the low-water mark per class of the orders still held, classified by the rule
 * the queue must follow (spec/exchange/loq.md) with the epochs the mid events make: a correct
 * queue's output never goes below them; a wrong one's may, and the whole path shows what it costs.
 * An answer the harness cannot use (a pop of an order never pushed, a bad tag) is an AdapterFault
 * naming the LOQ and the gateway.
 */
export function loqGatewayNode(adapter: LoqAdapter, config: InboundNodeConfig): InboundNode {
  return new LoqGatewayNode(adapter, config);
}

interface Held extends Mark {
  readonly id: number;
}

const HEARTBEAT_TIMER = 'heartbeat';

class LoqGatewayNode implements InboundNode {
  private readonly queue: Promise<LoqInstance>;
  private readonly loq: InboundNodeConfig['loq'];
  private credits: number;
  private mid: number;
  private epoch = 0;
  /** Orders held, by id: the order and its stamp. */
  private readonly orders = new Map<number, { order: InboundOrder; timestamp: number }>();
  /** Per class (0 critical, 1 not; without LOQ: 0), the keys held, in push order (= key order). */
  private readonly held: [Held[], Held[]] = [[], []];
  private readonly last: [Mark | undefined, Mark | undefined] = [undefined, undefined];
  private readonly p: number;

  constructor(
    private readonly adapter: LoqAdapter,
    readonly config: InboundNodeConfig,
  ) {
    if (config.role !== 'gateway' || config.participant === null) throw new Error(`loqGatewayNode for a ${config.role}`);
    this.p = config.participant;
    this.credits = config.uplinkCredits;
    this.loq = config.loq;
    this.mid = config.loq?.mid ?? 0;
    const made = Promise.resolve().then(() => adapter.create(config.loq ? { kind: 'loq', mid: config.loq.mid, window: config.loq.window } : { kind: 'simple-pq' }));
    made.catch(() => {}); // reported by the first event that needs it
    this.queue = made;
  }

  async onEvent(e: InboundEvent): Promise<readonly InboundAction[]> {
    try {
      return await this.handle(e);
    } catch (err) {
      const where = `LOQ ${this.adapter.name} (--loq-adapter) at ${this.config.id}, ${e.type} event`;
      if (err instanceof AdapterFault) throw new AdapterFault(`${where}: ${err.message}`, err.sent, err.stderrTail, err.kind);
      throw new AdapterFault(`${where}: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private async handle(e: InboundEvent): Promise<readonly InboundAction[]> {
    const out: InboundAction[] = [];
    const q = await this.queue;
    switch (e.type) {
      case 'start':
        this.heartbeat(e.time, out);
        out.push({ type: 'timer', at: e.time + this.config.heartbeatPeriodNs, timer: HEARTBEAT_TIMER });
        return out;
      case 'submit': {
        const o = e.order;
        await q.push({ id: o.id, participant: o.participant, side: o.side, price: o.price, quantity: o.quantity, timestamp: e.time });
        this.orders.set(o.id, { order: o, timestamp: e.time });
        const c = this.loq && !isCritical(o.side, o.price, this.mid, this.loq.window) ? 1 : 0;
        this.held[c].push({ id: o.id, epoch: this.epoch, timestamp: e.time, participant: o.participant });
        await this.drain(q, out);
        return out;
      }
      case 'mid':
        if (!this.loq) return out;
        await q.setMid(e.mid);
        if (e.mid !== this.mid) {
          this.mid = e.mid;
          this.epoch++;
        }
        return out;
      case 'credit':
        this.credits++;
        await this.drain(q, out);
        return out;
      case 'timer':
        if (e.timer !== HEARTBEAT_TIMER) return out;
        this.heartbeat(e.time, out);
        out.push({ type: 'timer', at: e.time + this.config.heartbeatPeriodNs, timer: HEARTBEAT_TIMER });
        return out;
      default:
        return out;
    }
  }

  private async drain(q: LoqInstance, out: InboundAction[]): Promise<void> {
    while (this.credits > 0 && this.orders.size > 0) {
      const popped: PoppedOrder | null = await q.pop();
      if (popped === null) throw new AdapterFault(`the queue answered empty while holding ${this.orders.size} order(s)`);
      const id = popped.order?.id;
      const mine = typeof id === 'number' ? this.orders.get(id) : undefined;
      if (!mine) throw new AdapterFault(`popped order ${JSON.stringify(popped.order?.id)}, which it does not hold`);
      this.orders.delete(id!);
      this.forget(id!);
      let msg: OrderMessage = { kind: 'order', order: mine.order, timestamp: mine.timestamp };
      if (this.loq) {
        if (!Number.isSafeInteger(popped.epoch) || popped.epoch < 0 || typeof popped.critical !== 'boolean') {
          throw new AdapterFault(`popped order ${id} with tags epoch ${JSON.stringify(popped.epoch)}, critical ${JSON.stringify(popped.critical)}`);
        }
        msg = { ...msg, epoch: popped.epoch, critical: popped.critical };
        this.last[popped.critical ? 0 : 1] = { epoch: popped.epoch, timestamp: mine.timestamp, participant: this.p };
      } else {
        this.last[0] = { epoch: 0, timestamp: mine.timestamp, participant: this.p };
      }
      this.credits--;
      out.push({ type: 'send', to: this.config.parent!, message: msg });
    }
  }

  /** The popped order leaves its class's held keys (usually the front: queues pop in key order). */
  private forget(id: number): void {
    for (const h of this.held) {
      const i = h.findIndex((x) => x.id === id);
      if (i >= 0) {
        h.splice(i, 1);
        return;
      }
    }
  }

  /** One dummy per class (one without LOQ) carrying its low-water mark, when it advanced. */
  private heartbeat(now: number, out: InboundAction[]): void {
    const to = this.config.parent!;
    const floor: Mark = { epoch: this.loq ? this.epoch : 0, timestamp: now, participant: this.p };
    for (const c of this.loq ? ([0, 1] as const) : ([0] as const)) {
      const m = minMark(this.held[c][0], floor)!;
      const l = this.last[c];
      if (l !== undefined && !markLess(l, m)) continue;
      this.last[c] = m;
      const base = { kind: 'heartbeat' as const, timestamp: m.timestamp, participant: m.participant };
      out.push({ type: 'send', to, message: this.loq ? { ...base, epoch: m.epoch, critical: c === 0 } : base });
    }
  }
}
