/**
 * The reference receiver (Jasper §4.3, App. B): accepts each message once (exact dedup), and
 * releases it to the application on arrival, or — with hold-and-release and a deadline — at
 * max(arrival, deadline) local time via a timer. With hold-and-release it records the one-way
 * delay of every first copy (local arrival − sentAt: what its clock can tell) and every
 * reportIntervalNs reports the nearest-rank `reportPercentile` of the delays since its last
 * report to its parent.
 */
import { MessageSet } from './message-set.ts';
import { nearestRank } from './metrics.ts';
import type { MulticastNode, NodeAction, NodeConfig, NodeEvent, NodeId } from './node.ts';
import { reportParent } from './report-parent.ts';

const NONE: readonly NodeAction[] = [];
export const REPORT_TIMER = 'report';
/** Release timers are named `release:<msg>`. */
const RELEASE_PREFIX = 'release:';
/** Delays kept between two reports; beyond it the oldest are overwritten (a ring). */
const WINDOW = 4096;

export class ReceiverNode implements MulticastNode {
  private readonly seen = new MessageSet();
  /** The delays since the last report (hold-and-release only: 32 KiB a receiver otherwise wasted). */
  private readonly window: Float64Array;
  private inWindow = 0;
  private next = 0;
  private timerArmed = false;
  private readonly parent: NodeId | undefined;

  constructor(readonly config: NodeConfig) {
    this.parent = reportParent(config);
    this.window = new Float64Array(config.holdRelease ? WINDOW : 0);
  }

  onEvent(e: NodeEvent): readonly NodeAction[] {
    if (e.type === 'packet') {
      const p = e.packet;
      if (!this.seen.add(p.msg)) return NONE;
      if (!this.config.holdRelease) return [{ type: 'release', msg: p.msg }];
      this.window[this.next] = e.time - p.sentAt;
      this.next = (this.next + 1) % WINDOW;
      if (this.inWindow < WINDOW) this.inWindow++;
      const out: NodeAction[] = [];
      if (p.deadline !== null && e.time < p.deadline) out.push({ type: 'timer', at: p.deadline, timer: RELEASE_PREFIX + p.msg });
      else out.push({ type: 'release', msg: p.msg });
      if (!this.timerArmed && this.parent !== undefined) {
        this.timerArmed = true;
        out.push({ type: 'timer', at: e.time + this.config.reportIntervalNs, timer: REPORT_TIMER });
      }
      return out;
    }
    if (e.type === 'timer') {
      if (e.timer !== REPORT_TIMER) return [{ type: 'release', msg: Number(e.timer.slice(RELEASE_PREFIX.length)) }];
      const out: NodeAction[] = [{ type: 'timer', at: e.time + this.config.reportIntervalNs, timer: REPORT_TIMER }];
      if (this.inWindow > 0 && this.parent !== undefined) {
        const sorted = this.window.slice(0, this.inWindow).sort();
        out.push({ type: 'report', to: this.parent, owdNs: nearestRank(sorted, this.config.reportPercentile) });
        this.inWindow = 0;
        this.next = 0;
      }
      return out;
    }
    return NONE; // receivers have no children, so no reports reach them
  }
}
