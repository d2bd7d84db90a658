import { Mismatch } from '../mismatch.ts';
import type { Outcome } from './run.ts';
import { renderTimeline } from './timeline.ts';

/**
 * Verdicts on a run, from the harness's record alone (shared by the catalog and the Gherkin
 * steps). A run recorded without a trace gets messages without timelines.
 */

/** The timeline of one message at one node (empty when the run kept no trace). */
export function focus(o: Outcome, msg: number, node: string): string {
  return o.trace.length === 0 ? '' : renderTimeline(o.trace, { msgs: new Set([msg]), nodes: new Set([node]) });
}

/** Every receiver released every message exactly once (the harness refuses a second release as a fault). */
export function assertExactlyOnce(o: Outcome): void {
  const releases = new Map<string, number>();
  for (const e of o.trace) if (e.kind === 'release') releases.set(`${e.node}#${e.msg}`, (releases.get(`${e.node}#${e.msg}`) ?? 0) + 1);
  // Without a trace, the per-message record says whether (not how often) it released; the harness refuses a second release.
  const counted = o.trace.length > 0;
  for (const m of o.perMessage) {
    for (const r of m.receivers) {
      const n = counted ? (releases.get(`${r.id}#${m.msg}`) ?? 0) : r.releaseTrue === null ? 0 : 1;
      if (n !== 1) {
        const why = n === 0 ? (r.arrivals.length === 0 ? 'no copy ever reached it' : `${r.arrivals.length} copy(ies) reached it, none released`) : `released ${n} times`;
        throw new Mismatch(
          `receiver ${r.id} (participant ${r.participant}): message ${m.msg} ${why}\n${focus(o, m.msg, r.id)}`,
          { receiver: r.id, msg: m.msg, releases: 1 },
          { receiver: r.id, msg: m.msg, releases: n, copies: r.arrivals.length },
          { kind: n === 0 ? 'message-not-released' : 'message-released-twice', path: 'receivers[].messages[]' },
        );
      }
    }
  }
}

/**
 * Hold-and-release: receiver r with clock offset o (local − true) whose first copy of message m
 * lands at true time a must release at exactly max(a, deadline − o): held to the deadline on its
 * own clock when on time, at once when late. So the late receivers are exactly those whose
 * measured delay (a + o − sentAt) exceeded deadline − sentAt, and when none is late every
 * release lies within [deadline − ε, deadline + ε]: DWS ≤ 2ε.
 */
export function assertHoldRelease(epsilonNs: number, o: Outcome): void {
  const eps = epsilonNs;
  for (const m of o.perMessage) {
    if (m.deadline === null) throw new Mismatch(`message ${m.msg} carries no deadline with hold-and-release on (harness bug)`);
    let allOnTime = true;
    const releases: number[] = [];
    for (const r of m.receivers) {
      if (r.arrivals.length === 0 || r.releaseTrue === null) {
        throw new Mismatch(
          `receiver ${r.id}: message ${m.msg} ${r.arrivals.length === 0 ? 'never arrived' : 'never released'}\n${focus(o, m.msg, r.id)}`,
          { receiver: r.id, msg: m.msg, released: true },
          { receiver: r.id, msg: m.msg, released: false },
          { kind: 'message-not-released', path: 'receivers[].messages[]' },
        );
      }
      const a = Math.min(...r.arrivals);
      const onTime = a + r.clockOffsetNs <= m.deadline;
      if (!onTime) allOnTime = false;
      const expected = Math.max(a, m.deadline - r.clockOffsetNs);
      if (r.releaseTrue !== expected) {
        const owd = a + r.clockOffsetNs - m.sentAt;
        throw new Mismatch(
          `receiver ${r.id}: message ${m.msg} released at t=${r.releaseTrue - m.sentTrue} ns after the send, expected ${expected - m.sentTrue}: ` +
            (onTime
              ? `its first copy was on time (measured delay ${owd} ns <= deadline - sentAt = ${m.deadline - m.sentAt} ns), so it must be held to the deadline on its clock (offset ${r.clockOffsetNs} ns)`
              : `its first copy was late (measured delay ${owd} ns > ${m.deadline - m.sentAt} ns), so it must be released on arrival`) +
            `\n${focus(o, m.msg, r.id)}`,
          { receiver: r.id, msg: m.msg, releaseNs: expected - m.sentTrue, late: !onTime },
          { receiver: r.id, msg: m.msg, releaseNs: r.releaseTrue - m.sentTrue },
          { kind: onTime ? 'on-time-not-held-to-deadline' : 'late-not-released-on-arrival', path: 'receivers[].messages[]' },
        );
      }
      releases.push(r.releaseTrue);
    }
    const dws = Math.max(...releases) - Math.min(...releases);
    if (allOnTime && dws > 2 * eps) {
      throw new Mismatch(
        `message ${m.msg}: every copy was within the deadline, yet releases spread over ${dws} ns > 2 epsilon = ${2 * eps} ns\n${renderTimeline(o.trace, { msgs: new Set([m.msg]) })}`,
        { msg: m.msg, dwsAtMost: 2 * eps },
        { msg: m.msg, dws },
        { kind: 'dws-over-2-epsilon', path: 'messages[]' },
      );
    }
  }
}

/** Share (percent, exact) of messages every participant released within `thresholdNs` of each other. */
export function shareWithin(o: Outcome, thresholdNs: number): number {
  if (o.perMessage.length === 0) return 0;
  let within = 0;
  for (const m of o.perMessage) {
    const first = new Map<number, number>();
    let missing = false;
    for (const r of m.receivers) {
      if (r.releaseTrue === null) continue;
      const prev = first.get(r.participant);
      if (prev === undefined || r.releaseTrue < prev) first.set(r.participant, r.releaseTrue);
    }
    for (const r of m.receivers) if (!first.has(r.participant)) missing = true;
    if (missing) continue;
    const t = [...first.values()];
    if (Math.max(...t) - Math.min(...t) <= thresholdNs) within++;
  }
  return (100 * within) / o.perMessage.length;
}
