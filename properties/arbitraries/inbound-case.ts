import fc from 'fast-check';
import type { InboundCapabilities } from '../../adapters/inbound.ts';
import type { InboundShape } from '../../reference/inbound/tree.ts';
import type { Submission } from '../../reference/inbound/run-inbound.ts';
import { flowOrderArb, OFFSET_BELOW_WINDOW, type FlowOrderSpec, type FlowSpec } from './loq-flow.ts';
import { inboundNetArb, type InboundNet } from './inbound-net.ts';
import { countGateways, hasProxy, inboundShapeArb } from './inbound-shape.ts';

/** The quantum of a plain (no-LOQ) case, ns: delays, uplinks and heartbeats are multiples of it. */
export const PLAIN_QUANTUM_NS = 1_000;

/** A tree without LOQ and a burst of submissions (times in ns from the start). */
export interface InboundPlainCase {
  readonly kind: 'plain';
  readonly shape: InboundShape;
  readonly net: InboundNet;
  readonly submissions: readonly Submission[];
}

/**
 * An LOQ tree and an order flow in the shape Appendix I assumes (loq-flow.ts's material: rational
 * orders, each epoch's mid inside the spread that timestamp order built, every gateway switching
 * epoch at the same instant), over the tree's participants. `race`: the flow starts with the
 * timestamp-merge race of spec/exchange/loq.md between gateways x and y (x's first order, a
 * filler that never trades, keeps its uplink busy so its LOQ lets a critical order overtake).
 */
export interface InboundLoqCase {
  readonly kind: 'loq';
  readonly shape: InboundShape;
  readonly net: InboundNet;
  readonly flow: FlowSpec;
  /** Proxies hold their backlog in a tag-keeping LOQ (else FIFO). */
  readonly proxyLoq: boolean;
  readonly race: { readonly x: number; readonly y: number } | null;
  /**
   * The session ends with one more mid change at every gateway (absent: true). Without it the
   * last epoch never ends, so its non-critical orders leave class-aware merges only through
   * non-critical dummies within the epoch (spec/exchange/loq.md, the correct composition).
   */
  readonly closingMid?: boolean;
}

export type InboundCase = InboundPlainCase | InboundLoqCase;

export interface InboundCaseOptions {
  readonly maxOrders?: number;
}

/**
 * Plain cases: bursts — a participant submitting 1..6 orders a few ns to a quantum apart — at
 * 0..40 quanta, prices 995..1005 on both sides, any participant of the tree. Cannot: cancels,
 * modifies, market orders, submissions after 50 quanta.
 */
export function inboundPlainCaseArb(caps: InboundCapabilities, o: InboundCaseOptions = {}): fc.Arbitrary<InboundPlainCase> {
  const maxOrders = o.maxOrders ?? 40;
  const burst = fc.record({
    // Taken modulo the tree's participants, so shape and bursts shrink independently (no chain).
    participant: fc.nat(63),
    at: fc.nat(40),
    count: fc.integer({ min: 1, max: 6 }),
    gapNs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: PLAIN_QUANTUM_NS })),
    side: fc.constantFrom('bid' as const, 'ask' as const),
    price: fc.integer({ min: 995, max: 1005 }),
    quantity: fc.integer({ min: 1, max: 3 }),
  });
  return fc
    .record({ net: inboundNetArb(caps), shape: inboundShapeArb(), bursts: fc.array(burst, { minLength: 1, maxLength: Math.max(1, Math.ceil(maxOrders / 3)) }) })
    .map(({ net, shape: raw, bursts }) => {
      const shape = fitShape(raw, net, 1);
      const p = countGateways(shape);
      const subs: Omit<Submission, 'id'>[] = [];
      for (const b of bursts) {
        for (let k = 0; k < b.count && subs.length < maxOrders; k++) {
          subs.push({ participant: b.participant % p, atNs: b.at * PLAIN_QUANTUM_NS + k * b.gapNs, side: b.side, price: b.price + (k % 2), quantity: b.quantity });
        }
      }
      subs.sort((a, b) => a.atNs - b.atNs);
      return { kind: 'plain' as const, shape, net, submissions: subs.map((x, id) => ({ ...x, id })) };
    });
}

/** A shape fixed up for the case: a proxy when proxies are all the subject runs, enough gateways. */
function fitShape(shape: InboundShape, net: InboundNet, minGateways: number): InboundShape {
  let s = shape;
  if (net.subjectRoles.length === 1 && net.subjectRoles[0] === 'proxy' && !hasProxy(s)) s = [s];
  while (countGateways(s) < minGateways) s = [...s, 'g'];
  return s;
}

const fo = (epoch: number, dt: number, gateway: number, side: 'bid' | 'ask', offset: number, quantity: number): FlowOrderSpec => ({ epoch, dt, gateway, side, offset, quantity });

/** Flow material over `gateways` participants (loq-flow.ts's FlowSpec; capacity/delays/skew unused here). */
function flowArb(gateways: number, maxOrders: number, minEpochs: number): fc.Arbitrary<FlowSpec> {
  return fc
    .record({
      window: fc.integer({ min: 0, max: 3 }),
      epochs: fc.array(fc.record({ length: fc.integer({ min: 2, max: 8 }), midPick: fc.integer({ min: 0, max: 1000 }) }), { minLength: minEpochs, maxLength: 4 }),
    })
    .chain(({ window, epochs }) =>
      fc.record({
        window: fc.constant(window),
        epochs: fc.constant(epochs),
        orders: fc.array(
          flowOrderArb(epochs.length, gateways, window),
          { minLength: epochs.length === 0 ? 0 : Math.min(4, maxOrders), maxLength: epochs.length === 0 ? 0 : maxOrders },
        ),
      }),
    )
    .map(({ window, epochs, orders }): FlowSpec => ({ gateways, window, epochs, orders, capacity: [[1]], delays: [0], skew: new Array<number>(gateways).fill(0) }));
}

/**
 * LOQ cases. With `race`, the flow opens with the race (x's filler, x's non-critical bid, y's
 * non-critical bid at the same price, x's critical bid, y's critical ask, then in epoch 1 — mid
 * at the non-critical level — an ask that fills whichever non-critical bid queues first), and
 * random traffic follows in later epochs. Cannot: skewed mids, irrational orders, cancels.
 */
export function inboundLoqCaseArb(caps: InboundCapabilities, o: InboundCaseOptions & { readonly race?: boolean } = {}): fc.Arbitrary<InboundLoqCase> {
  const maxOrders = o.maxOrders ?? 30;
  // Flow gateways are drawn from 0..63 and taken modulo the tree's participants (no chain: the
  // shape, the network and the flow shrink independently).
  const base = { net: inboundNetArb(caps), proxyLoq: fc.boolean(), shape: inboundShapeArb(), closingMid: fc.boolean() };
  if (!o.race) {
    return fc.record({ ...base, flow: flowArb(64, maxOrders, 1) }).map(({ net, proxyLoq, shape: raw, flow, closingMid }): InboundLoqCase => {
      const shape = fitShape(raw, net, 1);
      const p = countGateways(shape);
      return { kind: 'loq', net, proxyLoq, shape, flow: { ...flow, gateways: p, skew: new Array<number>(p).fill(0), orders: flow.orders.map((q) => ({ ...q, gateway: q.gateway % p })) }, race: null, closingMid };
    });
  }
  return fc
    .record({
      ...base,
      noise: flowArb(64, Math.min(12, maxOrders), 0),
      x: fc.nat(63),
      yStep: fc.nat(63),
      u: fc.integer({ min: 0, max: 3 }),
      len0: fc.integer({ min: 4, max: 6 }),
      len1: fc.integer({ min: 1, max: 4 }),
      lastByX: fc.boolean(),
    })
    .map(({ net, proxyLoq, shape: raw, noise, x: xr, yStep, u, len0, len1, lastByX, closingMid }): InboundLoqCase => {
      const shape = fitShape(raw, net, 2);
      const p = countGateways(shape);
      const x = xr % p;
      const y = (x + 1 + (yStep % (p - 1))) % p;
      const A = noise.window;
      const n = -(A + 1 + u);
      const race: FlowOrderSpec[] = [
        fo(0, 0, x, 'bid', -(A + OFFSET_BELOW_WINDOW), 1), // the filler: busies x's uplink, rests below every other bid
        fo(0, 0, x, 'bid', n, 1),
        fo(0, 1, y, 'bid', n, 1),
        fo(0, 2, x, 'bid', 0, 1),
        fo(0, 3, y, 'ask', 0, 1),
        fo(1, 0, lastByX ? x : y, 'ask', 0, 1),
      ];
      const flow: FlowSpec = {
        ...noise,
        gateways: p,
        skew: new Array<number>(p).fill(0),
        epochs: [{ length: len0, midPick: 0 }, { length: len1, midPick: 0 }, ...noise.epochs],
        orders: [...race, ...noise.orders.map((q) => ({ ...q, epoch: q.epoch + 2, gateway: q.gateway % p }))],
      };
      return { kind: 'loq', net, proxyLoq, shape, flow, race: { x, y }, closingMid };
    });
}
