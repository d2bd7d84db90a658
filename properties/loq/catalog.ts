import fc from 'fast-check';
import type { LoqAdapter } from '../../adapters/loq.ts';
import { referenceMatchingAdapter } from '../../adapters/reference/matching.ts';
import { referenceSequencerAdapter } from '../../adapters/reference/sequencer.ts';
import { assertSameCanonical } from '../mismatch.ts';
import { defineProperty, type Catalog } from '../property.ts';
import { loqFlowArb, type FlowOrderSpec, type FlowSpec } from '../arbitraries/loq-flow.ts';
import { loqOpsArb, type LoqOpsCase } from '../arbitraries/loq-ops.ts';
import { buildFlow } from './build-flow.ts';
import { checkPopOrder } from './pop-order.ts';
import { runPipeline, type MergeKind, type Topology } from './pipeline.ts';
import { rethrowWithPipeline } from './pipeline-trace.ts';
import { explainPipelineFailure } from './explain-pipeline.ts';
import { explainPopFailure } from './explain-pop.ts';
import { explainSafely } from '../explanation.ts';
import { LOQ_PIPELINE_FIGURES, LOQ_POP_FIGURES, measurePipeline, measurePops } from './measure.ts';
import type { BuiltFlow } from './build-flow.ts';
import type { PipelineResult } from './pipeline.ts';
import type { PopCaseRecord } from './pop-record.ts';

const SPEC = 'spec/exchange/loq.md';

/** Appendix I: trades from the pipeline equal the trades of timestamp-order processing. */
async function checkClaim(subject: LoqAdapter, spec: FlowSpec, merge: MergeKind, topology: Topology = 'direct'): Promise<Claimed> {
  const flow = await buildFlow(spec, referenceMatchingAdapter());
  const got = await runPipeline(flow, subject, merge, referenceMatchingAdapter(), referenceSequencerAdapter(), topology);
  try {
    assertSameCanonical(
      `trades after LOQs${topology === 'proxies' ? ' at gateways and proxies' : ''} + ${merge} merge vs timestamp order (mids ${flow.mids.join(',')}, epoch starts ${flow.starts.join(',')}, ME order ${got.processed.join(',')})`,
      flow.expected,
      got.trades,
      { kind: 'trades-differ', path: 'trades[]' },
    );
  } catch (err) {
    rethrowWithPipeline(err, { flow, trace: got.trace, merge, topology, trades: got.trades });
  }
  return { flow, got };
}

/** A pipeline case as the harness ran it: what the LOQ pipeline figures read (measure.ts). */
interface Claimed {
  readonly flow: BuiltFlow;
  readonly got: PipelineResult;
}

/** Explanations from the harness's own record of the case (explain-pop.ts, explain-pipeline.ts). */
const explainPops = (_input: unknown, err: unknown) => explainSafely(() => explainPopFailure(err));
const explainPipeline = (_input: unknown, err: unknown) => explainSafely(() => explainPipelineFailure(err));

/** Shifts noise material past the scripted epochs of a race. */
function after(race: FlowSpec, noise: FlowSpec): FlowSpec {
  const shift = race.epochs.length;
  const gateways = race.gateways;
  return {
    ...race,
    epochs: [...race.epochs, ...noise.epochs],
    orders: [...race.orders, ...noise.orders.map((o) => ({ ...o, epoch: o.epoch + shift, gateway: o.gateway % gateways }))],
  };
}

const o = (epoch: number, dt: number, gateway: number, side: 'bid' | 'ask', offset: number, quantity: number): FlowOrderSpec => ({ epoch, dt, gateway, side, offset, quantity });

/**
 * Gateway `late` sees the move from epoch 0 to 1 `skew` units late. Epoch 0: `other` rests a
 * non-critical ask at P = M0 + A + 1 + u. Epoch 1 (mid = P, the best ask): `other` bids P at
 * the epoch start, `late` bids P one unit later. In timestamp order the first bid takes the ask;
 * the late gateway still files its bid under epoch 0, ahead of every epoch-1 order, and takes it.
 */
const skewedArb = fc
  .record({
    gateways: fc.integer({ min: 2, max: 4 }),
    window: fc.integer({ min: 0, max: 3 }),
    u: fc.integer({ min: 0, max: 3 }),
    quantity: fc.integer({ min: 1, max: 3 }),
    len0: fc.integer({ min: 1, max: 4 }),
    len1: fc.integer({ min: 2, max: 4 }),
    skew: fc.integer({ min: 2, max: 4 }),
    pick: fc.nat(1000),
    noise: loqFlowArb({ minEpochs: 0, maxEpochs: 2, maxOrders: 12 }),
  })
  .chain((r) => fc.record({ r: fc.constant(r), late: fc.nat(r.gateways - 1), otherStep: fc.integer({ min: 1, max: r.gateways - 1 }) }))
  .map(({ r, late, otherStep }): FlowSpec => {
    const other = (late + otherStep) % r.gateways;
    const A = r.window;
    const race: FlowSpec = {
      gateways: r.gateways,
      window: A,
      epochs: [{ length: r.len0, midPick: r.pick }, { length: r.len1, midPick: 1000 }],
      orders: [o(0, 0, other, 'ask', -(A + 1 + Math.min(r.u, 3)), r.quantity), o(1, 0, other, 'bid', 0, r.quantity), o(1, 1, late, 'bid', 0, r.quantity)],
      capacity: Array.from({ length: r.gateways }, (_, g) => r.noise.capacity[g] ?? [1]),
      delays: r.noise.delays,
      skew: Array.from({ length: r.gateways }, (_, g) => (g === late ? r.skew : 0)),
    };
    return after(race, r.noise);
  });

/**
 * Gateway x's LOQ is backlogged (no capacity at times 0 and 1): it emits its critical bid (t=2)
 * before its older non-critical bid (t=0); gateway y's non-critical bid at the same price (t=1)
 * goes straight out. A merge by timestamp alone lets y's bid overtake x's older one; y then
 * clears x's critical bid, the mid drops to the non-critical level, and an ask there fills the
 * wrong bid.
 */
const naiveMergeArb = fc
  .record({
    gateways: fc.integer({ min: 2, max: 4 }),
    window: fc.integer({ min: 0, max: 3 }),
    u: fc.integer({ min: 0, max: 3 }),
    len0: fc.integer({ min: 4, max: 6 }),
    len1: fc.integer({ min: 1, max: 4 }),
    noise: loqFlowArb({ minEpochs: 0, maxEpochs: 2, maxOrders: 12 }),
  })
  .chain((r) => fc.record({ r: fc.constant(r), x: fc.nat(r.gateways - 1), yStep: fc.integer({ min: 1, max: r.gateways - 1 }), lastBy: fc.boolean() }))
  .map(({ r, x, yStep, lastBy }): FlowSpec => {
    const y = (x + yStep) % r.gateways;
    const A = r.window;
    const n = -(A + 1 + Math.min(r.u, 3));
    const race: FlowSpec = {
      gateways: r.gateways,
      window: A,
      epochs: [{ length: r.len0, midPick: 0 }, { length: r.len1, midPick: 0 }],
      orders: [o(0, 0, x, 'bid', n, 1), o(0, 1, y, 'bid', n, 1), o(0, 2, x, 'bid', 0, 1), o(0, 3, y, 'ask', 0, 1), o(1, 0, lastBy ? x : y, 'ask', 0, 1)],
      capacity: Array.from({ length: r.gateways }, (_, g) => (g === x ? [0, 0, 1, 1, 1, 1] : [1])),
      delays: r.noise.delays,
      skew: new Array<number>(r.gateways).fill(0),
    };
    return after(race, r.noise);
  });

export const loqCatalog: Catalog<LoqAdapter> = [
  defineProperty<LoqAdapter, LoqOpsCase, PopCaseRecord>({
    id: 'loq.pop.order',
    component: 'loq',
    title: 'the LOQ pops by (epoch, critical?, timestamp, participant), epoch and class fixed at push (or given by pushTagged)',
    requires: ['loq'],
    // Tagged pushes only for proxies: behind a class-aware merge a proxy's LOQ never reorders,
    // so the pipeline alone would never see a pushTagged that ignores its tags when ordering.
    arbitrary: (caps) => loqOpsArb({ tagged: caps.proxy }),
    check: (subject, _oracle, c) => checkPopOrder(subject, c, 'loq'),
    explain: explainPops,
    figures: LOQ_POP_FIGURES,
    measure: measurePops,
  }),

  defineProperty<LoqAdapter, LoqOpsCase, PopCaseRecord>({
    id: 'loq.simple-pq.order',
    component: 'loq',
    title: 'the SimplePQ baseline pops by (timestamp, participant), FIFO on ties, every order epoch 0 and critical, whatever the mid',
    requires: ['simplePq'],
    arbitrary: () => loqOpsArb(),
    check: (subject, _oracle, c) => checkPopOrder(subject, c, 'simple-pq'),
    explain: explainPops,
    figures: LOQ_POP_FIGURES,
    measure: measurePops,
  }),

  defineProperty<LoqAdapter, FlowSpec, Claimed>({
    id: 'loq.fairness.appendix-i',
    component: 'loq',
    title: 'Appendix I: with rational orders and simultaneous mid-price changes, LOQs at the gateways merged class-aware trade exactly like timestamp order',
    requires: ['loq'],
    arbitrary: () => loqFlowArb(),
    check: (subject, _oracle, spec) => checkClaim(subject, spec, 'class-aware'),
    explain: explainPipeline,
    figures: LOQ_PIPELINE_FIGURES,
    measure: measurePipeline,
  }),

  defineProperty<LoqAdapter, FlowSpec, Claimed>({
    id: 'loq.fairness.appendix-i-tree',
    component: 'loq',
    title: 'Appendix I through a tree: LOQs at gateways and at proxies (keeping upstream tags), class-aware merges at proxies and exchange',
    requires: ['loq', 'proxy'],
    arbitrary: () => loqFlowArb(),
    check: (subject, _oracle, spec) => checkClaim(subject, spec, 'class-aware', 'proxies'),
    explain: explainPipeline,
    figures: LOQ_PIPELINE_FIGURES,
    measure: measurePipeline,
  }),

  defineProperty<LoqAdapter, FlowSpec, Claimed>({
    id: 'loq.fairness.skewed-mid',
    component: 'loq',
    title: 'Appendix I fails when one gateway sees a mid-price change later than the others',
    requires: ['loq'],
    expectedFailure: {
      reason: 'a gateway that infers the new mid late files an order of the new epoch under the old one, ahead of older orders of the new epoch',
      spec: `${SPEC}#expected-failure-skewed-mid-price`,
    },
    defaultRuns: 100,
    arbitrary: () => skewedArb,
    check: (subject, _oracle, spec) => checkClaim(subject, spec, 'class-aware'),
    explain: explainPipeline,
    figures: LOQ_PIPELINE_FIGURES,
    measure: measurePipeline,
  }),

  defineProperty<LoqAdapter, FlowSpec, Claimed>({
    id: 'loq.composition.timestamp-merge',
    component: 'loq',
    title: 'merging LOQ outputs by (timestamp, participant) alone breaks Appendix I: two non-critical orders swap queue priority',
    requires: ['loq'],
    expectedFailure: {
      reason: 'LOQ output is not timestamp-monotone, so a timestamp-keyed Jasper merge can release a younger non-critical order before an older one at the same price',
      spec: `${SPEC}#expected-failure-timestamp-merge`,
    },
    defaultRuns: 100,
    arbitrary: () => naiveMergeArb,
    check: (subject, _oracle, spec) => checkClaim(subject, spec, 'timestamp'),
    explain: explainPipeline,
    figures: LOQ_PIPELINE_FIGURES,
    measure: measurePipeline,
  }),
];
