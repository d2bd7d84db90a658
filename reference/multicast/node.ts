/**
 * The contract of a node in the simulated market-data multicast tree (Jasper §4, App. B).
 *
 * The harness (reference/multicast/harness.ts) owns time, links and clocks; a node — the
 * reference's or a vendor's, in process or over the NDJSON protocol — only answers events with
 * actions, in the style of Maelstrom. This file is the one shape both sides share: the vendor
 * protocol (spec/protocol/multicast-*.schema.json) is this file as JSON.
 *
 * Units: every time is an integer number of nanoseconds. A node sees only its own clock
 * (`time` in an event is the node's local reading); the harness maps it to true time with the
 * node's clock error (bounded by ε) and drift. Message ids are integers from 0.
 */
export type NodeId = string;

/** Roles a node plays. The root (the exchange's sender) is always the harness's own. */
export type NodeRole = 'proxy' | 'receiver';

/** One copy of a market-data message as it travels the tree. */
export interface MarketDataPacket {
  /** Message id: 0, 1, 2, ... in send order. */
  readonly msg: number;
  /** The root's clock when it sent the message. */
  readonly sentAt: number;
  /** Hold-and-release deadline (root clock), or null when hold-and-release is off. */
  readonly deadline: number | null;
}

/** What a node is told once, before any event. */
export interface NodeConfig {
  readonly id: NodeId;
  readonly role: NodeRole;
  /** Layer of the tree: the root is 0, the first proxy layer 1, receivers at depth D (D counts hops, tree.ts). */
  readonly depth: number;
  /** This node's index within its layer, and the layer's size. */
  readonly layerIndex: number;
  readonly layerSize: number;
  /** Proxies: the next layer, in order. A proxy may send only to these nodes. */
  readonly nextLayer: readonly NodeId[];
  /** Proxies: fan-out F (the size of the block of children a proxy serves per message). */
  readonly fanout: number;
  /** Proxy hedging factor H: a proxy also serves the blocks of H siblings (its nieces). */
  readonly hedge: number;
  /** Round-robin packet spraying on/off. */
  readonly spraying: boolean;
  /** The node's parent layer (who may send to it). Receivers report their delay estimates to parents. */
  readonly parents: readonly NodeId[];
  /** Receivers: hold-and-release on/off; when on, release at max(arrival, deadline). */
  readonly holdRelease: boolean;
  /** Receivers: the participant it serves (two receivers share one under receiver hedging). */
  readonly participant?: number;
  /**
   * Hold-and-release: how often (local ns) a receiver reports its one-way-delay percentile, and
   * which percentile (the paper: 95). Proxies forward the max of their children's reports.
   */
  readonly reportIntervalNs: number;
  readonly reportPercentile: number;
}

/** Something that happens to a node. `time` is the node's local clock at that moment. */
export type NodeEvent =
  | { readonly type: 'packet'; readonly time: number; readonly from: NodeId; readonly packet: MarketDataPacket }
  | { readonly type: 'timer'; readonly time: number; readonly timer: string }
  /** A child's one-way-delay estimate (ns), for hold-and-release's all-reduce. */
  | { readonly type: 'report'; readonly time: number; readonly from: NodeId; readonly owdNs: number };

/** What a node does in answer; the harness checks every action (a bad one is a protocol fault). */
export type NodeAction =
  /** Send a copy of a packet to a node of the next layer; copies leave one after another, in list order. */
  | { readonly type: 'send'; readonly to: NodeId; readonly packet: MarketDataPacket }
  /** Receivers: hand message `msg` to the application now (at the event's time). At most once per message. */
  | { readonly type: 'release'; readonly msg: number }
  /** Ask for a timer event at local time `at` (not in the past). */
  | { readonly type: 'timer'; readonly at: number; readonly timer: string }
  /** Send a one-way-delay estimate (ns) to a parent (receivers: own percentile; proxies: the max of children). */
  | { readonly type: 'report'; readonly to: NodeId; readonly owdNs: number };

/** A node's logic. In-process nodes implement this; vendor processes are wrapped into it. */
export interface MulticastNode {
  readonly config: NodeConfig;
  /** Answers one event; may be async (a vendor over a pipe). */
  onEvent(event: NodeEvent): readonly NodeAction[] | Promise<readonly NodeAction[]>;
}
