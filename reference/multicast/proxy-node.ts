/**
 * The reference proxy (Jasper §4.1–4.2, App. B): forwards the first copy of each message to the
 * children `servedChildrenInto` names (its block, rotated by spraying, plus H hedged blocks), drops
 * every later copy, and, for hold-and-release, keeps each child's latest one-way-delay report
 * and sends the max of them to its parent every reportIntervalNs.
 */
import { MessageSet } from './message-set.ts';
import type { MulticastNode, NodeAction, NodeConfig, NodeEvent, NodeId } from './node.ts';
import { reportParent } from './report-parent.ts';
import { maxServed, servedChildrenInto } from './spraying.ts';

const NONE: readonly NodeAction[] = [];
export const REPORT_TIMER = 'report';

export class ProxyNode implements MulticastNode {
  private readonly seen = new MessageSet();
  /** Scratch for the served children of one message (allocated once: forwarding is the hot path). */
  private readonly children: Int32Array;
  private readonly reports = new Map<NodeId, number>();
  private timerArmed = false;
  private readonly parent: NodeId | undefined;

  constructor(readonly config: NodeConfig) {
    this.parent = reportParent(config);
    this.children = new Int32Array(maxServed(config.layerSize, config.nextLayer.length, config.fanout, config.hedge));
  }

  onEvent(e: NodeEvent): readonly NodeAction[] {
    if (e.type === 'packet') {
      if (!this.seen.add(e.packet.msg)) return NONE;
      const c = this.config;
      const kids = this.children;
      const n = servedChildrenInto(c.layerIndex, c.layerSize, c.nextLayer.length, c.fanout, c.hedge, c.spraying, e.packet.msg, kids);
      const out: NodeAction[] = new Array<NodeAction>(n);
      for (let i = 0; i < n; i++) out[i] = { type: 'send', to: c.nextLayer[kids[i]!]!, packet: e.packet };
      return out;
    }
    if (e.type === 'report') {
      this.reports.set(e.from, e.owdNs);
      if (this.timerArmed || this.parent === undefined) return NONE;
      this.timerArmed = true;
      return [{ type: 'timer', at: e.time + this.config.reportIntervalNs, timer: REPORT_TIMER }];
    }
    // The report timer: the max of the children heard from so far (App. B ignores the silent ones).
    let max = -Infinity;
    for (const v of this.reports.values()) if (v > max) max = v;
    const out: NodeAction[] = [{ type: 'timer', at: e.time + this.config.reportIntervalNs, timer: REPORT_TIMER }];
    if (this.parent !== undefined && max !== -Infinity) out.push({ type: 'report', to: this.parent, owdNs: max });
    return out;
  }
}
