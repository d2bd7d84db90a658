import fc from 'fast-check';

/**
 * An inbound flow for sequencer properties: participants generate orders at integer times,
 * gateways send a dummy stamped with their clock whenever their participant has sent nothing
 * for `period`, and each message reaches the sequencer after a delay in [minDelay, maxDelay],
 * never overtaking an earlier message of the same link (per-link FIFO, like TCP).
 * Clocks are perfect (ε = 0): a gateway's timestamp is the generation time.
 *
 * What it can generate: 2..maxParticipants links; timestamp ties across participants (coarse
 * grid) and within one participant (repeated times); an order stamped exactly like a dummy of its
 * own link, sent right after that dummy (`tieHeartbeatFirst`); delays from 0 to maxDelay with the
 * extremes over-weighted, so arrivals reorder across links; links silent for a whole period
 * (dummy only); no orders at all. What it cannot: a link that breaks its own promise (a key below
 * a dummy already sent, or decreasing keys); a dummy right after an order with its stamp (a gateway
 * heartbeats only after a silent period); clock error (ε = 0); lost or duplicated messages;
 * timestamps beyond maxTime + 2·period (no values near 2^53: the reference's bad-input tests own
 * those); heartbeat periods that vary within a link.
 */
export interface SequencerScenario {
  readonly participants: number;
  /** Heartbeat period P (>= 1). */
  readonly period: number;
  readonly minDelay: number;
  /** L: the largest one-way delay. */
  readonly maxDelay: number;
  /** Per participant, order generation times (non-decreasing). */
  readonly orders: readonly (readonly number[])[];
  /** Delay pool; message k of participant p uses delays[(p * 7 + k) % length]. */
  readonly delays: readonly number[];
  /** Children per proxy when the property builds a tree. */
  readonly fanout: number;
  /**
   * Per participant: when an order is generated at the instant its gateway's heartbeat falls due,
   * the heartbeat goes first (the order then carries the same stamp as the link's previous dummy,
   * which the dummy's promise allows). Otherwise the order goes first and the heartbeat is moot.
   */
  readonly tieHeartbeatFirst: readonly boolean[];
}

/** One arrival at the sequencer. `id` is -1 for dummies. */
export interface Arrival {
  readonly at: number;
  readonly participant: number;
  readonly timestamp: number;
  readonly dummy: boolean;
  readonly id: number;
}

export interface Schedule {
  /** Arrivals in delivery order: by time, then by participant, then by generation order. */
  readonly arrivals: readonly Arrival[];
  /** The orders (non-dummies) with their ids, in generation order per participant. */
  readonly orders: readonly { readonly id: number; readonly participant: number; readonly timestamp: number }[];
  /** Last arrival time. */
  readonly end: number;
  /** Time after which gateways stop heartbeating (every order has been covered by a later dummy). */
  readonly horizon: number;
}

export interface ScenarioShape {
  readonly maxParticipants?: number;
  /** Largest generation time. */
  readonly maxTime?: number;
  readonly maxOrdersPerParticipant?: number;
  /** Generation times are multiples of this (coarse grids make timestamp ties frequent). */
  readonly grid?: number;
  readonly maxPeriod?: number;
  readonly maxDelay?: number;
}

export function sequencerScenarioArb(shape: ScenarioShape = {}): fc.Arbitrary<SequencerScenario> {
  const { maxParticipants = 6, maxTime = 60, maxOrdersPerParticipant = 8, grid = 3, maxPeriod = 8, maxDelay = 20 } = shape;
  return fc
    .record({
      participants: fc.integer({ min: 2, max: maxParticipants }),
      period: fc.integer({ min: 1, max: maxPeriod }),
      lo: fc.integer({ min: 0, max: maxDelay }),
      hi: fc.integer({ min: 0, max: maxDelay }),
      fanout: fc.integer({ min: 2, max: 3 }),
    })
    .chain(({ participants, period, lo, hi, fanout }) => {
      const minDelay = Math.min(lo, hi);
      const top = Math.max(lo, hi);
      return fc.record({
        participants: fc.constant(participants),
        period: fc.constant(period),
        minDelay: fc.constant(minDelay),
        maxDelay: fc.constant(top),
        orders: fc.array(
          fc.array(fc.integer({ min: 0, max: Math.floor(maxTime / grid) }).map((k) => k * grid), { maxLength: maxOrdersPerParticipant }).map((ts) => [...ts].sort((a, b) => a - b)),
          { minLength: participants, maxLength: participants },
        ),
        // Extremes are frequent: a big spread between min and max delay is what reorders arrivals.
        delays: fc.array(fc.oneof(fc.constant(minDelay), fc.constant(top), fc.integer({ min: minDelay, max: top })), { minLength: 1, maxLength: 12 }),
        fanout: fc.constant(fanout),
        tieHeartbeatFirst: fc.array(fc.boolean(), { minLength: participants, maxLength: participants }),
      });
    });
}

/** The gateways and links of a scenario, as a deterministic list of arrivals. */
export function buildSchedule(s: SequencerScenario): Schedule {
  const lastOrder = Math.max(0, ...s.orders.flat());
  // Heartbeats continue until every order is followed by a dummy with a larger timestamp.
  const horizon = lastOrder + s.period;
  const arrivals: (Arrival & { seq: number })[] = [];
  const orders: { id: number; participant: number; timestamp: number }[] = [];
  let seq = 0;
  let nextId = 0;
  for (let p = 0; p < s.participants; p++) {
    const mine = s.orders[p] ?? [];
    let lastSend = 0; // the session starts at 0: the first dummy is due at `period`
    let lastArrival = -Infinity;
    let k = 0;
    let i = 0;
    const send = (ts: number, dummy: boolean) => {
      const d = s.delays[(p * 7 + k++) % s.delays.length] ?? 0;
      lastArrival = Math.max(lastArrival, ts + d);
      const id = dummy ? -1 : nextId++;
      if (!dummy) orders.push({ id, participant: p, timestamp: ts });
      arrivals.push({ at: lastArrival, participant: p, timestamp: ts, dummy, id, seq: seq++ });
      lastSend = ts;
    };
    const heartbeatFirst = s.tieHeartbeatFirst[p] === true;
    for (;;) {
      const o = mine[i];
      const due = lastSend + s.period;
      if (o !== undefined && (o < due || (o === due && !heartbeatFirst))) {
        send(o, false);
        i++;
      } else if (due <= horizon + s.period) {
        send(due, true);
      } else break;
    }
  }
  arrivals.sort((a, b) => a.at - b.at || a.seq - b.seq);
  const end = arrivals.reduce((m, a) => Math.max(m, a.at), 0);
  return { arrivals: arrivals.map(({ seq: _seq, ...a }) => a), orders, end, horizon };
}
