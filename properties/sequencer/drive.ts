import type { ReleasedMessage, SequencerInstance } from '../../adapters/sequencer.ts';
import type { Arrival } from '../arbitraries/sequencer-schedule.ts';

export interface TimedRelease extends ReleasedMessage {
  /** Sequencer time at which it came out. */
  readonly at: number;
}

/**
 * A small deterministic event loop: at every integer time from 0 to `until`, deliver that
 * time's arrivals (in schedule order), tick, and collect what was released, stamped with the
 * time. Ticking every unit keeps the loop algorithm-agnostic (CloudEx deadlines, proxy dummies).
 */
export async function drive(instance: SequencerInstance, arrivals: readonly Arrival[], until: number): Promise<TimedRelease[]> {
  const out: TimedRelease[] = [];
  let i = 0;
  for (let now = 0; now <= until; now++) {
    for (; i < arrivals.length && arrivals[i]!.at <= now; i++) {
      const a = arrivals[i]!;
      if (a.dummy) await instance.heartbeat(now, a.participant, a.timestamp);
      else await instance.enqueue(now, a.participant, a.timestamp, a.id);
    }
    await instance.tick(now);
    for (const r of await instance.drain()) out.push({ participant: r.participant, timestamp: r.timestamp, id: r.id, at: now });
  }
  return out;
}
