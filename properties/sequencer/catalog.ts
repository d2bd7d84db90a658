import fc from 'fast-check';
import type { SequencerAdapter } from '../../adapters/sequencer.ts';
import { Mismatch } from '../mismatch.ts';
import { defineProperty, type Catalog } from '../property.ts';
import { buildSchedule, sequencerScenarioArb, type Arrival, type Schedule, type SequencerScenario } from '../arbitraries/sequencer-schedule.ts';
import { drive, type TimedRelease } from './drive.ts';
import { assertReleases } from './releases.ts';
import { withCaseRecord, type SequencerCaseRecord } from './case-record.ts';
import { explainSequencerFailure } from './explain.ts';
import { explainSafely } from '../explanation.ts';
import { SEQUENCER_FIGURES, measureSequencer } from './measure.ts';
import { namedScenario, orderName, orderNames, participantName } from './naming.ts';
import { proxyHeartbeatPeriodOf, treeDepth, treeLivenessBound, treeQuiescence } from './tree-bound.ts';

const SPEC = 'spec/exchange/sequencer.md';

/** Every order, sorted by (timestamp, participant), same-key orders of one participant in generation order. */
function fairOrder(schedule: Schedule): number[] {
  return [...schedule.orders].sort((a, b) => a.timestamp - b.timestamp || a.participant - b.participant || a.id - b.id).map((o) => o.id);
}

/** Safety: the released ids are exactly the fair order (each order once, nothing else), judged from the input. */
function assertFair(what: string, schedule: Schedule, released: readonly TimedRelease[], until: number): void {
  assertReleases(what, schedule.orders, fairOrder(schedule), released, `by time ${until}`);
}

const runUntil = (schedule: Schedule, extra: number) => schedule.end + extra;

/** Every sequencer property explains its failures from the recorded case and the reference (explain.ts). */
const explain = (_input: unknown, err: unknown) => explainSafely(() => explainSequencerFailure(err));

export const sequencerCatalog: Catalog<SequencerAdapter> = [
  defineProperty<SequencerAdapter, SequencerScenario, SequencerCaseRecord>({
    id: 'sequencer.safety.sorted-exactly-once',
    component: 'sequencer',
    title: 'Jasper releases every non-dummy order exactly once, sorted by (timestamp, participant), under any per-link-FIFO delays',
    requires: ['jasper'],
    arbitrary: () => sequencerScenarioArb(),
    describe: namedScenario,
    explain,
    figures: SEQUENCER_FIGURES,
    measure: measureSequencer,
    check: async (subject, _oracle, scenario) => {
      const schedule = buildSchedule(scenario);
      const rec: SequencerCaseRecord = { config: { kind: 'jasper', participants: scenario.participants }, schedule, until: runUntil(schedule, 1) };
      await withCaseRecord(rec, async () => {
        const seq = await subject.create(rec.config);
        rec.released = await drive(seq, schedule.arrivals, rec.until);
        assertFair('jasper', schedule, rec.released, rec.until);
      });
      return rec;
    },
  }),

  defineProperty<SequencerAdapter, SequencerScenario, SequencerCaseRecord>({
    id: 'sequencer.liveness.bounded-release',
    component: 'sequencer',
    title: 'with heartbeat period P and delays <= L, an order stamped t is released by time t + P + L',
    requires: ['jasper'],
    arbitrary: () => sequencerScenarioArb({ maxOrdersPerParticipant: 12, grid: 1 }),
    describe: namedScenario,
    explain,
    figures: SEQUENCER_FIGURES,
    measure: measureSequencer,
    check: async (subject, _oracle, scenario) => {
      const schedule = buildSchedule(scenario);
      const bound = scenario.period + scenario.maxDelay;
      const rec: SequencerCaseRecord = { config: { kind: 'jasper', participants: scenario.participants }, schedule, until: runUntil(schedule, 1), bound, boundText: `P + L = ${scenario.period} + ${scenario.maxDelay}` };
      await withCaseRecord(rec, async () => {
        const seq = await subject.create(rec.config);
        const released = await drive(seq, schedule.arrivals, rec.until);
        rec.released = released;
        const at = new Map<number, number>();
        for (const r of released) if (!at.has(r.id)) at.set(r.id, r.at);
        for (const o of schedule.orders) {
          const t = at.get(o.id);
          if (t === undefined || t > o.timestamp + bound) {
            throw new Mismatch(
              `order ${orderNames(schedule.orders).get(o.id)} (#${o.id}, t=${o.timestamp}, participant ${participantName(o.participant)}) released ${t === undefined ? 'never' : `at ${t}`}, bound t + P + L = ${o.timestamp + bound}`,
              { releasedBy: o.timestamp + bound },
              { releasedAt: t ?? null },
              { kind: t === undefined ? 'order-lost' : 'late-release', path: 'released[].at' },
            );
          }
        }
      });
      return rec;
    },
  }),

  defineProperty<SequencerAdapter, SequencerScenario, SequencerCaseRecord>({
    id: 'sequencer.tree.equals-flat',
    component: 'sequencer',
    title: 'a tree of sequencers (proxies forwarding low-water-mark dummies) releases the same sequence as one sequencer',
    requires: ['jasper', 'tree'],
    arbitrary: () => sequencerScenarioArb({ maxParticipants: 9 }),
    describe: namedScenario,
    explain,
    figures: SEQUENCER_FIGURES,
    measure: measureSequencer,
    check: async (subject, oracle, scenario) => {
      const schedule = buildSchedule(scenario);
      const tree = await subject.create({ kind: 'tree', participants: scenario.participants, fanout: scenario.fanout });
      const flat = await oracle.create({ kind: 'jasper', participants: scenario.participants });
      // Judge at quiescence: once the tree's liveness bound has passed for every order. A fixed
      // few ticks after the last arrival fails a correct tree whose proxies heartbeat slowly.
      const depth = treeDepth(scenario.participants, scenario.fanout);
      const proxyPeriod = proxyHeartbeatPeriodOf(tree);
      const bound = treeLivenessBound({ period: scenario.period, maxDelay: scenario.maxDelay, depth, proxyPeriod });
      const until = treeQuiescence(schedule.orders.map((o) => o.timestamp), schedule.end, bound);
      const boundText = `every order's bound t + P + L + depth·Q = t + ${scenario.period} + ${scenario.maxDelay} + ${depth}·${proxyPeriod} has passed`;
      const rec: SequencerCaseRecord = { config: { kind: 'tree', participants: scenario.participants, fanout: scenario.fanout }, schedule, until, boundText };
      await withCaseRecord(rec, async () => {
        const treeOut = await drive(tree, schedule.arrivals, until);
        rec.released = treeOut;
        const flatOut = await drive(flat, schedule.arrivals, runUntil(schedule, 1));
        assertReleases(
          `tree (fanout ${scenario.fanout}, ${depth} proxy layer(s), proxy heartbeat period ${proxyPeriod}) vs one sequencer`,
          schedule.orders,
          flatOut.map((r) => r.id),
          treeOut,
          `by time ${until} (${boundText})`,
        );
      });
      return rec;
    },
  }),

  defineProperty<SequencerAdapter, { scenario: SequencerScenario; slack: number }, SequencerCaseRecord>({
    id: 'sequencer.cloudex.fair-within-timeout',
    component: 'sequencer',
    title: 'the CloudEx baseline is fair while every one-way delay is below its timeout',
    requires: ['cloudex'],
    arbitrary: () => fc.record({ scenario: sequencerScenarioArb({ grid: 1 }), slack: fc.integer({ min: 1, max: 5 }) }),
    describe: ({ scenario, slack }) => ({ scenario: namedScenario(scenario), slack }),
    explain,
    figures: SEQUENCER_FIGURES,
    measure: measureSequencer,
    check: async (subject, _oracle, { scenario, slack }) => {
      const schedule = buildSchedule(scenario);
      const timeout = scenario.maxDelay + slack;
      const until = Math.max(schedule.end, schedule.horizon + timeout) + 1;
      const rec: SequencerCaseRecord = { config: { kind: 'cloudex', participants: scenario.participants, timeout }, schedule, until };
      await withCaseRecord(rec, async () => {
        const seq = await subject.create(rec.config);
        rec.released = await drive(seq, schedule.arrivals, until);
        assertFair(`cloudex (timeout ${timeout}, delays <= ${scenario.maxDelay})`, schedule, rec.released, until);
      });
      return rec;
    },
  }),

  defineProperty<SequencerAdapter, { scenario: SequencerScenario; timeout: number; victimAt: number; spike: number; gap: number }, SequencerCaseRecord>({
    id: 'sequencer.cloudex.unfair-beyond-timeout',
    component: 'sequencer',
    title: 'the CloudEx baseline releases a younger order first once an older one is delayed beyond its timeout',
    requires: ['cloudex'],
    expectedFailure: {
      reason: 'CloudEx waits a fixed timeout instead of hearing from every participant: an order delayed past it is released after younger ones',
      spec: `${SPEC}#cloudex-baseline`,
    },
    defaultRuns: 100,
    // Background traffic stays within the timeout; one extra pair of participants carries the
    // spike: an order delayed by timeout + spike, and a younger one (by gap < spike) on time.
    arbitrary: () =>
      fc
        .record({ timeout: fc.integer({ min: 1, max: 10 }), spike: fc.integer({ min: 1, max: 10 }) })
        .chain(({ timeout, spike }) =>
          fc.record({
            scenario: sequencerScenarioArb({ maxParticipants: 4, maxDelay: timeout - 1 }),
            timeout: fc.constant(timeout),
            victimAt: fc.integer({ min: 0, max: 40 }),
            spike: fc.constant(spike),
            gap: fc.integer({ min: 0, max: spike - 1 }),
          }),
        ),
    describe: ({ scenario, ...rest }) => ({
      ...rest,
      scenario: namedScenario(scenario),
      // The two extra orders, named as the explanation names them (each its participant's first).
      spiked: { [orderName(scenario.participants, 0)]: rest.victimAt, delay: rest.timeout + rest.spike },
      onTime: { [orderName(scenario.participants + 1, 0)]: rest.victimAt + rest.gap },
    }),
    explain,
    figures: SEQUENCER_FIGURES,
    measure: measureSequencer,
    check: async (subject, _oracle, { scenario, timeout, victimAt, spike, gap }) => {
      const base = buildSchedule(scenario);
      const victim = scenario.participants;
      const rival = victim + 1;
      const id = base.orders.length;
      const extra: Arrival[] = [
        { at: victimAt + timeout + spike, participant: victim, timestamp: victimAt, dummy: false, id },
        { at: victimAt + gap, participant: rival, timestamp: victimAt + gap, dummy: false, id: id + 1 },
      ];
      const arrivals = [...base.arrivals, ...extra].sort((a, b) => a.at - b.at);
      const schedule: Schedule = {
        ...base,
        arrivals,
        orders: [...base.orders, { id, participant: victim, timestamp: victimAt }, { id: id + 1, participant: rival, timestamp: victimAt + gap }],
        end: Math.max(base.end, victimAt + timeout + spike),
      };
      const until = Math.max(schedule.end, base.horizon + timeout) + 1;
      const rec: SequencerCaseRecord = { config: { kind: 'cloudex', participants: scenario.participants + 2, timeout }, schedule, until };
      await withCaseRecord(rec, async () => {
        const seq = await subject.create(rec.config);
        rec.released = await drive(seq, arrivals, until);
        assertFair(`cloudex (timeout ${timeout}, one delay ${timeout + spike})`, schedule, rec.released, until);
      });
      return rec;
    },
  }),
];
