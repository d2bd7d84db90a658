import type { Explanation, TimelineEntry } from '../explanation.ts';
import { Mismatch } from '../mismatch.ts';
import { caseRecordOf, type SequencerCaseRecord } from './case-record.ts';
import { keyText, namedOrders, participantName, type NamedOrder } from './naming.ts';
import { blockersAt, cloudexReleases, firstAbove, holderAt, lastBy, pathOf, traceReference, type Delivered, type SequencerTrace, type TraceNode } from './trace.ts';

/** Timeline entries kept (the ones the summary is about always are). */
const MAX_TIMELINE = 30;
/** Above this many entries, dummies of participants the story does not involve are left out. */
const QUIET_TIMELINE = 20;
const SPEC_CLOUDEX = 'spec/exchange/sequencer.md#cloudex-baseline';

/**
 * Explains a failed sequencer case to a person, from the case the harness recorded (the schedule
 * and the subject's releases as observed) and the reference run over the same schedule: which two
 * orders were inverted and why the earlier one was not out first (which input a sequencer or
 * proxy was still waiting for, which promise the later release broke), or which order was late,
 * lost, duplicated or altered and what it waited for in the reference. Undefined when the error
 * carries no record (the subject failed before the case ran).
 */
export function explainSequencerFailure(err: unknown): Explanation | undefined {
  const rec = caseRecordOf(err);
  if (!rec?.released || !(err instanceof Mismatch)) return undefined;
  const orders = namedOrders(rec.schedule);
  switch (err.kind) {
    case 'reordered':
      return explainInversion(rec, orders);
    case 'order-lost':
    case 'late-release':
      return explainLate(rec, orders);
    case 'duplicated':
    case 'unknown-order':
    case 'altered':
      return explainBadRelease(rec, orders, err.kind);
    default:
      return undefined;
  }
}

const short = (n: TraceNode) => n.name.replace(/^(the |proxy )/, '');
const fairOrder = (orders: Map<number, NamedOrder>) => [...orders.values()].sort((a, b) => a.timestamp - b.timestamp || a.participant - b.participant || a.id - b.id);
const firstRelease = (rec: SequencerCaseRecord) => {
  const at = new Map<number, number>();
  for (const r of rec.released ?? []) if (!at.has(r.id)) at.set(r.id, r.at);
  return at;
};

function desc(d: Delivered | undefined, orders: Map<number, NamedOrder>): string {
  if (!d) return 'nothing yet';
  if (!d.dummy) return `order ${orders.get(d.id)?.name ?? `#${d.id}`} stamped ${d.timestamp} (at ${d.at})`;
  return `a dummy stamped ${keyText(d.timestamp, d.participant)} (at ${d.at})`;
}

/** A dummy stamped like L, from a participant below L's: read as "nothing stamped d follows", it would let L go. */
function equalStampNote(d: Delivered | undefined, L: NamedOrder): string | undefined {
  if (!d?.dummy || d.timestamp !== L.timestamp || d.participant >= L.participant) return undefined;
  const who = participantName(d.participant);
  return `a dummy stamped ${d.timestamp} from ${who} promises nothing below ${keyText(d.timestamp, d.participant)}; an order of ${who} stamped ${d.timestamp} may still follow it, so it does not let ${L.name} ${keyText(L.timestamp, L.participant)} go`;
}

function trace(rec: SequencerCaseRecord): SequencerTrace {
  const c = rec.config;
  return traceReference(c.kind === 'tree' ? 'tree' : 'jasper', c.participants, c.kind === 'tree' ? c.fanout : 0, rec.schedule.arrivals, rec.until);
}

/** Entries ranked: 0 kept always (highlighted), then 1 (orders, releases), 2 (relevant dummies), 3 (other dummies). */
interface Ranked extends TimelineEntry {
  readonly rank: number;
  readonly seq: number;
}

class Timeline {
  private readonly entries: Ranked[] = [];
  /** The time the story is about: over the cap, entries far from it go first. */
  constructor(private readonly focus: number) {}
  add(at: number, where: string, what: string, rank: number, highlight = false): void {
    this.entries.push({ at, where, what, rank: highlight ? 0 : rank, seq: this.entries.length, ...(highlight ? { highlight: true } : {}) });
  }
  /** Time order; over the cap, the lowest-ranked entries farthest from the focus go first. */
  build(details: string[]): TimelineEntry[] {
    let kept = this.entries.length > QUIET_TIMELINE ? this.entries.filter((e) => e.rank < 3) : [...this.entries];
    const quiet = this.entries.length - kept.length;
    if (quiet > 0) details.push(`(timeline: ${quiet} dummies of uninvolved participants not shown)`);
    if (kept.length > MAX_TIMELINE) {
      const far = (e: Ranked) => Math.abs(e.at - this.focus);
      const drop = [...kept].sort((a, b) => b.rank - a.rank || far(b) - far(a) || a.at - b.at).slice(0, kept.length - MAX_TIMELINE);
      const gone = new Set(drop);
      kept = kept.filter((e) => !gone.has(e));
      details.push(`(timeline: ${drop.length} less relevant entries not shown)`);
    }
    return kept.sort((a, b) => a.at - b.at || a.seq - b.seq).map(({ rank: _r, seq: _s, ...e }) => e);
  }
}

/** Arrivals (orders always; dummies of `relevant` participants ranked higher) and the subject's releases up to `until`. */
function baseTimeline(rec: SequencerCaseRecord, orders: Map<number, NamedOrder>, tr: SequencerTrace | undefined, until: number, highlight: Set<number>, relevant: Set<number>, focus = until): Timeline {
  const tl = new Timeline(focus);
  for (const a of rec.schedule.arrivals) {
    if (a.at > until) continue;
    const where = tr ? short(tr.entry[a.participant]!.node) : 'sequencer';
    if (a.dummy) {
      if (rec.config.kind === 'cloudex') continue; // CloudEx ignores dummies
      tl.add(a.at, where, `dummy stamped ${a.timestamp} arrives from ${participantName(a.participant)}`, relevant.has(a.participant) ? 2 : 3);
    } else {
      const o = orders.get(a.id)!;
      tl.add(a.at, where, `order ${o.name} (stamp ${o.timestamp}) arrives from ${participantName(o.participant)}`, 1, highlight.has(a.id));
    }
  }
  for (const r of rec.released ?? []) {
    if (r.at > until) continue;
    const o = orders.get(r.id);
    tl.add(r.at, 'subject', `releases ${o ? `${o.name} (stamp ${o.timestamp})` : `id ${r.id}`}`, 1, highlight.has(r.id));
  }
  return tl;
}

/** The first place the subject's release order leaves (timestamp, participant) order: the later order L released before the earlier E. */
function explainInversion(rec: SequencerCaseRecord, orders: Map<number, NamedOrder>): Explanation | undefined {
  const want = fairOrder(orders);
  const got = rec.released!;
  const k = want.findIndex((o, i) => got[i]?.id !== o.id);
  if (k < 0 || !got[k]) return undefined;
  const E = want[k]!;
  const L = orders.get(got[k]!.id);
  if (!L) return undefined;
  const subjectAt = firstRelease(rec);
  const tL = got[k]!.at;
  const tE = subjectAt.get(E.id);
  const head = `order ${L.name}, stamped ${L.timestamp}, was released at ${tL} before ${E.name}, stamped ${E.timestamp}${tE === undefined ? ' (never released)' : ` (released at ${tE})`}`;
  const tie =
    E.timestamp === L.timestamp
      ? E.participant === L.participant
        ? `${E.name} and ${L.name} are both participant ${participantName(E.participant)}'s, stamped ${E.timestamp}: they leave in the order they were sent (${E.name} first)`
        : `${E.name} and ${L.name} tie on timestamp ${E.timestamp}: ties break by participant (${participantName(E.participant)} before ${participantName(L.participant)})${L.arrival < E.arrival ? `, never by arrival (${L.name} arrived first, at ${L.arrival}; ${E.name} at ${E.arrival})` : ''}`
      : undefined;
  if (rec.config.kind === 'cloudex') return explainCloudexInversion(rec, orders, E, L, tL, tE, head, tie);

  const tr = trace(rec);
  const refAt = new Map(tr.released.map((r) => [r.id, r.at]));
  const ePath = pathOf(tr, E.participant);
  const lNodes = new Set(pathOf(tr, L.participant).map((x) => x.node));
  const details: string[] = [`keys: ${E.name} ${keyText(E.timestamp, E.participant)} < ${L.name} ${keyText(L.timestamp, L.participant)}, so ${E.name} goes first`];
  if (tie) details.push(tie);
  // Proxies on E's way up that L does not pass: where a too-high dummy could have come from.
  const proxiesBelowMeet = (from: TraceNode) => {
    const out: string[] = [];
    let on = false;
    for (const x of ePath) {
      if (x.node === from) on = true;
      if (on && !lNodes.has(x.node)) out.push(short(x.node));
    }
    return out;
  };
  const dummyCause = (from: TraceNode, mark: string, held: boolean) => {
    const suspects = proxiesBelowMeet(from);
    return `while ${held ? `${from.name} held ${E.name}` : `${E.name} was on its way to ${from.name}`}, ${short(from)}'s low-water mark was at most ${mark}, so no dummy it sent up could let ${L.name} ${keyText(L.timestamp, L.participant)} pass; the tree released ${L.name} anyway: ${suspects.length > 1 ? `a proxy on ${E.name}'s way up (${suspects.join(', ')})` : `proxy ${suspects[0] ?? short(from)}`} must have sent a dummy stamped above its low-water mark (e.g. its clock) while ${E.name} was still below it, or a sequencer above released ${L.name} without hearing from that branch past ${keyText(E.timestamp, E.participant)}`;
  };
  let clause: string;
  const relevant = new Set<number>([E.participant]);
  const holder = holderAt(tr, E.id, tL);
  if (E.arrival > tL) {
    const entry = ePath[0]!;
    const own = lastBy(entry.node, entry.link, tL);
    clause = `${E.name} was still in flight to ${entry.node.name} (it arrived at ${E.arrival})`;
    details.push(`participant ${participantName(E.participant)}'s last message by ${tL} was ${desc(own, orders)}: nothing above ${keyText(E.timestamp, E.participant)}, so nothing above that key could be released yet`);
    const note = equalStampNote(own, L);
    if (note) details.push(`${note} (${E.name} did follow it)`);
    details.push(
      lNodes.has(entry.node)
        ? `${entry.node.name} releases a message only once every input has sent something above it; participant ${participantName(E.participant)} had not gone above ${keyText(E.timestamp, E.participant)}, let alone ${L.name}'s key`
        : dummyCause(entry.node, own ? keyText(own.timestamp, own.participant) : `${participantName(E.participant)}'s first key`, false),
    );
  } else if (holder) {
    const ownLink = ePath.find((x) => x.node === holder)?.link ?? -1;
    const blockers = blockersAt(holder, ownLink, E.timestamp, E.participant, tL);
    const names = blockers.map((l) => holder.linkNames[l]!);
    blockers.forEach((l) => {
      const name = holder.linkNames[l]!;
      const m = /^participant (.+)$/.exec(name);
      if (m) relevant.add(m[1]!.charCodeAt(0) - 65);
      const cleared = firstAbove(holder, l, E.timestamp, E.participant);
      const last = lastBy(holder, l, tL);
      details.push(`${name}: last message by ${tL} was ${desc(last, orders)}, nothing above ${keyText(E.timestamp, E.participant)}${cleared ? `; it went above with ${desc(cleared, orders)}` : ''}`);
      const note = equalStampNote(last, L);
      if (note) details.push(note);
    });
    clause = names.length > 0 ? `${E.name} waited at ${holder.name} for ${names.join(' and ')}` : `${E.name} was held at ${holder.name}`;
    details.push(
      lNodes.has(holder)
        ? `${holder.name} releases a message only once every input has sent something above it; ${names.join(' and ') || 'an input'} had not gone above ${keyText(E.timestamp, E.participant)}, let alone ${L.name}'s key`
        : dummyCause(holder, keyText(E.timestamp, E.participant), true),
    );
  } else {
    const first = L.arrival < E.arrival ? `${L.name} first, at ${L.arrival}; ${E.name} at ${E.arrival}` : `${E.name} at ${E.arrival}, ${L.name} at ${L.arrival}`;
    clause = `both had arrived by ${tL} (${first}) and nothing kept ${E.name} waiting: the smaller key goes first${E.timestamp === L.timestamp ? ', on a timestamp tie the smaller participant, whatever the arrival order' : ''}`;
    // What E's own link delivered just before it: a dummy with E's stamp is (d, P(E)), below L.
    const entry = ePath[0]!;
    const mine = entry.node.links[entry.link] ?? [];
    const k = mine.findIndex((d) => d.id === E.id);
    const before = k > 0 ? mine[k - 1] : undefined;
    if (before?.dummy && before.timestamp === E.timestamp && equalStampNote(before, L)) {
      details.push(`${participantName(E.participant)} sent a dummy stamped ${before.timestamp} right before ${E.name}: its key ${keyText(before.timestamp, before.participant)} is below ${L.name}'s ${keyText(L.timestamp, L.participant)}, so it is dropped first and ${E.name} is next — a dummy ties like an order, by participant, not "after every order with its stamp"`);
    }
  }
  const refE = refAt.get(E.id);
  if (refE !== undefined) details.push(`the reference releases ${E.name} at ${refE} and ${L.name} at ${refAt.get(L.id) ?? '?'}`);
  const until = Math.max(tL, tE ?? tL, refE ?? 0, E.arrival);
  const tl = baseTimeline(rec, orders, tr, until, new Set([E.id, L.id]), relevant, tL);
  for (const id of [E.id, L.id]) {
    const o = orders.get(id)!;
    for (const x of pathOf(tr, o.participant)) {
      const out = x.node.left.get(id);
      if (out === undefined || out > until) continue;
      tl.add(out, x.node === tr.root ? 'reference' : short(x.node), x.node === tr.root ? `releases ${o.name}` : `forwards ${o.name} up (reference)`, 1);
    }
  }
  if (holder && holder !== tr.root) for (const m of holder.marks) if (m.at <= until) tl.add(m.at, short(holder), `sends its low-water mark ${keyText(m.timestamp, m.participant)} up (reference)`, 2);
  return { summary: `${head}; ${clause}`, details, timeline: tl.build(details) };
}

function explainCloudexInversion(
  rec: SequencerCaseRecord,
  orders: Map<number, NamedOrder>,
  E: NamedOrder,
  L: NamedOrder,
  tL: number,
  tE: number | undefined,
  head: string,
  tie: string | undefined,
): Explanation {
  const T = rec.config.kind === 'cloudex' ? rec.config.timeout : 0;
  const ref = cloudexReleases(rec.config.participants, T, rec.schedule.arrivals, rec.until);
  const details = [`CloudEx releases an order once its stamp + timeout has passed, smallest (timestamp, participant) first, without waiting to hear from every participant; deadlines: ${E.name} ${E.timestamp}+${T} = ${E.timestamp + T}, ${L.name} ${L.timestamp}+${T} = ${L.timestamp + T}`];
  if (tie) details.push(tie);
  let clause: string;
  if (E.arrival > tL) {
    const delay = E.arrival - E.timestamp;
    clause = `${E.name} was still in flight: delayed ${delay} (timeout ${T}), it arrived at ${E.arrival}`;
    if (delay > T) details.push(`${E.name}'s delay ${delay} exceeds the timeout ${T}: the baseline's documented unfairness beyond its timeout (${SPEC_CLOUDEX})`);
  } else clause = `both had arrived by ${tL} (${E.name} at ${E.arrival}, ${L.name} at ${L.arrival}) and ${E.name}'s deadline ${E.timestamp + T} comes first`;
  if (tL < L.timestamp + T) details.push(`the subject released ${L.name} at ${tL}, before its deadline ${L.timestamp + T}`);
  if (tE !== undefined && tL === L.arrival + T && tE === E.arrival + T) {
    details.push(`the subject released each exactly ${T} after its arrival (${L.name}: ${L.arrival}+${T}, ${E.name}: ${E.arrival}+${T}): CloudEx counts the timeout from an order's timestamp, not from its arrival`);
  }
  details.push(`the reference releases ${E.name} at ${ref.get(E.id) ?? 'never (by the judging time)'} and ${L.name} at ${ref.get(L.id) ?? 'never (by the judging time)'}`);
  const until = Math.max(tL, tE ?? tL, ref.get(E.id) ?? 0, E.arrival);
  const tl = baseTimeline(rec, orders, undefined, until, new Set([E.id, L.id]), new Set(), tL);
  for (const o of [E, L]) {
    const at = ref.get(o.id);
    if (at !== undefined && at <= until) tl.add(at, 'reference', `releases ${o.name}`, 1);
  }
  return { summary: `${head}; ${clause}`, details, timeline: tl.build(details) };
}

/** An order out late or never: which one, and what it waited for in the reference. */
function explainLate(rec: SequencerCaseRecord, orders: Map<number, NamedOrder>): Explanation | undefined {
  const at = firstRelease(rec);
  const X =
    rec.bound !== undefined
      ? [...orders.values()].find((o) => {
          const t = at.get(o.id);
          return t === undefined || t > o.timestamp + rec.bound!;
        })
      : fairOrder(orders).find((o) => !at.has(o.id));
  if (!X) return undefined;
  const tX = at.get(X.id);
  const judged = rec.bound !== undefined ? X.timestamp + rec.bound : rec.until;
  const tr = rec.config.kind === 'cloudex' ? undefined : trace(rec);
  const refAt = tr ? new Map(tr.released.map((r) => [r.id, r.at])) : cloudexReleases(rec.config.participants, rec.config.kind === 'cloudex' ? rec.config.timeout : 0, rec.schedule.arrivals, rec.until);
  const refX = refAt.get(X.id);
  const details: string[] = [];
  const relevant = new Set<number>([X.participant]);
  let waited = '';
  if (tr && refX !== undefined) {
    const holder = refX > X.arrival ? holderAt(tr, X.id, refX - 1) : undefined;
    if (holder) {
      const own = pathOf(tr, X.participant).find((x) => x.node === holder)?.link ?? -1;
      const blockers = blockersAt(holder, own, X.timestamp, X.participant, refX - 1);
      const parts = blockers.map((l) => {
        const name = holder.linkNames[l]!;
        const m = /^participant (.+)$/.exec(name);
        if (m) relevant.add(m[1]!.charCodeAt(0) - 65);
        return `${name} delivered ${desc(firstAbove(holder, l, X.timestamp, X.participant), orders)}`;
      });
      waited = parts.length > 0 ? `, once ${parts.join(' and ')} — the last input ${X.name} waited for at ${holder.name}` : '';
    } else if (refX === X.arrival) waited = ', as soon as it arrived';
    details.push(`from ${refX} on, every input had sent something above ${keyText(X.timestamp, X.participant)}: nothing required ${X.name} to wait longer`);
  }
  if (rec.config.kind === 'cloudex') {
    const T = rec.config.timeout;
    const deadline = X.timestamp + T;
    waited = refX === undefined ? '' : refX <= deadline ? `, at its deadline ${X.timestamp} + ${T} = ${deadline} (it arrived at ${X.arrival})` : `, on its arrival at ${X.arrival}, past its deadline ${deadline}`;
    if (tX === undefined || tX > deadline) {
      details.push(`CloudEx releases an order once its stamp + timeout has passed; the subject ${tX === undefined ? `had not released ${X.name} by ${rec.until}` : `released ${X.name} at ${tX}`} (its arrival + timeout would be ${X.arrival} + ${T} = ${X.arrival + T})`);
    }
  }
  const summary =
    `order ${X.name}, stamped ${X.timestamp}, was ${tX === undefined ? `never released (judged at ${rec.until})` : `released at ${tX}`}` +
    (rec.bound !== undefined ? `, after its bound ${X.timestamp} + ${rec.bound} = ${judged}` : '') +
    `; the reference released it at ${refX ?? 'no time before the judging time'}${waited}`;
  if (rec.boundText) details.push(`judged by ${rec.until}: ${rec.boundText}`);
  const backlog = [...orders.values()].filter((o) => {
    const r = refAt.get(o.id);
    const s = at.get(o.id);
    return r !== undefined && r <= judged && (s === undefined || s > judged);
  });
  if (backlog.length > 0) {
    details.push(`at ${judged} the subject still held ${backlog.length} order(s) the reference had released by then: ${backlog.slice(0, 8).map((o) => o.name).join(', ')}${backlog.length > 8 ? ', ...' : ''}`);
  }
  const until = Math.max(judged, tX ?? 0, refX ?? 0);
  const tl = baseTimeline(rec, orders, tr, until, new Set([X.id]), relevant, refX ?? judged);
  if (refX !== undefined) tl.add(refX, 'reference', `releases ${X.name}`, 0, true);
  if (rec.bound !== undefined) tl.add(judged, 'harness', `${X.name}'s bound ${X.timestamp} + ${rec.bound} passes`, 1);
  return { summary, details, timeline: tl.build(details) };
}

function explainBadRelease(rec: SequencerCaseRecord, orders: Map<number, NamedOrder>, kind: 'duplicated' | 'unknown-order' | 'altered'): Explanation | undefined {
  const got = rec.released!;
  const seen = new Map<number, number>();
  for (let i = 0; i < got.length; i++) {
    const r = got[i]!;
    const o = orders.get(r.id);
    if (!o) {
      if (kind !== 'unknown-order') continue;
      const summary = `release ${i} (at ${r.at}) is id ${r.id}, which no participant sent: the orders sent are ids 0–${orders.size - 1}, and a dummy is never released`;
      return { summary, timeline: baseTimeline(rec, orders, undefined, r.at, new Set([r.id]), new Set()).build([]) };
    }
    if (seen.has(r.id) && kind === 'duplicated') {
      const summary = `order ${o.name} ${keyText(o.timestamp, o.participant)} was released twice: at ${seen.get(r.id)} and again at ${r.at}`;
      return { summary, timeline: baseTimeline(rec, orders, undefined, r.at, new Set([r.id]), new Set()).build([]) };
    }
    seen.set(r.id, r.at);
    if (kind === 'altered' && (r.participant !== o.participant || r.timestamp !== o.timestamp)) {
      const summary = `the subject released ${o.name} at ${r.at} as participant ${participantName(r.participant)} stamped ${r.timestamp}; participant ${participantName(o.participant)} sent it stamped ${o.timestamp}`;
      return { summary, timeline: baseTimeline(rec, orders, undefined, r.at, new Set([r.id]), new Set()).build([]) };
    }
  }
  return undefined;
}
