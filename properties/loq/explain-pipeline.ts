import type { LoqOrder } from '../../adapters/loq.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { Explanation, TimelineEntry } from '../explanation.ts';
import { Mismatch } from '../mismatch.ts';
import { SYMBOL, newOrderCommand, tradesOf, type Trade } from './build-flow.ts';
import { classRule, orderText } from './explain-pop.ts';
import { pipelineRecordOf, type Passage, type PipelineRecord } from './pipeline-trace.ts';

const MAX_TIMELINE = 40;
const cls = (critical: boolean) => (critical ? 'critical' : 'non-critical');
const idOf = (key: string) => Number(key.slice(1));
const tradeText = (t: Trade | undefined) => (t ? `${t.taker} takes ${t.quantity} @ ${t.price} from ${t.maker}` : 'no trade');

/** The reference engine's trades for orders processed in this order (synchronous: the reference engine itself). */
function tradesFor(seq: readonly LoqOrder[]): Trade[] {
  const engine = new MatchingEngine({ symbols: [{ symbol: SYMBOL, tickSize: 1 }] });
  const out: Trade[] = [];
  for (const o of seq) out.push(...tradesOf(engine.apply(newOrderCommand(o))));
  return out;
}

/**
 * Explains a failed LOQ pipeline case (loq.fairness.*, loq.composition.*) from the harness's trace
 * and the reference matching engine. A trade difference: the first pair of orders the engine
 * processed out of timestamp order that changed a trade — found by processing the pipeline's
 * order up to each point and the rest in timestamp order, the first prefix whose trades leave the
 * claim's names the order that jumped; the order it overtook is the one in the differing trade —
 * and why (the tags the gateways gave them, a late mid change, a backlog behind a critical order
 * with a merge by timestamp alone, or an LOQ popping out of its key order). A tag or field
 * mismatch at a pop: the order, its key and the key it should have had. Undefined without a trace.
 */
export function explainPipelineFailure(err: unknown): Explanation | undefined {
  const rec = pipelineRecordOf(err);
  if (!rec || !(err instanceof Mismatch)) return undefined;
  if (err.kind === 'trades-differ') return explainTrades(rec);
  if (err.kind === 'wrong-epoch' || err.kind === 'misclassified') return explainTags(rec, err.kind);
  return undefined;
}

function firstStay(rec: PipelineRecord, id: number): Passage | undefined {
  return rec.trace.passages.get(id)?.[0];
}

/** `o0 (bid 999, t=0, participant 0, non-critical, epoch 0)`: the order with the tags its gateway gave it. */
function tagged(rec: PipelineRecord, o: LoqOrder): string {
  const s = firstStay(rec, o.id);
  return s ? `${orderText(o).slice(0, -1)}, ${cls(s.critical)}, epoch ${s.epoch})` : orderText(o);
}

function explainTrades(rec: PipelineRecord): Explanation | undefined {
  const { flow, trace } = rec;
  const byId = new Map(flow.orders.map((o) => [o.id, o]));
  const expected = JSON.stringify(flow.expected);
  const T = flow.orders; // ids are timestamp order
  const P = trace.processed.map((id) => byId.get(id)!).filter(Boolean);
  let i = 0;
  let trades: Trade[] = [];
  for (let k = 1; k <= P.length; k++) {
    const done = new Set(P.slice(0, k).map((o) => o.id));
    trades = tradesFor([...P.slice(0, k), ...T.filter((o) => !done.has(o.id))]);
    if (JSON.stringify(trades) !== expected) {
      i = k;
      break;
    }
  }
  if (i === 0) return undefined;
  const y = P[i - 1]!;
  const before = new Set(P.slice(0, i - 1).map((o) => o.id));
  const overtaken = T.filter((o) => o.id < y.id && !before.has(o.id));
  const j = flow.expected.findIndex((t, k) => JSON.stringify(t) !== JSON.stringify(trades[k]));
  const jj = j < 0 ? flow.expected.length : j;
  const involved = new Set([flow.expected[jj], trades[jj]].flatMap((t) => (t ? [idOf(t.maker), idOf(t.taker)] : [])));
  const x = overtaken.find((o) => involved.has(o.id)) ?? overtaken[0];
  if (!x) return undefined;
  const sx = firstStay(rec, x.id);
  const sy = firstStay(rec, y.id);
  const details: string[] = [];
  let because: string;
  const keyLess = (a: Passage, ao: LoqOrder, b: Passage, bo: LoqOrder) =>
    a.epoch !== b.epoch ? a.epoch < b.epoch : a.critical !== b.critical ? a.critical : ao.timestamp !== bo.timestamp ? ao.timestamp < bo.timestamp : ao.participant < bo.participant;
  // The epoch an order's timestamp lies in when every gateway sees each mid change on time (Appendix I's assumption).
  const trueEpoch = (o: LoqOrder) => {
    let e = 0;
    for (let k = 1; k < flow.starts.length && flow.starts[k]! <= o.timestamp; k++) e = k;
    let n = 0;
    for (let k = 1; k <= e; k++) if (flow.mids[k] !== flow.mids[k - 1]) n++;
    return { index: e, epoch: n, mid: flow.mids[e]!, start: flow.starts[e]! };
  };
  const late = [y, x].map((o) => ({ o, s: firstStay(rec, o.id), t: trueEpoch(o) })).find(({ s, t }) => s !== undefined && s.epoch !== t.epoch);
  if (late && late.s) {
    // A gateway filed an order under another epoch than its timestamp's: it saw a mid change late (or early).
    const { o, s, t } = late;
    const seen = trace.midChanges.find((c) => c.node === s.node && c.mid === t.mid && c.at >= t.start);
    const when = seen ? `saw that change only at t=${seen.at}` : s.epoch > t.epoch ? 'switched early' : 'never saw that change while o' + o.id + ' was pushed';
    because = `${s.node} filed o${o.id} under epoch ${s.epoch} with mid ${s.mid ?? '?'} (${cls(s.critical)}), but its timestamp t=${o.timestamp} lies in epoch ${t.epoch}, mid ${t.mid} from t=${t.start}: ${s.node} ${when}`;
    details.push(`Appendix I needs every gateway to switch epochs at the same instant (spec/exchange/loq.md): a late gateway's orders of the new epoch go ahead of older orders of that epoch`);
  } else if (sx && sy && keyLess(sy, y, sx, x)) {
    // The tags put y first: the class-aware merge did what the tags said.
    if (sy.epoch < sx.epoch) {
      const gy = sy.node;
      const changes = trace.midChanges.filter((c) => c.node === gy).map((c) => `${c.mid} at t=${c.at}`);
      const starts = flow.starts.slice(1).map((s, e) => `${flow.mids[e + 1]} at t=${s}`);
      because = `${gy} still filed o${y.id} under epoch ${sy.epoch} while o${x.id} was filed under epoch ${sx.epoch}: ${gy} saw the mid change${changes.length ? ` only at ${changes.join(', ')}` : ' never'}, the epochs started at ${starts.join(', ') || '(no change)'}, and an earlier epoch goes first`;
    } else {
      because = `the tags put o${y.id} first: it is ${cls(sy.critical)} and o${x.id} ${cls(sx.critical)} in the same epoch (o${y.id}: ${sy.mid === undefined ? 'upstream tags' : classRule(y, sy.mid, flow.spec.window)}; o${x.id}: ${sx.mid === undefined ? 'upstream tags' : classRule(x, sx.mid, flow.spec.window)})`;
    }
  } else if (sx && rec.merge === 'timestamp') {
    const pops = trace.pops.get(sx.node) ?? [];
    const ahead = pops.filter((p) => p.at <= (sx.poppedAt ?? Infinity) && p.id !== x.id && (trace.passages.get(p.id)?.[0]?.pushedAt ?? 0) >= sx.pushedAt).map((p) => byId.get(p.id)!);
    const jumpers = ahead.filter((o) => o.timestamp > x.timestamp);
    const held = jumpers.length > 0 ? ` while ${sx.node}'s LOQ held o${x.id} behind ${jumpers.map((o) => `${cls(firstStay(rec, o.id)?.critical ?? true)} o${o.id} (t=${o.timestamp})`).join(', ')}` : '';
    because = `the merge ordered by timestamp alone${held}`;
    details.push(
      `LOQ output is not timestamp-ordered: ${sx.node} sent ${jumpers.length > 0 ? `o${jumpers[0]!.id} (t=${jumpers[0]!.timestamp})` : 'a later-stamped order'} before o${x.id} (t=${x.timestamp}); a merge by (timestamp, participant) took that as a promise that nothing older follows on ${sx.node}'s link and released o${y.id} (t=${y.timestamp}) first. A class-aware merge keys by (epoch, class, timestamp, participant), with per-class marks (spec/exchange/loq.md#composition)`,
    );
  } else {
    // The tags say x first, yet y went first: some LOQ or link put them out of key order.
    const shared = (trace.passages.get(x.id) ?? []).find((a) => (trace.passages.get(y.id) ?? []).some((b) => b.node === a.node));
    const sb = shared && trace.passages.get(y.id)!.find((b) => b.node === shared.node)!;
    if (shared && sb && sb.poppedAt !== undefined && shared.poppedAt !== undefined && sb.poppedAt <= shared.poppedAt && sb.pushedAt <= shared.poppedAt && shared.pushedAt <= sb.poppedAt) {
      because = `${shared.node}'s LOQ popped o${y.id} (at t=${sb.poppedAt}) before o${x.id} (at t=${shared.poppedAt}) while both were queued there, although o${x.id}'s key is smaller`;
    } else {
      because = `o${x.id} reached the exchange at t=${trace.atExchange.get(x.id) ?? '?'} and o${y.id} at t=${trace.atExchange.get(y.id) ?? '?'}; the merge released o${y.id} first although o${x.id}'s (epoch, class, timestamp, participant) is smaller`;
    }
  }
  const pos = (o: LoqOrder) => P.findIndex((p) => p.id === o.id);
  const summary = `${tagged(rec, x)} and ${tagged(rec, y)} reached the engine as o${y.id}, o${x.id} because ${because}`;
  details.unshift(`first trade that changes: timestamp order gives "${tradeText(flow.expected[jj])}", the engine's order "${tradeText(trades[jj])}"`);
  for (const o of [x, y]) {
    const s = (trace.passages.get(o.id) ?? []).map((p) => `${p.node} t=${p.pushedAt}→${p.poppedAt ?? '?'}`).join(', ');
    details.push(`o${o.id}: ${s || 'no passage'}; reached the exchange at t=${trace.atExchange.get(o.id) ?? '?'}, processed ${pos(o) + 1}${['st', 'nd', 'rd'][pos(o)] ?? 'th'}`);
  }
  details.push(`engine order: ${P.map((o) => `o${o.id}`).join(', ')}; timestamp order: ${T.map((o) => `o${o.id}`).join(', ')}`);
  return { summary, details, timeline: timeline(rec, new Set([x.id, y.id]), Math.min(trace.processedAt.get(y.id) ?? 0, trace.atExchange.get(x.id) ?? Infinity)) };
}

function explainTags(rec: PipelineRecord, kind: 'wrong-epoch' | 'misclassified'): Explanation | undefined {
  const last = rec.trace.lastPop;
  if (!last?.queued) return undefined;
  const o = last.queued.order;
  const stay = (rec.trace.passages.get(o.id) ?? []).find((s) => s.node === last.node && s.poppedAt === undefined);
  const should = `(epoch ${last.queued.epoch}, ${cls(last.queued.critical)}, t=${o.timestamp}, participant ${o.participant})`;
  const got = `(epoch ${String(last.popped.epoch)}, ${cls(last.popped.critical)}, t=${o.timestamp}, participant ${o.participant})`;
  const summary = `${last.node}'s LOQ popped ${orderText(o)} at t=${last.at} reporting ${kind === 'wrong-epoch' ? `epoch ${String(last.popped.epoch)}` : cls(last.popped.critical)}: its key is ${should}, not ${got}`;
  const details: string[] = [];
  if (stay?.mid !== undefined) {
    const changes = rec.trace.midChanges.filter((c) => c.node === last.node && c.at <= stay.pushedAt);
    details.push(
      `pushed at t=${stay.pushedAt} with mid ${stay.mid}, window ${rec.flow.spec.window}: epoch ${stay.epoch} (${changes.length === 0 ? 'no mid change before it' : `mid changes before it: ${changes.map((c) => `${c.mid} at t=${c.at}`).join(', ')}`}); ${cls(stay.critical)}, since ${classRule(o, stay.mid, rec.flow.spec.window)}`,
    );
    const later = rec.trace.midChanges.filter((c) => c.node === last.node && c.at > stay.pushedAt && c.at <= last.at);
    if (kind === 'wrong-epoch' && later.length > 0) details.push(`the mid changed again before the pop (${later.map((c) => `${c.mid} at t=${c.at}`).join(', ')}): an order's epoch is fixed when it is pushed`);
  } else if (stay) details.push(`pushed with pushTagged at t=${stay.pushedAt}: the upstream tags epoch ${stay.epoch}, ${cls(stay.critical)} are to be kept`);
  return { summary, details, timeline: timeline(rec, new Set([o.id]), last.at) };
}

function timeline(rec: PipelineRecord, focus: Set<number>, focusAt: number): TimelineEntry[] {
  const { trace, flow } = rec;
  const byId = new Map(flow.orders.map((o) => [o.id, o]));
  const all: (TimelineEntry & { rank: number; seq: number })[] = [];
  const add = (at: number, where: string, what: string, id?: number) =>
    all.push({ at, where, what, rank: id !== undefined && focus.has(id) ? 0 : 1, seq: all.length, ...(id !== undefined && focus.has(id) ? { highlight: true } : {}) });
  for (const c of trace.midChanges) add(c.at, c.node, `mid → ${c.mid} (epoch ${c.epoch})`);
  for (const [id, stays] of trace.passages) {
    const o = byId.get(id);
    if (!o) continue;
    for (const s of stays) {
      add(s.pushedAt, s.node, `push ${orderText(o)}: epoch ${s.epoch}, ${cls(s.critical)}`, id);
      if (s.poppedAt !== undefined) add(s.poppedAt, s.node, `pop → o${id}`, id);
    }
  }
  for (const [id, at] of trace.atExchange) add(at, 'exchange', `o${id} arrives`, id);
  for (const [id, at] of trace.processedAt) add(at, 'engine', `processes o${id}`, id);
  let kept = all;
  if (kept.length > MAX_TIMELINE) {
    const far = (e: { at: number }) => Math.abs(e.at - focusAt);
    const drop = new Set([...kept].sort((a, b) => b.rank - a.rank || far(b) - far(a)).slice(0, kept.length - MAX_TIMELINE));
    kept = kept.filter((e) => !drop.has(e));
  }
  return kept.sort((a, b) => a.at - b.at || a.seq - b.seq).map(({ rank: _r, seq: _s, ...e }) => e);
}
