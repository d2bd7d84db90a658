import type { MulticastAdapter } from '../../adapters/multicast.ts';
import type { TraceEvent } from '../../reference/multicast/harness.ts';
import { ROOT_ID, buildTree } from '../../reference/multicast/tree.ts';
import { multicastScenarioArb, type MulticastScenario } from '../arbitraries/multicast-scenario.ts';
import { Mismatch } from '../mismatch.ts';
import { defineProperty, type Catalog } from '../property.ts';
import { simulateWith, simulationOptions, type Outcome } from './run.ts';
import { renderTimeline } from './timeline.ts';
import { assertExactlyOnce, assertHoldRelease, focus } from './checks.ts';
import { explainMulticastFailure, judgedOn } from './explain.ts';
import { explainSafely } from '../explanation.ts';
import { MULTICAST_FIGURES, measureMulticast } from './measure.ts';

/**
 * Outbound fairness of the market-data multicast tree (Jasper §4, App. B): the subject's nodes
 * run inside the reference harness, which owns time, links and clocks and records every copy
 * (who sent it, when it arrived, when each receiver released). Every verdict comes from that
 * record, the generated tree and schedule, and the reference's own run of the same input —
 * never from what a node says about itself.
 */

/**
 * The subject's last run of each input, so the counterexample in a report carries the timeline
 * of the run that failed (fast-check hands `describe` the very input object `check` got).
 */
const lastRun = new WeakMap<MulticastScenario, readonly TraceEvent[]>();

async function subjectRun(subject: MulticastAdapter, s: MulticastScenario): Promise<Outcome> {
  const o = await simulateWith(subject, s);
  lastRun.set(s, o.trace);
  return o;
}

/** The scenario as a person reads it (the counterexample in reports), with the subject's timeline. */
export function describeScenario(s: MulticastScenario): Record<string, unknown> {
  const trace = lastRun.get(s);
  const o = simulationOptions(s);
  const tree = buildTree({ receivers: s.receivers, ...(o.fanout !== undefined ? { fanout: o.fanout, depth: o.depth! } : {}), receiverHedge: s.receiverHedge });
  return {
    tree:
      `${s.receivers} participant(s)${s.receiverHedge ? ' x 2 receivers (receiver hedging)' : ''}, F=${tree.fanout}, D=${tree.depth}` +
      `${s.shape ? '' : ' (heuristic)'}, H=${s.hedge}, ${s.spraying ? 'spraying' : 'no spraying'}`,
    layers: tree.layers.map((l) => l.join(' ')),
    schedule: `${s.messages} message(s), one every ${s.intervalNs} ns; the k-th copy on any link takes [${s.delaysNs.join(', ')}][k mod ${s.delaysNs.length}] ns`,
    clocks: `epsilon ${s.epsilonNs} ns, no drift`,
    holdRelease: s.holdRelease
      ? `headroom ${s.holdRelease.headroomNs} ns, p${s.holdRelease.percentile} reported every ${s.holdRelease.reportIntervalNs} ns`
      : 'off',
    seed: s.seed,
    ...(trace ? { timeline: renderTimeline(trace, { limit: 120 }).split('\n') } : {}),
    scenario: s,
  };
}

/** Layers of the scenario's tree (the same the harness builds). */
function layersOf(s: MulticastScenario): readonly (readonly string[])[] {
  const o = simulationOptions(s);
  return buildTree({ receivers: s.receivers, ...(o.fanout !== undefined ? { fanout: o.fanout, depth: o.depth! } : {}), receiverHedge: s.receiverHedge }).layers;
}

/** Who sent each node each message: `${to}#${msg}` -> senders, in send order. */
function sendersOf(trace: readonly TraceEvent[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of trace) {
    if (e.kind !== 'send' || e.to === undefined || e.msg === undefined) continue;
    const k = `${e.to}#${e.msg}`;
    const list = out.get(k);
    if (list) list.push(e.node);
    else out.set(k, [e.node]);
  }
  return out;
}

/**
 * Each node below the first proxy layer got each message from exactly the parents the
 * reference's proxies send it from (the rotation and the hedged blocks are a function of the
 * tree and the message id alone, so the reference's run of the same input is the oracle), and
 * never twice from one parent.
 */
function assertRouting(s: MulticastScenario, subject: Outcome, oracle: Outcome, exactlyOne: boolean): void {
  const got = sendersOf(subject.trace);
  const want = sendersOf(oracle.trace);
  const layers = layersOf(s);
  for (let d = 2; d < layers.length; d++) {
    for (const node of layers[d]!) {
      for (let msg = 0; msg < s.messages; msg++) {
        const g = got.get(`${node}#${msg}`) ?? [];
        const w = want.get(`${node}#${msg}`) ?? [];
        const twice = g.find((p, i) => g.indexOf(p) !== i);
        if (twice !== undefined) {
          throw new Mismatch(
            `${node} got message ${msg} twice from the same parent ${twice} (copies from: ${g.join(', ')}): hedged copies must come from distinct parents\n${focus(subject, msg, node)}`,
            { node, msg, from: [...w].sort() },
            { node, msg, from: g },
            { kind: 'copy-twice-from-one-parent', path: 'layers[].nodes[].messages[]' },
          );
        }
        if (exactlyOne && g.length !== 1) {
          throw new Mismatch(
            `${node} got message ${msg} from ${g.length} parents (${g.join(', ') || 'none'}); spraying gives every child exactly one\n${focus(subject, msg, node)}`,
            { node, msg, from: w },
            { node, msg, from: g },
            { kind: 'not-one-parent', path: 'layers[].nodes[].messages[]' },
          );
        }
        const gs = [...g].sort();
        const ws = [...w].sort();
        if (gs.join() !== ws.join()) {
          throw new Mismatch(
            `${node} got message ${msg} from [${gs.join(', ')}], the ${s.spraying ? 'rotation' : 'tree'}${s.hedge ? ` with H=${s.hedge}` : ''} names [${ws.join(', ')}]\n${focus(subject, msg, node)}`,
            { node, msg, from: ws },
            { node, msg, from: gs },
            { kind: 'wrong-parents', path: 'layers[].nodes[].messages[]' },
          );
        }
      }
    }
  }
}

/**
 * The deadline is stamped from reports, so the reports must be what App. B says: a receiver
 * reports a nearest-rank percentile of the one-way delays it measured — always one of those
 * delays (local arrival − sentAt of a copy that had reached it) — and a proxy reports the max
 * of what its children reported — always one of those values. A mean, an interpolation or an
 * invented number is none of them, and stamps deadlines that are not the percentile's.
 */
function assertReports(s: MulticastScenario, o: Outcome): number {
  const layers = layersOf(s);
  const receivers = new Set(layers[layers.length - 1]);
  const offset = new Map<string, number>();
  const copies = new Map<string, { t: number; owd: number }[]>();
  for (const m of o.perMessage) {
    for (const r of m.receivers) {
      if (r.arrivals.length === 0) continue;
      offset.set(r.id, r.clockOffsetNs);
      const list = copies.get(r.id) ?? [];
      for (const a of r.arrivals) list.push({ t: a, owd: a + r.clockOffsetNs - m.sentAt });
      copies.set(r.id, list);
    }
  }
  const heard = new Map<string, { t: number; v: number }[]>();
  let checked = 0;
  for (const e of o.trace) {
    if (e.kind !== 'report' || e.from === undefined || typeof e.detail !== 'number') continue;
    const v = e.detail;
    const from = e.from;
    const allowed = receivers.has(from)
      ? (copies.get(from) ?? []).filter((c) => c.t <= e.t).map((c) => c.owd)
      : (heard.get(from) ?? []).filter((h) => h.t <= e.t).map((h) => h.v);
    if (!allowed.includes(v)) {
      const kind = receivers.has(from) ? `the measured delays of the copies it had received` : `what its children had reported`;
      throw new Mismatch(
        `${from} reported ${v} ns to ${e.node}, which is none of ${kind} ([${[...new Set(allowed)].sort((x, y) => x - y).join(', ')}] ns): ` +
          `a nearest-rank percentile (or the max of such) is always one of them, so the deadlines stamped from it are not the p${s.holdRelease?.percentile ?? 95} the tree promises\n` +
          renderTimeline(o.trace, { nodes: new Set([from]) }),
        { from, oneOf: [...new Set(allowed)].sort((x, y) => x - y) },
        { from, reported: v },
        { kind: 'report-not-a-percentile', path: receivers.has(from) ? 'receivers[].reports[]' : 'proxies[].reports[]' },
      );
    }
    const list = heard.get(e.node) ?? [];
    list.push({ t: e.t, v });
    heard.set(e.node, list);
    checked++;
  }
  assertReportsFlow(s, o, receivers, copies, heard);
  return checked;
}

/**
 * Reports must flow, or the root stamps every deadline from headroom alone: a receiver reports
 * within one report interval of its first copy (its clock does not drift, so local and true
 * intervals agree), a proxy within one interval of its first child's report — whenever the run
 * went on past that point.
 */
function assertReportsFlow(
  s: MulticastScenario,
  o: Outcome,
  receivers: ReadonlySet<string>,
  copies: ReadonlyMap<string, readonly { t: number }[]>,
  heard: ReadonlyMap<string, readonly { t: number }[]>,
): void {
  const interval = s.holdRelease?.reportIntervalNs;
  if (interval === undefined || o.trace.length === 0) return;
  const end = o.trace[o.trace.length - 1]!.t;
  const firstReport = new Map<string, number>();
  for (const e of o.trace) if (e.kind === 'report' && e.from !== undefined && !firstReport.has(e.from)) firstReport.set(e.from, e.t);
  const due = (node: string, since: number, why: string) => {
    const by = since + interval;
    const sent = firstReport.get(node);
    if (by < end && (sent === undefined || sent > by)) {
      throw new Mismatch(
        `${node} ${why} at t=${since}, yet ${sent === undefined ? 'never reported' : `first reported at t=${sent}`}; reports are due every ${interval} ns, and without them the root stamps deadlines from headroom alone\n` +
          renderTimeline(o.trace, { nodes: new Set([node]) }),
        { node, reportBy: by },
        { node, firstReport: sent ?? null },
        { kind: 'report-missing', path: receivers.has(node) ? 'receivers[].reports[]' : 'proxies[].reports[]' },
      );
    }
  };
  for (const [node, list] of copies) if (list.length > 0) due(node, Math.min(...list.map((c) => c.t)), 'got its first copy');
  for (const [node, list] of heard) if (node !== ROOT_ID && list.length > 0) due(node, list[0]!.t, 'got its first child report');
}

/** Every multicast property explains its failures from the recorded run (explain.ts). */
const explain = (s: MulticastScenario, err: unknown) => explainSafely(() => explainMulticastFailure(s, err));

export const multicastCatalog: Catalog<MulticastAdapter> = [
  defineProperty<MulticastAdapter, MulticastScenario, Outcome>({
    id: 'multicast.delivery.exactly-once',
    component: 'multicast',
    title: 'every receiver releases every message exactly once after dedup, for any tree, H and loss-free schedule',
    requires: [],
    arbitrary: (caps) => multicastScenarioArb(caps),
    check: async (subject, _oracle, s) => {
      const got = await subjectRun(subject, s);
      await judgedOn(got, () => assertExactlyOnce(got));
      return got;
    },
    describe: describeScenario,
    explain,
    figures: MULTICAST_FIGURES,
    measure: measureMulticast,
  }),

  defineProperty<MulticastAdapter, MulticastScenario, Outcome>({
    id: 'multicast.routing.spraying',
    component: 'multicast',
    title: 'round-robin spraying gives every child exactly one parent per message, the one the rotation names',
    requires: ['proxy', 'spraying'],
    arbitrary: (caps) => multicastScenarioArb(caps, { spraying: 'on', hedge: 'off', minDepth: 2 }),
    check: async (subject, oracle, s) => {
      const [got, want] = [await subjectRun(subject, s), await simulateWith(oracle, s)];
      await judgedOn(got, () => {
        assertRouting(s, got, want, true);
        assertExactlyOnce(got);
      });
      return got;
    },
    describe: describeScenario,
    explain,
    figures: MULTICAST_FIGURES,
    measure: measureMulticast,
  }),

  defineProperty<MulticastAdapter, MulticastScenario, Outcome>({
    id: 'multicast.routing.hedging',
    component: 'multicast',
    title: 'hedging sends each child copies from distinct parents (its parent and its aunts) and never delivers a message twice to the application',
    requires: ['hedging'],
    arbitrary: (caps) => multicastScenarioArb(caps, { hedge: 'on', minDepth: 2 }),
    check: async (subject, oracle, s) => {
      const [got, want] = [await subjectRun(subject, s), await simulateWith(oracle, s)];
      await judgedOn(got, () => {
        assertRouting(s, got, want, false);
        assertExactlyOnce(got);
      });
      return got;
    },
    describe: describeScenario,
    explain,
    figures: MULTICAST_FIGURES,
    measure: measureMulticast,
  }),

  defineProperty<MulticastAdapter, MulticastScenario, Outcome>({
    id: 'multicast.hold-release.within-2eps',
    component: 'multicast',
    title: 'hold-and-release: each receiver releases at max(arrival, deadline) on its clock, so late receivers are exactly those past the deadline and, when none is, DWS <= 2 epsilon',
    requires: ['holdRelease'],
    arbitrary: (caps) => multicastScenarioArb(caps, { holdRelease: 'on' }),
    check: async (subject, _oracle, s) => {
      const got = await subjectRun(subject, s);
      await judgedOn(got, () => assertHoldRelease(s.epsilonNs, got));
      return got;
    },
    describe: describeScenario,
    explain,
    figures: MULTICAST_FIGURES,
    measure: measureMulticast,
  }),

  defineProperty<MulticastAdapter, MulticastScenario, Outcome>({
    id: 'multicast.hold-release.deadline-from-reports',
    component: 'multicast',
    title: 'deadlines are stamped from percentile reports: a receiver reports one of its measured delays, a proxy one of its children\'s reports',
    requires: ['holdRelease'],
    arbitrary: (caps) => multicastScenarioArb(caps, { holdRelease: 'on', maxMessages: 16 }),
    check: async (subject, _oracle, s) => {
      const got = await subjectRun(subject, s);
      await judgedOn(got, () => void assertReports(s, got));
      return got;
    },
    describe: describeScenario,
    explain,
    figures: MULTICAST_FIGURES,
    measure: measureMulticast,
  }),
];
