import type { CaseFigures, FigureSpecs } from '../figures.ts';
import type { SequencerCaseRecord } from './case-record.ts';

/**
 * What the sequencer properties measure on a passing case, from the harness's record: the
 * schedule it generated (when each order was stamped and when it reached the sequencer) and when
 * the harness saw each order come out (drive.ts) — never from the sequencer's account. Sequencer
 * time is integer ticks.
 * - release delay: an order's release − its timestamp (one sample an order);
 * - hold time: an order's release − its arrival at the sequencer (one sample an order);
 * - queue depth: the most orders arrived and not yet released at any tick (one sample a case).
 */
export const SEQUENCER_FIGURES: FigureSpecs = {
  'release-delay': { title: 'release after the order\'s timestamp, per order', unit: 'ticks' },
  'hold-time': { title: 'release after the order reached the sequencer, per order', unit: 'ticks' },
  'queue-depth': { title: 'most orders held at once, per case', unit: 'orders' },
};

export function measureSequencer(_input: unknown, rec: SequencerCaseRecord): CaseFigures {
  const released = rec.released ?? [];
  const out = new Map<number, number>();
  for (const r of released) if (!out.has(r.id)) out.set(r.id, r.at);
  const arrived = new Map<number, number>();
  for (const a of rec.schedule.arrivals) if (!a.dummy && !arrived.has(a.id)) arrived.set(a.id, a.at);
  const delay: number[] = [];
  const hold: number[] = [];
  // Depth changes: +1 at an arrival, -1 at a release (a release in the tick of its arrival nets 0).
  const changes = new Map<number, number>();
  for (const o of rec.schedule.orders) {
    const at = out.get(o.id);
    const came = arrived.get(o.id);
    if (at === undefined || came === undefined) continue;
    delay.push(at - o.timestamp);
    hold.push(at - came);
    changes.set(came, (changes.get(came) ?? 0) + 1);
    changes.set(at, (changes.get(at) ?? 0) - 1);
  }
  let depth = 0;
  let most = 0;
  for (const t of [...changes.keys()].sort((a, b) => a - b)) {
    depth += changes.get(t)!;
    most = Math.max(most, depth);
  }
  return { 'release-delay': delay, 'hold-time': hold, 'queue-depth': most };
}
