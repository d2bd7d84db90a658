import { AdapterFault } from '../../adapters/fault.ts';
import type { MulticastAdapter } from '../../adapters/multicast.ts';
import { simulateTree, type SimulateTreeOptions, type SimulateTreeResult } from '../../reference/multicast/harness.ts';
import type { MulticastNode, NodeConfig } from '../../reference/multicast/node.ts';
import type { MulticastScenario } from '../arbitraries/multicast-scenario.ts';
import { renderTimeline } from './timeline.ts';

/**
 * Runs one scenario in the reference harness with the adapter's nodes in the roles it
 * implements (reference nodes elsewhere), recording every copy. The harness — not the nodes —
 * records when each copy was sent, arrived and was released; the properties judge from that.
 */

/** The harness options for a scenario: scripted links, drift-free clocks, full trace. */
export function simulationOptions(s: MulticastScenario): SimulateTreeOptions {
  const leaves = s.receiverHedge ? 2 * s.receivers : s.receivers;
  let shape: { fanout: number; depth: number } | Record<string, never> = {};
  if (s.shape) {
    // An explicit shape too small for the leaves grows deeper (buildTree refuses F^D < leaves).
    let depth = s.shape.depth;
    while (Math.pow(s.shape.fanout, depth) < leaves) depth++;
    shape = { fanout: s.shape.fanout, depth };
  }
  return {
    seed: s.seed,
    receivers: s.receivers,
    ...shape,
    hedge: s.hedge,
    spraying: s.spraying,
    receiverHedge: s.receiverHedge,
    holdRelease: s.holdRelease,
    messages: s.messages,
    intervalNs: s.intervalNs,
    latency: { kind: 'scripted', delaysNs: [...s.delaysNs] },
    clocks: { epsilonNs: s.epsilonNs },
    record: 'trace',
    // Scripted delays are at most 50 µs a hop: 10 ms is long past any copy of a correct tree.
    drainNs: 10_000_000,
  };
}

export interface Outcome {
  readonly result: SimulateTreeResult;
  /** Every send, arrival, drop, release, timer and report (empty unless recorded). */
  readonly trace: NonNullable<SimulateTreeResult['trace']>;
  readonly perMessage: NonNullable<SimulateTreeResult['perMessage']>;
}

/** A scenario run with `adapter`'s nodes (see runWith). */
export function simulateWith(adapter: MulticastAdapter, s: MulticastScenario): Promise<Outcome> {
  return runWith(adapter, simulationOptions(s));
}

/**
 * Simulates with `adapter`'s nodes. A node's impossible or malformed action (the harness's
 * `fault`) and a vendor that broke the protocol become an AdapterFault naming the node, the
 * event and the action; a vendor's `error` answer stays a plain failure (the subject threw).
 */
export async function runWith(adapter: MulticastAdapter, options: SimulateTreeOptions): Promise<Outcome> {
  const caps = adapter.capabilities;
  // A subject that fills no role would leave the reference's nodes everywhere: a pass that tested nothing.
  if (!caps.proxy && !caps.receiver) throw new Error(`${adapter.name} declares neither the proxy nor the receiver role: nothing of it would run`);
  const thrown = new Map<string, unknown>();
  const nodes = (config: NodeConfig): MulticastNode | undefined => {
    const node = adapter.node(config);
    if (!node) {
      if (caps[config.role]) throw new Error(`${adapter.name} declares the ${config.role} role but gave no node for ${config.id}`);
      return undefined;
    }
    return {
      config: node.config,
      onEvent(event) {
        try {
          const out = node.onEvent(event);
          if (out instanceof Promise) return out.catch((err: unknown) => Promise.reject(remember(thrown, config.id, err)));
          return out;
        } catch (err) {
          throw remember(thrown, config.id, err);
        }
      },
    };
  };
  const result = await simulateTree({ record: 'trace', ...options, nodes });
  if (result.fault) {
    const f = result.fault;
    const cause = thrown.get(f.node);
    if (cause !== undefined && !(cause instanceof AdapterFault)) throw cause;
    const what =
      `node ${f.node} (${adapter.name}): ${f.reason}\n  event: ${JSON.stringify(f.event)}` +
      (f.action !== undefined ? `\n  action: ${JSON.stringify(f.action)}` : '') +
      `\n${renderTimeline(result.trace ?? [], { nodes: new Set([f.node]), ...msgOf(f) })}`;
    throw new AdapterFault(what, { node: f.node, event: f.event, action: f.action ?? null }, cause instanceof AdapterFault ? cause.stderrTail : undefined, cause instanceof AdapterFault ? cause.kind : undefined);
  }
  if (!result.perMessage) throw new Error('harness bug: no per-message record');
  return { result, trace: result.trace ?? [], perMessage: result.perMessage };
}

/** The message a fault is about (its action's, else its event's), to narrow the timeline. */
function msgOf(f: NonNullable<SimulateTreeResult['fault']>): { msgs?: Set<number> } {
  const a = f.action as { msg?: unknown; packet?: { msg?: unknown } } | undefined;
  const e = f.event as { packet?: { msg?: unknown } };
  const m = a?.msg ?? a?.packet?.msg ?? e.packet?.msg;
  return typeof m === 'number' ? { msgs: new Set([m]) } : {};
}

function remember(thrown: Map<string, unknown>, node: string, err: unknown): unknown {
  if (!thrown.has(node)) thrown.set(node, err);
  return err;
}
