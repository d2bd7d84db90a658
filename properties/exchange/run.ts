import { AdapterFault } from '../../adapters/fault.ts';
import type { InboundAdapter, InboundNode, InboundNodeConfig, InboundRole } from '../../adapters/inbound.ts';
import { referenceMatchingAdapter } from '../../adapters/reference/matching.ts';
import type { InboundNetworkOptions } from '../../reference/inbound/network.ts';
import { runInbound, type InboundRunResult, type InboundSchedule, type MidChange, type Submission } from '../../reference/inbound/run-inbound.ts';
import { buildInboundTree } from '../../reference/inbound/tree.ts';
import { PLAIN_QUANTUM_NS, type InboundCase, type InboundLoqCase } from '../arbitraries/inbound-case.ts';
import { countGateways } from '../arbitraries/inbound-shape.ts';
import { buildFlow, type BuiltFlow } from '../loq/build-flow.ts';
import { renderInboundTimeline } from './timeline.ts';

/**
 * Runs one case in the reference harness with the subject's nodes in the case's subject roles
 * (reference nodes elsewhere). The harness — never a node — records every submit, send, arrival
 * and release, and keeps its own copy of every order; the checks judge from that record.
 */
export interface CaseRun {
  /** The generated case (absent for a hand-written schedule, e.g. a Gherkin scenario). */
  readonly input?: InboundCase;
  readonly subject: string;
  /** Which node ids ran the subject's code. */
  readonly subjectNodes: ReadonlySet<string>;
  readonly quantumNs: number;
  readonly options: InboundNetworkOptions;
  readonly schedule: InboundSchedule;
  readonly result: InboundRunResult;
  /** LOQ cases: the flow as built (orders by id, mids, the trades of timestamp order). */
  readonly flow?: BuiltFlow;
}

/** The merge a case is run with: class-aware for LOQ trees, unless a property asks for the naive one. */
export type MergeChoice = 'timestamp' | 'class-aware';

export interface LoqTiming {
  /** One flow time unit, ns. */
  readonly unitNs: number;
  /** Spacing of the gateways' submissions within a unit (> 2ε, so stamps keep the flow's order). */
  readonly slotNs: number;
}

/**
 * Flow time in ns: gateway g submits its orders of unit u at u·U + g·S with S = 2ε + 1, so the
 * stamps (true time ± ε) are in the flow's (time, gateway) order, and a mid change at u·U − S
 * comes after every order of earlier units and before every order of unit u on every clock.
 */
export function loqTiming(c: InboundLoqCase): LoqTiming {
  const p = countGateways(c.shape);
  const slotNs = 2 * c.net.epsilonNs + 1;
  return { unitNs: 4 * Math.ceil(((p + 2) * slotNs) / 4), slotNs };
}

/** Harness options and schedule of a case (the nodes factory is added by runCase). */
export async function caseSetup(c: InboundCase, merge: MergeChoice = 'class-aware'): Promise<{ options: InboundNetworkOptions; schedule: InboundSchedule; quantumNs: number; flow?: BuiltFlow }> {
  const n = c.net;
  let q: number;
  let submissions: Submission[];
  let mids: MidChange[] = [];
  let flow: BuiltFlow | undefined;
  let gatewayUplink = n.gatewayUplink;
  if (c.kind === 'plain') {
    q = PLAIN_QUANTUM_NS;
    submissions = [...c.submissions];
  } else {
    flow = await buildFlow(c.flow, referenceMatchingAdapter());
    const { unitNs, slotNs } = loqTiming(c);
    q = unitNs / 4;
    submissions = flow.orders.map((o) => ({ participant: o.participant, atNs: o.timestamp * unitNs + o.participant * slotNs, id: o.id, side: o.side, price: o.price, quantity: o.quantity }));
    const p = countGateways(c.shape);
    for (let e = 1; e < flow.starts.length; e++) for (let g = 0; g < p; g++) mids.push({ participant: g, atNs: flow.starts[e]! * unitNs - slotNs, mid: flow.mids[e]! });
    // The session's end, in some cases: one more epoch. Without it the last epoch's non-critical
    // orders must leave the class-aware merges through non-critical dummies alone (liveness).
    if (c.closingMid !== false) {
      const closing = flow.mids[flow.mids.length - 1]! + 1;
      for (let g = 0; g < p; g++) mids.push({ participant: g, atNs: flow.end * unitNs, mid: closing });
    }
    // The race: x's filler holds x's uplink for 3 units, past x's critical bid at unit 2.
    if (c.race) gatewayUplink = [12, ...gatewayUplink];
  }
  const tree = buildInboundTree(c.shape);
  const max = (xs: readonly number[]) => xs.reduce((a, b) => Math.max(a, b), 0);
  const orders = submissions.length;
  const drainNs = q * ((tree.depth + 2) * (n.heartbeat + max(n.delays)) + (orders + 1) * (max(gatewayUplink) + tree.depth * max(n.proxyUplink)) + 16 * n.heartbeat);
  const loq = c.kind === 'loq' ? { window: c.flow.window, mid: flow!.mids[0]! } : null;
  const options: InboundNetworkOptions = {
    seed: n.seed,
    shape: c.shape,
    latency: { kind: 'scripted', delaysNs: n.delays.map((d) => d * q) },
    clocks: { epsilonNs: n.epsilonNs },
    heartbeatPeriodNs: n.heartbeat * q,
    gatewayUplinkNs: gatewayUplink.map((d) => d * q),
    proxyUplinkNs: n.proxyUplink.map((d) => d * q),
    gatewayCredits: n.gatewayCredits,
    proxyCredits: n.proxyCredits,
    loq,
    proxyLoq: c.kind === 'loq' && c.proxyLoq && merge === 'class-aware',
    merge: c.kind === 'loq' ? merge : 'timestamp',
    record: 'trace',
  };
  return { options, schedule: { submissions, mids, drainNs }, quantumNs: q, ...(flow ? { flow } : {}) };
}

/** Runs a generated case with the subject's nodes in the case's subject roles (see runWithNodes). */
export async function runCase(subject: InboundAdapter, c: InboundCase, merge: MergeChoice = 'class-aware'): Promise<CaseRun> {
  const setup = await caseSetup(c, merge);
  return runWithNodes(subject, c.net.subjectRoles, setup.options, setup.schedule, { input: c, quantumNs: setup.quantumNs, ...(setup.flow ? { flow: setup.flow } : {}) });
}

/**
 * Runs harness options and a schedule with `subject`'s nodes in `roles` (the Gherkin steps use it
 * directly). A node's bad action becomes an AdapterFault naming the node, the event and the
 * action (with the node's timeline); a subject node that threw is a failure carrying what it
 * threw; a vendor's protocol fault stays an AdapterFault.
 */
export async function runWithNodes(
  subject: InboundAdapter,
  roles: readonly InboundRole[],
  options: InboundNetworkOptions,
  schedule: InboundSchedule,
  extra: { readonly input?: InboundCase; readonly quantumNs?: number; readonly flow?: BuiltFlow } = {},
): Promise<CaseRun> {
  const mine = new Set(roles);
  if (mine.size === 0) throw new Error(`${subject.name} declares none of the roles gateway, proxy, sequencer: nothing of it would run`);
  const thrown = new Map<string, unknown>();
  const subjectNodes = new Set<string>();
  const nodes = (config: InboundNodeConfig): InboundNode | undefined => {
    if (!mine.has(config.role)) return undefined;
    const node = subject.node(config);
    if (!node) throw new Error(`${subject.name} declares the ${config.role} role but gave no node for ${config.id}`);
    subjectNodes.add(config.id);
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
  const result = await runInbound({ ...options, nodes }, schedule);
  const run: CaseRun = { ...extra, subject: subject.name, subjectNodes, quantumNs: extra.quantumNs ?? 1, options, schedule, result };
  const f = result.fault;
  if (f) {
    const cause = thrown.get(f.node);
    if (cause !== undefined && !(cause instanceof AdapterFault)) throw cause;
    const who = subjectNodes.has(f.node) ? `${subject.name}` : 'the reference node, on what its children sent';
    const what =
      `node ${f.node} (${who}): ${f.reason}\n  event: ${JSON.stringify(f.event)}` +
      (f.action !== undefined ? `\n  action: ${JSON.stringify(f.action)}` : '') +
      `\n${renderInboundTimeline(run, { nodes: new Set([f.node]), limit: 40 })}`;
    throw new AdapterFault(what, { node: f.node, event: f.event, action: f.action ?? null }, cause instanceof AdapterFault ? cause.stderrTail : undefined);
  }
  return run;
}

function remember(thrown: Map<string, unknown>, node: string, err: unknown): unknown {
  if (!thrown.has(node)) thrown.set(node, err);
  return err;
}
