import { SimulationInputError, requireInt } from '../sim/errors.ts';
import { InboundFault, InboundNetwork, type InboundNetworkOptions, type InboundTraceEvent, type OrderRecord } from './network.ts';
import type { Side } from './node.ts';

/** One order a participant submits, `atNs` after the start. */
export interface Submission {
  readonly participant: number;
  readonly atNs: number;
  readonly id: number;
  readonly side: Side;
  readonly price: number;
  readonly quantity: number;
}

/** Gateway `participant` infers mid `mid`, `atNs` after the start. */
export interface MidChange {
  readonly participant: number;
  readonly atNs: number;
  readonly mid: number;
}

export interface InboundSchedule {
  readonly submissions: readonly Submission[];
  readonly mids?: readonly MidChange[];
  /** How long after the last submission or mid change the run goes on at most (heartbeats keep flowing). */
  readonly drainNs: number;
  /**
   * Stop the drain as soon as every order has been released (checked every `stepNs` of true
   * time, default 8 heartbeat periods): what comes after is heartbeats only. Default true.
   */
  readonly stopWhenDone?: boolean;
}

export interface InboundRunResult {
  readonly network: InboundNetwork;
  /** Order ids in the order the sequencer released them to the matching engine. */
  readonly released: readonly number[];
  /** The harness's record of every submitted order, by id. */
  readonly records: ReadonlyMap<number, OrderRecord>;
  readonly trace: readonly InboundTraceEvent[];
  /** The run stopped at a node's bad action. */
  readonly fault?: InboundFault;
  /** True time the run ended. */
  readonly endNs: number;
}

/**
 * The standalone run (the catalog): the whole schedule up front, then the network runs to the
 * last event + drainNs. A node's bad action ends the run early with `fault`; bad options or a bad
 * schedule throw SimulationInputError.
 */
export async function runInbound(options: InboundNetworkOptions, schedule: InboundSchedule): Promise<InboundRunResult> {
  const net = new InboundNetwork(options);
  const start = net.startNs;
  let last = 0;
  for (const s of schedule.submissions) {
    const at = requireInt('submission.atNs', s.atNs, 0, 1e15);
    if (at > last) last = at;
    net.submit(s.participant, start + at, { id: s.id, participant: s.participant, side: s.side, price: s.price, quantity: s.quantity });
  }
  for (const m of schedule.mids ?? []) {
    const at = requireInt('mid.atNs', m.atNs, 0, 1e15);
    if (at > last) last = at;
    net.setMid(m.participant, start + at, m.mid);
  }
  const end = start + last + requireInt('drainNs', schedule.drainNs, 0, 1e15);
  let fault: InboundFault | undefined;
  const stop = schedule.stopWhenDone ?? true;
  const step = Math.max(1, 8 * options.heartbeatPeriodNs);
  let reached = start + last;
  try {
    await net.runUntil(reached);
    while (reached < end && !(stop && net.released.length === net.submittedCount)) {
      reached = Math.min(end, reached + step);
      await net.runUntil(reached);
    }
  } catch (err) {
    if (!(err instanceof InboundFault)) throw err;
    fault = err;
  }
  const records = new Map<number, OrderRecord>();
  for (const id of net.submittedIds()) records.set(id, net.record(id)!);
  if (records.size !== schedule.submissions.length) throw new SimulationInputError('harness bug: a submission has no record');
  return { network: net, released: [...net.released], records, trace: net.traceEvents, ...(fault ? { fault } : {}), endNs: net.now };
}
