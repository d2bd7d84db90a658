import { ALL_SEQUENCER_CAPABILITIES, type ReleasedMessage, type SequencerAdapter, type SequencerConfig, type SequencerInstance } from '../sequencer.ts';
import { CloudExSequencer } from '../../reference/sequencer/cloudex.ts';
import { SequencerError, checkParticipant, checkTimestamp } from '../../reference/sequencer/errors.ts';
import { JasperSequencer } from '../../reference/sequencer/jasper.ts';
import { SequencerTree } from '../../reference/sequencer/tree.ts';

/** Guards the `now` contract (safe integer, non-decreasing) for every instance kind. */
class Clock {
  private last = -Infinity;
  at(now: number): void {
    checkTimestamp(now, 'now');
    if (now < this.last) throw new SequencerError('time-went-back', `now ${now} < ${this.last}`);
    this.last = now;
  }
}

function createInstance(config: SequencerConfig): SequencerInstance {
  let out: ReleasedMessage[] = [];
  const onRelease = (timestamp: number, participant: number, id: number) => out.push({ participant, timestamp, id });
  const clock = new Clock();
  const drain = () => {
    const d = out;
    out = [];
    return d;
  };
  const n = config.participants;
  switch (config.kind) {
    case 'jasper': {
      const s = new JasperSequencer<number>({ links: n, onRelease });
      return {
        enqueue: (now, p, ts, id) => (clock.at(now), checkParticipant(p, n), s.enqueue(p, ts, p, id)),
        heartbeat: (now, p, ts) => (clock.at(now), checkParticipant(p, n), s.heartbeat(p, ts, p)),
        tick: (now) => clock.at(now),
        drain,
      };
    }
    case 'tree': {
      const t = new SequencerTree<number>({ participants: n, fanout: config.fanout }, onRelease);
      return {
        enqueue: (now, p, ts, id) => (clock.at(now), t.enqueue(p, ts, id)),
        heartbeat: (now, p, ts) => (clock.at(now), t.heartbeat(p, ts)),
        tick: (now) => (clock.at(now), t.tick(now)),
        drain,
      };
    }
    case 'cloudex': {
      const c = new CloudExSequencer<number>(n, config.timeout, onRelease);
      return {
        enqueue: (now, p, ts, id) => c.enqueue(now, p, ts, id),
        heartbeat: (now, p, ts) => (checkParticipant(p, n), checkTimestamp(ts), c.advance(now)),
        tick: (now) => c.advance(now),
        drain,
      };
    }
    default:
      throw new SequencerError('bad-config', `unknown sequencer kind ${String((config as { kind: unknown }).kind)}`);
  }
}

/** The in-process reference: the oracle and the default subject. */
export function referenceSequencerAdapter(): SequencerAdapter {
  return { name: 'reference', component: 'sequencer', capabilities: ALL_SEQUENCER_CAPABILITIES, create: createInstance };
}
