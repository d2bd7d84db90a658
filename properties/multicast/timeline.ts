import type { TraceEvent } from '../../reference/multicast/harness.ts';

/**
 * A run's trace as lines a person can follow: which copy took which path, which copies were
 * dropped as duplicates, when each receiver released. Times are true nanoseconds from the
 * first send. `msgs` / `nodes` narrow it to what a failure is about.
 */
export interface TimelineFocus {
  readonly msgs?: ReadonlySet<number>;
  readonly nodes?: ReadonlySet<string>;
  readonly limit?: number;
}

export function renderTimeline(trace: readonly TraceEvent[], focus: TimelineFocus = {}): string {
  if (trace.length === 0) return 'timeline: (nothing happened)';
  const t0 = trace[0]!.t;
  const limit = focus.limit ?? 60;
  const keep = trace.filter(
    (e) =>
      (!focus.msgs || e.msg === undefined || focus.msgs.has(e.msg)) &&
      (!focus.nodes || focus.nodes.has(e.node) || (e.from !== undefined && focus.nodes.has(e.from)) || (e.to !== undefined && focus.nodes.has(e.to))),
  );
  const lines = keep.slice(0, limit).map((e) => `  t=${String(e.t - t0).padStart(9)} ns  ${line(e)}`);
  if (keep.length > limit) lines.push(`  ... ${keep.length - limit} more events`);
  const about = [focus.msgs ? `message ${[...focus.msgs].join(', ')}` : '', focus.nodes ? `node ${[...focus.nodes].join(', ')}` : ''].filter(Boolean).join(', ');
  return `timeline${about ? ` (${about})` : ''}, true time from the first send:\n${lines.join('\n')}`;
}

function line(e: TraceEvent): string {
  const m = e.msg !== undefined ? `msg ${e.msg}` : '';
  switch (e.kind) {
    case 'send':
      return `${e.node} -> ${e.to}  sends ${m}`;
    case 'arrive':
      return `${e.node} <- ${e.from}  first copy of ${m}`;
    case 'dedup':
      return `${e.node} <- ${e.from}  duplicate of ${m} (dropped)`;
    case 'drop':
      return `${e.node} -> ${e.to}  copy of ${m} lost`;
    case 'release':
      return `${e.node} RELEASES ${m}`;
    case 'timer':
      return `${e.node} timer ${String(e.detail ?? '')}`;
    case 'report':
      return `${e.node} <- ${e.from}  report ${String(e.detail ?? '')} ns`;
    default:
      return `${e.node} ${String(e.kind)}`;
  }
}
