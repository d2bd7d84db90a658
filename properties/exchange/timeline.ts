import type { InboundTraceEvent } from '../../reference/inbound/network.ts';
import type { TimelineEntry } from '../explanation.ts';
import type { CaseRun } from './run.ts';

export interface InboundFocus {
  readonly orders?: ReadonlySet<number>;
  readonly nodes?: ReadonlySet<string>;
  /** Trace indices to mark (highlight). */
  readonly marks?: ReadonlySet<number>;
  /** Heartbeats are many: keep only these trace indices of them (default: none unless nodes is set). */
  readonly heartbeats?: ReadonlySet<number>;
  readonly limit?: number;
}

/** What one trace event says, in words. */
export function describeTraceEvent(e: InboundTraceEvent): string {
  const tag = e.epoch !== undefined ? ` [epoch ${e.epoch}, ${e.critical ? 'critical' : 'non-critical'}]` : '';
  const what = e.heartbeat ? `heartbeat (${e.timestamp}/${e.participant})${tag}` : e.order !== undefined ? `order ${e.order}${e.timestamp !== undefined && !Number.isNaN(e.timestamp) ? ` (stamp ${e.timestamp}, participant ${e.participant})` : ''}${tag}` : '';
  switch (e.kind) {
    case 'submit':
      return `order ${e.order} submitted (gateway clock ${e.detail})`;
    case 'mid':
      return `mid price -> ${e.detail}`;
    case 'send':
      return `sends ${what} to ${e.to}`;
    case 'arrive':
      return `receives ${what} from ${e.from}`;
    case 'release':
      return `releases ${what} to the matching engine`;
    case 'credit':
      return 'uplink credit back';
    case 'timer':
      return `timer ${e.detail}`;
  }
}

/** The events of a run a failure is about, as explanation timeline entries (true ns from the start). */
export function inboundTimeline(run: CaseRun, focus: InboundFocus): TimelineEntry[] {
  const t0 = run.result.network.startNs;
  const trace = run.result.trace;
  const out: TimelineEntry[] = [];
  const limit = focus.limit ?? 60;
  for (let i = 0; i < trace.length && out.length < limit; i++) {
    const e = trace[i]!;
    if (e.kind === 'credit' || e.kind === 'timer') continue;
    const byOrder = e.order !== undefined && focus.orders?.has(e.order) === true;
    const byNode = focus.nodes !== undefined && (focus.nodes.has(e.node) || (e.to !== undefined && focus.nodes.has(e.to))) && (!e.heartbeat || e.kind === 'send');
    const hb = focus.heartbeats?.has(i) === true;
    if (!byOrder && !byNode && !hb && !(e.kind === 'mid' && focus.orders)) continue;
    // Mid changes: one line per change, for the gateways that saw it then.
    const mid = e.kind === 'mid' && !byNode;
    if (mid && out.some((x) => x.what === describeTraceEvent(e) && x.at === e.t - t0)) continue;
    out.push({ at: e.t - t0, where: mid ? 'gateways' : e.node, what: describeTraceEvent(e), ...(focus.marks?.has(i) ? { highlight: true } : {}) });
  }
  return out;
}

/** The same as text lines (fault messages). */
export function renderInboundTimeline(run: CaseRun, focus: InboundFocus): string {
  const entries = inboundTimeline(run, focus);
  if (entries.length === 0) return 'timeline: (nothing about it happened)';
  return ['timeline (true ns from the start):', ...entries.map((x) => `  ${x.highlight ? '>' : ' '} t=${String(x.at).padStart(9)}  ${x.where.padEnd(14)} ${x.what}`)].join('\n');
}
