/**
 * contract v1 — the contract of a node on the INBOUND path (participants → gateways → proxies →
 * the exchange's sequencer → the matching engine), spec/exchange/inbound.md.
 *
 * The harness (reference/inbound/network.ts) owns true time, links and clocks; a node — the
 * reference's or a vendor's, in process or over the NDJSON protocol — only answers events with
 * actions, in the style of the multicast nodes (reference/multicast/node.ts). The vendor protocol
 * (spec/protocol/inbound-*.schema.json) is this file as JSON.
 *
 * Units: every time is an integer number of nanoseconds; `time` in an event is the node's LOCAL
 * clock reading (the harness maps it to true time with the node's error ≤ ε and drift). Prices
 * are integer ticks, quantities integer lots, order ids and participants integers from 0.
 *
 * The tree: one `gateway` per participant (participant p's gateway is `gateway-p`), `proxy`
 * layers, and one `sequencer` (the root, id `sequencer`). Every non-root node has one parent and
 * may send only to it; a node's children are its input links, in `children` order. Each link is
 * FIFO: what a node sends arrives at its parent in send order.
 *
 * Keys. An order's key is (timestamp, participant): the stamp its gateway gave it (the gateway's
 * clock reading when the order was submitted to it) and the participant that submitted it. A
 * heartbeat ("dummy") with key k promises its parent that nothing with a key below k will follow
 * on that link. With LOQ the key is (epoch, class, timestamp, participant) per class, and a
 * heartbeat speaks for one class of its link (spec/exchange/loq.md, "The correct composition").
 *
 * Uplink capacity. A non-root node has `uplinkCredits` credits: sending an ORDER takes one, and
 * the harness hands it back with a `credit` event once the uplink has transmitted that order (the
 * schedule's serialization time for it). An order sent with no credit left is a fault. So a node
 * must be able to hold orders: a burst builds a backlog at the gateway, which is where an LOQ
 * reorders. Heartbeats take no credit (small control messages that bypass the order backlog, not
 * the link: they still arrive in FIFO order with the link's orders).
 *
 * What the harness checks (a bad action is a fault that names the node, the event and the action):
 * - `send` only to its parent; an order only if it holds it (a gateway: submitted to it; others:
 *   received from a child) and has not sent it yet — at most once per node — and, below the
 *   gateway, unchanged: the same order fields, timestamp and tags it arrived with;
 * - an order `send` only with a credit left;
 * - `release` only by the sequencer, of an order it received, at most once;
 * - timers at integer local times not in the past; well-formed messages (integer keys, tags as
 *   an integer epoch ≥ 0 and a boolean, both or neither).
 * Everything else — stamps, tags, heartbeat keys, what order the engine gets — is judged by the
 * properties from the generated input (the harness's own copy of every order), never from a
 * node's account of itself.
 *
 * Where things are: the harness `InboundNetwork` (network.ts: submit / setMid / runUntil /
 * onRelease, faults as InboundFault), the standalone run (run-inbound.ts), tree shapes and
 * configs (tree.ts), the reference nodes (reference-node.ts), the adapter (adapters/inbound.ts).
 *
 * Liveness under LOQ: a class-aware merge releases each class in (epoch, timestamp, participant)
 * order, tied to the other class by epochs only (reference/loq/class-merge.ts), so an order
 * leaves once every link's dummies of its class have passed it — within its epoch, no closing mid
 * change needed — provided every node sends each class's dummy whenever its mark advanced.
 *
 * CHANGES: v1.1 (additive): a proxy's `heartbeatPeriodNs` may be > 0 (at most one dummy per
 * period, to keep big trees' dummy traffic down); it is 0 unless the harness is asked for it. Later changes only add optional fields; a breaking one is listed here.
 */
import type { Side } from '../loq/order.ts';

export type { Side } from '../loq/order.ts';

export type InboundNodeId = string;

export type InboundRole = 'gateway' | 'proxy' | 'sequencer';

/** What a participant's algorithm hands its gateway. */
export interface InboundOrder {
  /** Unique over the run, from 0. */
  readonly id: number;
  readonly participant: number;
  readonly side: Side;
  /** Integer ticks. */
  readonly price: number;
  /** Integer lots, > 0. */
  readonly quantity: number;
}

/** The (epoch, class) an LOQ gave an order (spec/exchange/loq.md); travels with it to the root. */
export interface LoqTag {
  readonly epoch: number;
  readonly critical: boolean;
}

/** An order on a link: the order, the stamp its gateway gave it, and, under LOQ, its tags. */
export interface OrderMessage {
  readonly kind: 'order';
  readonly order: InboundOrder;
  /** The gateway's clock reading at the order's submit (local ns). */
  readonly timestamp: number;
  /** LOQ tags: present on every message of an LOQ tree, absent otherwise. */
  readonly epoch?: number;
  readonly critical?: boolean;
}

/**
 * A dummy: nothing with a key below (timestamp, participant) — with tags: below (epoch,
 * timestamp, participant) in class `critical` — follows on this link.
 */
export interface HeartbeatMessage {
  readonly kind: 'heartbeat';
  readonly timestamp: number;
  readonly participant: number;
  readonly epoch?: number;
  readonly critical?: boolean;
}

export type InboundMessage = OrderMessage | HeartbeatMessage;

/** The LOQ a node runs (spec/exchange/loq.md). */
export interface InboundLoqConfig {
  /** Action window A (ticks, ≥ 0). */
  readonly window: number;
  /** Gateways: the mid price M (ticks) before the first `mid` event. Proxies: unused (they keep upstream tags). */
  readonly mid: number;
}

/** What a node is told once, before any event. */
export interface InboundNodeConfig {
  readonly id: InboundNodeId;
  readonly role: InboundRole;
  /** Layer: the sequencer is 0, gateways are the deepest layer. */
  readonly depth: number;
  /** Where it sends (null for the sequencer). */
  readonly parent: InboundNodeId | null;
  /** Its input links, in order (proxies and the sequencer; [] for gateways). */
  readonly children: readonly InboundNodeId[];
  /** Gateways: the participant it serves (= its index); null for the others. */
  readonly participant: number | null;
  /** Participants (= gateways) in the whole tree. */
  readonly participants: number;
  /**
   * Gateways: the period of its heartbeats (local ns, ≥ 1). Proxies (v1.1): at most one dummy per
   * this period, 0 = after any event that advanced its low-water mark. The sequencer: 0.
   */
  readonly heartbeatPeriodNs: number;
  /** Non-root nodes: orders it may have on its uplink at once (≥ 1); 0 for the sequencer. */
  readonly uplinkCredits: number;
  /**
   * Gateways: run an LOQ (classify with `mid`/`mid` events and `window`, pop on credit, tag every
   * order and heartbeat). Proxies: an egress LOQ that keeps the upstream tags. Null: no LOQ (a
   * gateway forwards in submit order, a proxy in merge order).
   */
  readonly loq: InboundLoqConfig | null;
  /**
   * Proxies and the sequencer: how children are merged. 'timestamp': Jasper by (timestamp,
   * participant), tags ignored (forwarded unchanged). 'class-aware': per (link, class) by (epoch,
   * class, timestamp, participant) — needs tags on every message (reference/loq/class-merge.ts).
   */
  readonly merge: 'timestamp' | 'class-aware';
}

/** Something that happens to a node. `time` is the node's local clock at that moment. */
export type InboundEvent =
  /** Once, first, at the start of the run (gateways start their heartbeat timers here). */
  | { readonly type: 'start'; readonly time: number }
  /** Gateways: its participant submits an order. */
  | { readonly type: 'submit'; readonly time: number; readonly order: InboundOrder }
  /** Gateways with LOQ: the mid price it infers from market data changed (a new epoch if different). */
  | { readonly type: 'mid'; readonly time: number; readonly mid: number }
  /** Proxies and the sequencer: a message from child `from` arrived. */
  | { readonly type: 'message'; readonly time: number; readonly from: InboundNodeId; readonly message: InboundMessage }
  /** One uplink credit is back (an order it sent has been transmitted). */
  | { readonly type: 'credit'; readonly time: number }
  | { readonly type: 'timer'; readonly time: number; readonly timer: string };

/** What a node does in answer, applied in list order at the event's time. */
export type InboundAction =
  /** Send a message to its parent (`to` must be `config.parent`). An order takes one credit. */
  | { readonly type: 'send'; readonly to: InboundNodeId; readonly message: InboundMessage }
  /** The sequencer: hand order `id` to the matching engine now. */
  | { readonly type: 'release'; readonly id: number }
  /** A timer event at local time `at` (integer, not in the past). */
  | { readonly type: 'timer'; readonly at: number; readonly timer: string };

/** A node's logic. In-process nodes implement this; vendor processes are wrapped into it. */
export interface InboundNode {
  readonly config: InboundNodeConfig;
  /** Answers one event; may be async (a vendor over a pipe). */
  onEvent(event: InboundEvent): readonly InboundAction[] | Promise<readonly InboundAction[]>;
}
