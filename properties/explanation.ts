/**
 * What a person reads beside a counterexample: a few sentences they can act on, specific to the
 * component (sequencer: the inversion and who it waited for; matching: the first event that
 * differs and the book before it; FAST: the first field that differs, its byte offset and the
 * bytes around it; LOQ: the two orders whose priority swapped and why). Built by the property
 * from the generated input and the reference — never from the subject's own account.
 * Rendered in the terminal, report.json and report.html.
 */
export interface Explanation {
  /** One or two sentences: what went wrong, in the domain's words. */
  readonly summary: string;
  /** Further lines (the book before the event, the bytes around the offset, ...), plain text. */
  readonly details?: readonly string[];
  /** Arrivals, releases, sends, in time order: the story of the counterexample. */
  readonly timeline?: readonly TimelineEntry[];
}

export interface TimelineEntry {
  /** Time in the property's own unit (the sequencer's time units, ns in the simulators). */
  readonly at: number;
  /** Where it happened: a participant, proxy, gateway, node id, "engine". */
  readonly where: string;
  /** What happened, e.g. "order c1 (stamp 1500) released". */
  readonly what: string;
  /** True for the entries the summary is about (highlighted in the HTML report). */
  readonly highlight?: boolean;
}

/** Text form for the terminal: the summary, the details, then the timeline, indented. */
export function explanationLines(e: Explanation): string[] {
  const lines = [e.summary, ...(e.details ?? [])];
  if (e.timeline && e.timeline.length > 0) {
    lines.push('timeline:');
    for (const t of e.timeline) lines.push(`  ${t.highlight ? '>' : ' '} ${String(t.at).padStart(8)}  ${t.where.padEnd(12)} ${t.what}`);
  }
  return lines;
}

/** Runs an explainer: a bug in it becomes a visible line of the report, never a crash of the run. */
export function explainSafely(explain: () => Explanation | undefined): Explanation | undefined {
  try {
    return explain();
  } catch (err) {
    return { summary: `(no explanation: the explainer failed — a fairwire bug: ${err instanceof Error ? err.message : String(err)})` };
  }
}
