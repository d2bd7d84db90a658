/**
 * What the whole-exchange simulation needs of the inbound path (participants' gateways → proxies
 * → the sequencer → the matching engine): the step-wise face of reference/inbound's network,
 * driven from the simulation's clock. `submit` and `setMid` happen at true time t (never earlier
 * than the last `runUntil`); `runUntil(t)` runs the path through every event at true time ≤ t and
 * reports each order the sequencer releases to the engine through the `onRelease` the factory
 * was given. The default is reference/inbound's InboundNetwork with reference nodes, or a
 * vendor's nodes through `nodes`.
 */
import type { InboundNode, InboundNodeConfig, InboundOrder } from '../../inbound/node.ts';
import { InboundNetwork } from '../../inbound/network.ts';
import { balancedShape } from '../../inbound/tree.ts';
import type { LatencyModelSpec } from '../latency.ts';

export type { InboundOrder } from '../../inbound/node.ts';

export interface InboundPath {
  submit(participant: number, trueTimeNs: number, order: InboundOrder): void;
  /** Gateway `participant` infers a new mid price from market data. */
  setMid(participant: number, trueTimeNs: number, mid: number): void;
  runUntil(trueTimeNs: number): Promise<void> | void;
}

/** What the simulation tells a path factory. */
export interface InboundPathConfig {
  readonly seed: number;
  readonly participants: number;
  /** Every node's clock error bound, ns. */
  readonly epsilonNs: number;
  /** null: no LOQ (gateways forward in submit order, Jasper merges by timestamp); else the gateways' LOQ. */
  readonly loq: { readonly window: number; readonly mid: number } | null;
  /** Orders per second one gateway's uplink transmits (its share of the exchange's ingress). */
  readonly uplinkOrdersPerSec: number;
  /** Called for each order the sequencer hands to the matching engine, in release order. */
  readonly onRelease: (trueTimeNs: number, order: InboundOrder) => void;
}

export type InboundPathFactory = (config: InboundPathConfig) => InboundPath;

export interface ReferenceInboundOptions {
  /** Children per proxy and of the sequencer (default 10, the multicast tree's heuristic). */
  readonly fanout?: number;
  /** Gateways' heartbeat period, ns (default 5 ms: at 1 ms the heartbeats of 1000 gateways are most of the run's work). */
  readonly heartbeatPeriodNs?: number;
  /** Proxies' per-order uplink time, ns (default 0: gateways are the bottleneck). */
  readonly proxyUplinkNs?: number;
  /** Proxies keep an LOQ as their backlog (with loq; default true). */
  readonly proxyLoq?: boolean;
  /** Per hop (default: lognormal, 30 µs + jitter of median 2 µs). */
  readonly latency?: LatencyModelSpec;
  /** A vendor's inbound nodes; undefined for a role = the reference node. */
  readonly nodes?: (config: InboundNodeConfig) => InboundNode | undefined;
}

/** reference/inbound's network as the simulation's inbound path. */
export function referenceInbound(r: ReferenceInboundOptions = {}): InboundPathFactory {
  return (c) =>
    new InboundNetwork({
      seed: c.seed,
      shape: balancedShape(c.participants, r.fanout ?? 10),
      latency: r.latency ?? { kind: 'lognormal' },
      clocks: { epsilonNs: c.epsilonNs },
      heartbeatPeriodNs: r.heartbeatPeriodNs ?? 5_000_000,
      gatewayUplinkNs: Math.max(1, Math.round(1e9 / c.uplinkOrdersPerSec)),
      proxyUplinkNs: r.proxyUplinkNs ?? 0,
      loq: c.loq,
      proxyLoq: c.loq !== null && (r.proxyLoq ?? true),
      ...(r.nodes ? { nodes: r.nodes } : {}),
      onRelease: c.onRelease,
    });
}
