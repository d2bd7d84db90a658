import type { TraceEvent } from '../../reference/multicast/harness.ts';
import type { MulticastScenario } from '../arbitraries/multicast-scenario.ts';
import type { Explanation, TimelineEntry } from '../explanation.ts';
import { Mismatch } from '../mismatch.ts';
import type { Outcome } from './run.ts';

/** Timeline entries kept (the ones the summary is about first). */
const MAX_TIMELINE = 30;

/**
 * Explains a failed multicast case to a person: which receiver released which message when, and
 * when it should have (from its first copy, its clock and the deadline), how far apart the
 * receivers released it (the spread the tree exists to bound), which parents a node got a copy
 * from against those the rotation names, or which report was not a percentile. Read from the
 * harness's record of the failing run (every copy sent, arrived, deduplicated and released, as
 * the harness — not the node — saw it) and the verdict's expected side (the reference's routing,
 * the deadline arithmetic); never from what a node says about itself. Times are true ns from
 * the message's send (or from the first send when no single message is at issue).
 */
const outcomes = new WeakMap<object, Outcome>();

/** Runs a verdict on a run; an error it throws carries the run for `explain`. */
export async function judgedOn(o: Outcome, judge: () => void | Promise<void>): Promise<void> {
  try {
    await judge();
  } catch (err) {
    if (typeof err === 'object' && err !== null) outcomes.set(err, o);
    throw err;
  }
}

type Side = { receiver?: string; node?: string; from?: string | readonly string[]; msg?: number; releaseNs?: number; late?: boolean; releases?: number; copies?: number; dws?: number; dwsAtMost?: number; reported?: number; oneOf?: readonly number[]; reportBy?: number; firstReport?: number | null };

export function explainMulticastFailure(s: MulticastScenario, err: unknown): Explanation | undefined {
  if (!(err instanceof Mismatch) || typeof err !== 'object') return undefined;
  const o = outcomes.get(err);
  if (!o) return undefined;
  const exp = (err.expected ?? {}) as Side;
  const act = (err.actual ?? {}) as Side;
  switch (err.kind) {
    case 'message-not-released':
    case 'message-released-twice':
    case 'on-time-not-held-to-deadline':
    case 'late-not-released-on-arrival':
      return explainRelease(s, o, err.kind, (act.receiver ?? exp.receiver)!, (act.msg ?? exp.msg)!, exp);
    case 'dws-over-2-epsilon':
      return explainSpread(s, o, act.msg!, act.dws!);
    case 'copy-twice-from-one-parent':
    case 'not-one-parent':
    case 'wrong-parents':
      return explainRouting(s, o, err.kind, act.node!, act.msg!, asList(exp.from), asList(act.from));
    case 'report-not-a-percentile':
    case 'report-missing':
      return explainReport(o, err.kind, (act.node ?? act.from ?? exp.node ?? exp.from) as string, act, exp);
    default:
      return undefined;
  }
}

const asList = (v: string | readonly string[] | undefined): string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : [...v]);

/** The record of one message: when it was sent (true ns) and each receiver's first copy and release. */
function messageRecord(o: Outcome, msg: number) {
  return o.perMessage.find((m) => m.msg === msg);
}

/** Releases of a message, receiver by receiver, relative to its send; and their spread (DWS) and the late ones. */
function spreadOf(o: Outcome, msg: number): { releases: { id: string; at: number }[]; dws: number | null; late: string[] } {
  const m = messageRecord(o, msg);
  if (!m) return { releases: [], dws: null, late: [] };
  const releases = m.receivers.filter((r) => r.releaseTrue !== null).map((r) => ({ id: r.id, at: r.releaseTrue! - m.sentTrue }));
  const ats = releases.map((r) => r.at);
  const late = m.deadline === null ? [] : m.receivers.filter((r) => r.arrivals.length > 0 && Math.min(...r.arrivals) + r.clockOffsetNs > m.deadline!).map((r) => r.id);
  return { releases, dws: ats.length > 0 ? Math.max(...ats) - Math.min(...ats) : null, late };
}

function what(e: TraceEvent): string {
  const m = e.msg !== undefined ? `message ${e.msg}` : '';
  switch (e.kind) {
    case 'send':
      return `sends ${m} to ${e.to}`;
    case 'arrive':
      return `first copy of ${m} arrives from ${e.from}`;
    case 'dedup':
      return `duplicate of ${m} from ${e.from} dropped`;
    case 'drop':
      return `copy of ${m} to ${e.to} lost`;
    case 'release':
      return `releases ${m} to the application`;
    case 'timer':
      return `timer ${String(e.detail ?? '')}`;
    case 'report':
      return `report of ${String(e.detail ?? '')} ns from ${e.from}`;
    default:
      return String(e.kind);
  }
}

/**
 * Timeline entries for the events `keep` selects, times from `t0`; `hot` marks the ones the
 * summary is about. Those are kept first when the list is too long, then the others in time order.
 */
function timeline(trace: readonly TraceEvent[], t0: number, keep: (e: TraceEvent) => boolean, hot: (e: TraceEvent) => boolean): TimelineEntry[] {
  const picked = trace.filter(keep);
  const hotOnes = new Set(picked.filter(hot).slice(0, MAX_TIMELINE));
  const rest = picked.filter((e) => !hotOnes.has(e)).slice(0, Math.max(0, MAX_TIMELINE - hotOnes.size));
  const chosen = new Set([...hotOnes, ...rest]);
  return picked.filter((e) => chosen.has(e)).map((e) => ({ at: e.t - t0, where: e.node, what: what(e), ...(hotOnes.has(e) ? { highlight: true } : {}) }));
}

function spreadLine(o: Outcome, msg: number, eps: number): string | undefined {
  const { releases, dws, late } = spreadOf(o, msg);
  // One receiver has no spread to speak of.
  if (dws === null || releases.length < 2) return undefined;
  const first = releases.reduce((a, b) => (b.at < a.at ? b : a));
  const last = releases.reduce((a, b) => (b.at > a.at ? b : a));
  return `message ${msg} was released by ${releases.length} receiver(s) from ${first.at} ns (${first.id}) to ${last.at} ns (${last.id}) after its send: a spread (DWS) of ${dws} ns (2 epsilon = ${2 * eps} ns)${late.length > 0 ? `; late (first copy past the deadline): ${late.join(', ')}` : ''}`;
}

function explainRelease(s: MulticastScenario, o: Outcome, kind: string, receiver: string, msg: number, exp: Side): Explanation {
  const m = messageRecord(o, msg);
  const r = m?.receivers.find((x) => x.id === receiver);
  const t0 = m?.sentTrue ?? o.trace[0]?.t ?? 0;
  const copies = r?.arrivals ?? [];
  const firstCopy = copies.length > 0 ? Math.min(...copies) - t0 : undefined;
  const from = o.trace.find((e) => e.kind === 'arrive' && e.node === receiver && e.msg === msg)?.from;
  const releasedAt = o.trace.filter((e) => e.kind === 'release' && e.node === receiver && e.msg === msg).map((e) => e.t - t0);
  const who = `receiver ${receiver}${r ? ` (participant ${r.participant})` : ''}`;
  let summary: string;
  const details: string[] = [];
  if (kind === 'message-not-released') {
    summary =
      copies.length === 0
        ? `${who} never got message ${msg}: no copy reached it, so it could not release it`
        : `${who} never released message ${msg}, although ${copies.length} copy(ies) reached it, the first at ${firstCopy} ns after the send${from ? ` from ${from}` : ''}`;
  } else if (kind === 'message-released-twice') {
    summary = `${who} released message ${msg} ${releasedAt.length} times (at ${releasedAt.join(', ')} ns after the send): a duplicate copy went to the application instead of being dropped`;
  } else {
    const onTime = kind === 'on-time-not-held-to-deadline';
    const deadline = m?.deadline === null || m === undefined ? undefined : m.deadline - m.sentAt;
    const owd = m && r && copies.length > 0 ? Math.min(...copies) + r.clockOffsetNs - m.sentAt : undefined;
    summary =
      `${who} released message ${msg} at ${releasedAt[0] ?? '?'} ns after the send; it should have at ${exp.releaseNs ?? '?'} ns: ` +
      (onTime
        ? `its first copy was on time (measured delay ${owd} ns, deadline ${deadline} ns after the send), so it is held to the deadline on its own clock`
        : `its first copy was late (measured delay ${owd} ns, past the deadline ${deadline} ns after the send), so it is released the moment it arrives`);
    if (r) details.push(`${receiver}'s clock runs ${r.clockOffsetNs} ns from true time (epsilon ${s.epsilonNs} ns); releases are judged on true time`);
  }
  const spread = spreadLine(o, msg, s.epsilonNs);
  if (spread) details.push(spread);
  // The message's path to this receiver and every receiver's release of it (the spread).
  const path = new Set([receiver, ...o.trace.filter((e) => e.msg === msg && e.kind === 'send' && e.to === receiver).map((e) => e.node)]);
  const entries = timeline(
    o.trace,
    t0,
    (e) => e.msg === msg && (path.has(e.node) || (e.to !== undefined && path.has(e.to)) || e.kind === 'release'),
    (e) => e.node === receiver && e.msg === msg && (e.kind === 'arrive' || e.kind === 'release' || e.kind === 'dedup'),
  );
  return { summary, ...(details.length > 0 ? { details } : {}), timeline: entries };
}

function explainSpread(s: MulticastScenario, o: Outcome, msg: number, dws: number): Explanation {
  const m = messageRecord(o, msg);
  const t0 = m?.sentTrue ?? 0;
  const { releases } = spreadOf(o, msg);
  const first = releases.reduce((a, b) => (b.at < a.at ? b : a), releases[0] ?? { id: '?', at: 0 });
  const last = releases.reduce((a, b) => (b.at > a.at ? b : a), releases[0] ?? { id: '?', at: 0 });
  const summary = `message ${msg}: every copy arrived before its deadline, yet ${first.id} released it at ${first.at} ns and ${last.id} at ${last.at} ns after the send — ${dws} ns apart, more than 2 epsilon = ${2 * s.epsilonNs} ns`;
  const details = m?.deadline === null || m === undefined ? [] : [`the deadline was ${m.deadline - m.sentAt} ns after the send; held to it, receivers whose clocks are within epsilon of true time release within 2 epsilon of each other`];
  const entries = timeline(
    o.trace,
    t0,
    (e) => e.msg === msg && (e.kind === 'release' || e.kind === 'arrive'),
    (e) => e.kind === 'release' && e.msg === msg && (e.node === first.id || e.node === last.id),
  );
  return { summary, details, timeline: entries };
}

function explainRouting(s: MulticastScenario, o: Outcome, kind: string, node: string, msg: number, want: string[], got: string[]): Explanation {
  const m = messageRecord(o, msg);
  const t0 = m?.sentTrue ?? o.trace[0]?.t ?? 0;
  const scheme = `${s.spraying ? 'round-robin spraying' : 'the tree'}${s.hedge ? ` with hedging H=${s.hedge}` : ''}`;
  const summary =
    kind === 'copy-twice-from-one-parent'
      ? `${node} got message ${msg} more than once from one parent (copies from ${got.join(', ')}); ${scheme} sends hedged copies from distinct parents, so one slow link cannot delay them all`
      : `${node} got message ${msg} from ${got.length > 0 ? got.join(', ') : 'no parent'}; ${scheme} names ${want.join(', ') || 'none'}`;
  const missing = want.filter((p) => !got.includes(p));
  const extra = got.filter((p) => !want.includes(p));
  const details = [
    ...(missing.length > 0 ? [`expected copies that never came: from ${missing.join(', ')}`] : []),
    ...(extra.length > 0 ? [`copies from parents the scheme does not name: ${[...new Set(extra)].join(', ')}`] : []),
  ];
  const parents = new Set([...want, ...got]);
  const entries = timeline(
    o.trace,
    t0,
    (e) => e.msg === msg && (e.node === node || e.to === node || parents.has(e.node)),
    (e) => e.msg === msg && e.kind === 'send' && e.to === node,
  );
  return { summary, ...(details.length > 0 ? { details } : {}), timeline: entries };
}

function explainReport(o: Outcome, kind: string, node: string, act: Side, exp: Side): Explanation {
  const t0 = o.trace[0]?.t ?? 0;
  const summary =
    kind === 'report-missing'
      ? `${node} ${act.firstReport === null || act.firstReport === undefined ? 'never reported' : `first reported at ${act.firstReport - t0} ns`}, though a report was due by ${exp.reportBy === undefined ? '?' : exp.reportBy - t0} ns: without reports the root stamps deadlines from headroom alone`
      : `${node} reported ${act.reported} ns${reportedTo(o, node, act.reported)}, which is none of the values a nearest-rank percentile (or the max of its children's) can be: [${(exp.oneOf ?? []).join(', ')}] ns`;
  const entries = timeline(
    o.trace,
    t0,
    (e) => e.kind === 'report' && (e.from === node || e.node === node),
    (e) => e.kind === 'report' && e.from === node && (kind === 'report-missing' || e.detail === act.reported),
  );
  return { summary, details: ['times are true ns from the first send'], timeline: entries };
}

/** ` to <parent> at <t> ns` for the report a node sent with this value (the first one). */
function reportedTo(o: Outcome, node: string, value: number | undefined): string {
  const e = o.trace.find((x) => x.kind === 'report' && x.from === node && x.detail === value);
  return e ? ` to ${e.node} at ${e.t - (o.trace[0]?.t ?? 0)} ns` : '';
}
