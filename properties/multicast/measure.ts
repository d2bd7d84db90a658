import type { CaseFigures, FigureSpecs } from '../figures.ts';
import type { MulticastScenario } from '../arbitraries/multicast-scenario.ts';
import type { Outcome } from './run.ts';

/**
 * What the multicast properties measure on a passing case, from the harness's record of the
 * subject's run (true-time release of every receiver, its clock offset, each message's deadline)
 * — never from what a node says. One sample per message:
 * - release spread (DWS): the last participant's first release − the first participant's;
 * - last release (OML): the last participant's first release − the true send time;
 * - with hold-and-release: lateness, the latest receiver's first copy past the deadline on its
 *   own clock (0 when all were on time), and whether the spread was within 2ε (a share).
 */
export const MULTICAST_FIGURES: FigureSpecs = {
  'release-spread': { title: 'release spread across participants (DWS) per message', unit: 'ns' },
  'last-release': { title: 'last participant release after the send (OML) per message', unit: 'ns' },
  lateness: { title: 'latest first copy past the deadline per message (0: all on time)', unit: 'ns' },
  'within-2eps': { title: 'messages whose release spread is within 2 epsilon', unit: 'messages', share: true },
};

export function measureMulticast(s: MulticastScenario, o: Outcome): CaseFigures {
  const spread: number[] = [];
  const last: number[] = [];
  const lateness: number[] = [];
  const within: number[] = [];
  for (const m of o.perMessage) {
    // Each participant's first release (receiver hedging gives a participant two receivers).
    const first = new Map<number, number>();
    let complete = true;
    for (const r of m.receivers) {
      if (r.releaseTrue === null) {
        complete = false;
        continue;
      }
      const prev = first.get(r.participant);
      if (prev === undefined || r.releaseTrue < prev) first.set(r.participant, r.releaseTrue);
    }
    if (!complete || first.size === 0) continue;
    const t = [...first.values()];
    const hi = Math.max(...t);
    const dws = hi - Math.min(...t);
    spread.push(dws);
    last.push(hi - m.sentTrue);
    if (s.holdRelease && m.deadline !== null) {
      const deadline = m.deadline;
      let late = 0;
      for (const r of m.receivers) if (r.arrivals.length > 0) late = Math.max(late, Math.min(...r.arrivals) + r.clockOffsetNs - deadline);
      lateness.push(late);
      within.push(dws <= 2 * s.epsilonNs ? 1 : 0);
    }
  }
  return { 'release-spread': spread, 'last-release': last, lateness, 'within-2eps': within };
}
