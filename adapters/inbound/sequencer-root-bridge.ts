import { AdapterFault } from '../fault.ts';
import type { SequencerAdapter, SequencerInstance } from '../sequencer.ts';
import type { InboundAction, InboundEvent, InboundNode, InboundNodeConfig } from '../inbound.ts';

/**
 * The inbound tree's root (role `sequencer`) run by an instance of a SequencerAdapter of kind
 * jasper (`conform --component sequencer`'s contract): every order a child sends is `enqueue`d,
 * every dummy is a `heartbeat`, and what the instance `drain`s is released to the matching
 * engine in that order.
 *
 * Jasper's inputs are participants: each promises nothing below (timestamp, participant) on its
 * own link. So the root's children must be the gateways themselves (a flat tree; build it with
 * fanout ≥ participants): link = participant, and a gateway's dummy is exactly Jasper's
 * heartbeat. A tree with proxies under the root is refused (a proxy's link carries many
 * participants, which the contract cannot express). Merges by timestamp only: under LOQ the
 * root must merge class-aware, which a Jasper sequencer does not do.
 *
 * A release of an order it was never given, or twice, is an AdapterFault naming the sequencer.
 */
export function sequencerRootNode(adapter: SequencerAdapter, config: InboundNodeConfig): InboundNode {
  return new SequencerRootNode(adapter, config);
}

class SequencerRootNode implements InboundNode {
  private readonly instance: Promise<SequencerInstance>;
  /** Order ids enqueued and not yet released. */
  private readonly waiting = new Set<number>();
  private now = -Infinity;

  constructor(
    private readonly adapter: SequencerAdapter,
    readonly config: InboundNodeConfig,
  ) {
    if (config.role !== 'sequencer') throw new Error(`sequencerRootNode for a ${config.role}`);
    if (config.merge !== 'timestamp') throw new Error(`a Jasper sequencer merges by timestamp; this tree's root merges ${config.merge} (LOQ trees need a class-aware root)`);
    const notGateway = config.children.find((c) => !/^gateway-\d+$/.test(c));
    if (notGateway !== undefined) throw new Error(`a Jasper sequencer's inputs are the gateways; this root's child ${notGateway} is not one (build the tree flat)`);
    const made = Promise.resolve().then(() => adapter.create({ kind: 'jasper', participants: config.participants }));
    made.catch(() => {}); // reported by the first event
    this.instance = made;
  }

  async onEvent(e: InboundEvent): Promise<readonly InboundAction[]> {
    try {
      return await this.handle(e);
    } catch (err) {
      const where = `sequencer ${this.adapter.name} (--sequencer), ${e.type} event`;
      if (err instanceof AdapterFault) throw new AdapterFault(`${where}: ${err.message}`, err.sent, err.stderrTail, err.kind);
      throw new AdapterFault(`${where}: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private async handle(e: InboundEvent): Promise<readonly InboundAction[]> {
    const seq = await this.instance;
    // The contract's `now` never goes back; a node's local clock reading does not either, but be exact.
    this.now = Math.max(this.now, e.time);
    if (e.type !== 'message') {
      if (e.type === 'timer') await seq.tick(this.now);
      return [];
    }
    const m = e.message;
    if (m.kind === 'order') {
      this.waiting.add(m.order.id);
      await seq.enqueue(this.now, m.order.participant, m.timestamp, m.order.id);
    } else {
      await seq.heartbeat(this.now, m.participant, m.timestamp);
    }
    const released = await seq.drain();
    if (!Array.isArray(released)) throw new AdapterFault(`drain answered ${JSON.stringify(released)}, not a list`);
    const out: InboundAction[] = [];
    for (const r of released) {
      const id = r?.id;
      if (typeof id !== 'number' || !this.waiting.delete(id)) throw new AdapterFault(`released order ${JSON.stringify(id)}, which it was not given or already released`);
      out.push({ type: 'release', id });
    }
    return out;
  }
}
