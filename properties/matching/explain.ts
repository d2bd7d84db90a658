import type { BookSnapshot, MatchingEvent, TradeEvent } from '../../adapters/matching.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { MatchingFlow } from '../arbitraries/matching-flow.ts';
import type { Explanation, TimelineEntry } from '../explanation.ts';
import { Mismatch } from '../mismatch.ts';
import { fieldsOf, restingOf, type RestingOrder } from './reference-trace.ts';
import { stepOf } from './step-mismatch.ts';

/**
 * Explanations of matching counterexamples (issue 12, point 6): the command the failure is
 * about, what the reference did there, in words, and the reference's book just before it. Built
 * from the flow, a replay on the reference engine and the Mismatch's own data (the step it names,
 * what the engine answered); the subject is never asked again. Priority bugs name the two
 * orders and since when each queues; a self-trade names both orders and the account; an IOC/FOK
 * remainder that rests names the order and where the reference expired it.
 */

/** The reference at one command: what it answered and the books around it. */
interface Replayed {
  readonly index: number;
  readonly command: unknown;
  readonly events: readonly MatchingEvent[];
  readonly before: readonly BookSnapshot[];
  readonly after: readonly BookSnapshot[];
  readonly restingBefore: ReadonlyMap<string, RestingOrder>;
  /** Per id resting before this command: the command since which it queues at its level. */
  readonly since: ReadonlyMap<string, number>;
  /** The same after this command (an arrival or a modify to the back counts from here). */
  readonly sinceAfter: ReadonlyMap<string, number>;
}

function replay(flow: MatchingFlow, upTo: number): Replayed[] {
  const engine = new MatchingEngine({ symbols: flow.config.symbols });
  const out: Replayed[] = [];
  let before = engine.snapshot();
  const since = new Map<string, number>();
  for (let index = 0; index <= upTo && index < flow.commands.length; index++) {
    const command = flow.commands[index];
    const events = engine.apply(command);
    const after = engine.snapshot();
    const was = new Map(since);
    for (const e of events) {
      if (e.type === 'accepted' || (e.type === 'modified' && e.priority === 'lost')) since.set(e.id, index);
    }
    out.push({ index, command, events, before, after, restingBefore: restingOf(before), since: was, sinceAfter: new Map(since) });
    before = after;
  }
  return out;
}

// ---- words ------------------------------------------------------------------------------

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v));

/** A command in words, e.g. `order o2 (buy 5 @ 101 on X, account B)`. */
export function commandText(command: unknown): string {
  const c = fieldsOf(command);
  if (c.type === 'new' && typeof c.id === 'string') {
    const market = c.orderType === 'market';
    const tif = str(c.tif ?? (market ? 'ioc' : 'gtc'));
    const extras = [`account ${str(c.account)}`, ...(tif !== 'gtc' ? [tif] : []), ...(c.postOnly === true ? ['post-only'] : []), ...(c.stp !== undefined && c.stp !== 'none' ? [`stp ${str(c.stp)}`] : [])];
    return `${market ? 'market order' : 'order'} ${c.id} (${str(c.side)} ${str(c.quantity)}${market ? '' : ` @ ${str(c.price)}`} on ${str(c.symbol)}, ${extras.join(', ')})`;
  }
  if (c.type === 'cancel' && typeof c.id === 'string') return `cancel of ${c.id}`;
  if (c.type === 'modify' && typeof c.id === 'string') return `modify of ${c.id} to ${str(c.quantity)}${c.price === undefined || c.price === null ? '' : ` @ ${str(c.price)}`}`;
  return `the command ${JSON.stringify(command)}`;
}

/** What a list of events did, as clauses ("traded 3 against s1 at 101", "rested 2 at 101"). */
export function eventsText(events: readonly MatchingEvent[], taker?: string): string[] {
  const out: string[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'rejected':
        out.push(`rejected it (${e.reason})`);
        break;
      case 'trade':
        out.push(`traded ${e.quantity} against ${e.makerId} at ${e.price}${taker !== undefined && e.takerId !== taker ? ` (taker ${e.takerId})` : ''}`);
        break;
      case 'cancelled':
        out.push(e.reason === 'self-trade'
          ? `cancelled ${e.quantity} of ${e.id} to prevent a self-trade (${e.remaining} left)`
          : `cancelled ${e.id} (${e.quantity} open)`);
        break;
      case 'expired':
        out.push(`expired ${e.id === taker ? 'its' : `${e.id}'s`} remaining ${e.quantity}`);
        break;
      case 'modified':
        out.push(`changed ${e.id} to ${e.quantity} @ ${e.price}, ${e.priority === 'kept' ? 'keeping its place in the queue' : 'to the back of the queue'}`);
        break;
      default:
        break; // accepted and market data: said by the rest
    }
  }
  return out;
}

/** What the reference did with command `r` (resting remainders and partly filled makers included). */
function outcomeText(r: Replayed): string {
  const c = fieldsOf(r.command);
  const id = typeof c.id === 'string' ? c.id : undefined;
  const clauses = eventsText(r.events, id);
  const after = restingOf(r.after);
  if (r.events[0]?.type === 'accepted' && id !== undefined) {
    const rest = after.get(id);
    if (rest) clauses.push(`${clauses.length > 0 ? 'resting its remaining' : 'rested'} ${rest.remaining} at ${rest.price}`);
  }
  const makers = new Set(r.events.flatMap((e) => (e.type === 'trade' ? [e.makerId] : [])));
  for (const id of makers) {
    const m = after.get(id);
    if (m) clauses.push(`leaving ${m.id} with ${m.remaining}`);
  }
  if (clauses.length === 0) clauses.push(r.events[0]?.type === 'accepted' ? 'accepted it and nothing else changed' : 'answered nothing');
  return clauses.join(', ');
}

/** A book, both sides, levels best first with their orders in queue order. */
export function bookLines(books: readonly BookSnapshot[]): string[] {
  const out: string[] = [];
  for (const b of books) {
    if (b.bids.length === 0 && b.asks.length === 0) continue;
    out.push(`  ${b.symbol}:`);
    for (const [name, levels] of [['asks', [...b.asks].reverse()], ['bids', b.bids]] as const) {
      if (levels.length === 0) out.push(`    ${name}: none`);
      for (const l of levels) out.push(`    ${name === 'asks' ? 'ask' : 'bid'} ${l.price} (${l.quantity}): ${l.orders.map((o) => `${o.id} ${o.quantity} [${o.account}]`).join(', ')}`);
    }
  }
  return out.length > 0 ? out : ['  (empty)'];
}

// ---- what the engine said, from the Mismatch -------------------------------------------

const isEvent = (v: unknown): v is MatchingEvent => typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
const eventsIn = (v: unknown): MatchingEvent[] | undefined => (Array.isArray(v) && v.every(isEvent) ? v : isEvent(v) ? [v] : undefined);
const isBooks = (v: unknown): v is BookSnapshot[] => Array.isArray(v) && v.every((b) => typeof b === 'object' && b !== null && Array.isArray((b as BookSnapshot).bids) && Array.isArray((b as BookSnapshot).asks));

/** The Mismatch's message without the command's JSON (the explanation names the command in words), with short expected/actual values. */
function findingText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const text = error.message.split('\n')[0]!.replace(/(command #\d+) \{[^{}]*\}/g, '$1');
  if (!(error instanceof Mismatch) || /expected .*, got /.test(text)) return text;
  const short = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));
  const [e, a] = [short(error.expected), short(error.actual)];
  return e !== undefined && a !== undefined && e.length + a.length <= 160 ? `${text} (expected ${e}, got ${a})` : text;
}

// ---- the two orders of a priority bug ---------------------------------------------------

interface PriorityPair {
  /** The order the reference gives priority. */
  readonly first: string;
  /** The order the engine put (or filled) ahead of it. */
  readonly jumped: string;
  readonly how: 'filled' | 'queued';
}

/** From the engine's trades: the first maker that differs from the reference's, both resting at one level. */
function pairFromTrades(r: Replayed, actual: readonly MatchingEvent[]): PriorityPair | undefined {
  const mine = actual.filter((e): e is TradeEvent => e.type === 'trade');
  const theirs = r.events.filter((e): e is TradeEvent => e.type === 'trade');
  for (let k = 0; k < mine.length; k++) {
    const s = mine[k]!.makerId;
    const ref = theirs[k]?.makerId;
    const a = r.restingBefore.get(s);
    // The order the reference queues ahead of the engine's maker: the reference's own pick, or the head.
    const ahead = ref !== undefined && ref !== s ? r.restingBefore.get(ref) : a && a.position > 0 ? r.restingBefore.get(a.queue[0]!) : undefined;
    if (!a || !ahead || ahead.id === s) continue;
    if (ahead.symbol === a.symbol && ahead.side === a.side && ahead.price === a.price && ahead.position < a.position) return { first: ahead.id, jumped: s, how: 'filled' };
  }
  return undefined;
}

/** From two queues of one level: the first place they differ. */
function pairFromQueues(expected: readonly string[], actual: readonly string[]): PriorityPair | undefined {
  for (let k = 0; k < Math.min(expected.length, actual.length); k++) {
    if (expected[k] !== actual[k] && expected.includes(actual[k]!) && actual.includes(expected[k]!)) return { first: expected[k]!, jumped: actual[k]!, how: 'queued' };
  }
  return undefined;
}

/** From two books: the first level both hold whose queues order the same orders differently. */
function pairFromBooks(expected: readonly BookSnapshot[], actual: readonly BookSnapshot[]): PriorityPair | undefined {
  for (const b of expected) {
    const other = actual.find((x) => x.symbol === b.symbol);
    if (!other) continue;
    for (const side of ['bids', 'asks'] as const) {
      for (const l of b[side]) {
        const o = other[side].find((x) => x.price === l.price);
        const pair = o && pairFromQueues(l.orders.map((x) => x.id), o.orders.map((x) => x.id));
        if (pair) return pair;
      }
    }
  }
  return undefined;
}

function priorityPair(r: Replayed, error: Mismatch): PriorityPair | undefined {
  const actualEvents = eventsIn(error.actual);
  if (actualEvents) {
    const p = pairFromTrades(r, actualEvents);
    if (p) return p;
  }
  if (isBooks(error.actual)) return pairFromBooks(isBooks(error.expected) ? error.expected : r.after, error.actual);
  if (Array.isArray(error.expected) && Array.isArray(error.actual) && error.expected.every((x) => typeof x === 'string') && error.actual.every((x) => typeof x === 'string')) {
    return pairFromQueues(error.expected as string[], error.actual as string[]);
  }
  return undefined;
}

// ---- the explainer ------------------------------------------------------------------------

/** When an order came to queue where it is: its arrival, or the modify that sent it to the back. */
function queuedSinceText(steps: readonly Replayed[], id: string, at: number): string {
  const s = steps[at];
  if (!s) return `${id} (unknown)`;
  const modified = s.events.some((e) => e.type === 'modified' && e.id === id);
  return `${id} queues there since command #${at} (${modified ? `its modify to the back of the queue` : 'its arrival'})`;
}

/** The entered step and the reference's finishing events of an order, for IOC/FOK/dead-order findings. */
function lifeOf(steps: readonly Replayed[], id: string, upTo: number): { entered?: Replayed; finished?: { step: Replayed; how: string } } {
  let entered: Replayed | undefined;
  let finished: { step: Replayed; how: string } | undefined;
  for (const s of steps.slice(0, upTo + 1)) {
    if (s.events.some((e) => e.type === 'accepted' && e.id === id)) {
      entered = s;
      finished = undefined;
    }
    const after = restingOf(s.after);
    if (entered && !finished && !after.has(id)) {
      const ex = s.events.find((e) => e.type === 'expired' && e.id === id);
      const how = ex && ex.type === 'expired' ? `expired its remaining ${ex.quantity}` : s.events.some((e) => e.type === 'cancelled' && e.id === id) ? 'cancelled it' : 'filled it';
      finished = { step: s, how };
    }
  }
  return { ...(entered ? { entered } : {}), ...(finished ? { finished } : {}) };
}

/** The order a finding is about, from the engine's answer the Mismatch carries. */
function orderIn(error: Mismatch, r: Replayed): string | undefined {
  const a = error.actual;
  if (isEvent(a)) {
    if (a.type === 'trade') return error.path === 'trade.takerId' ? a.takerId : a.makerId;
    if ('id' in a && typeof a.id === 'string') return a.id;
  }
  if (typeof a === 'string') return a;
  const c = fieldsOf(r.command);
  return typeof c.id === 'string' ? c.id : undefined;
}

function specific(steps: readonly Replayed[], r: Replayed, error: Mismatch): { sentence: string; related: number[] } | undefined {
  const pair = ['fill-order', 'queue-jump', 'queue-differs', 'queue-position', 'events-differ', 'book-differs', 'fok-changed-book', 'rejected-changed-book', 'level-differs'].includes(error.kind) ? priorityPair(r, error) : undefined;
  if (pair) {
    // Fills happen against the queue before the command; a queue compares with the one after it.
    const since = pair.how === 'filled' ? r.since : r.sinceAfter;
    const a = pair.how === 'filled' ? r.restingBefore.get(pair.first) : restingOf(r.after).get(pair.first);
    const sa = since.get(pair.first) ?? r.index;
    const sb = since.get(pair.jumped) ?? r.index;
    const where = a ? ` at ${a.symbol} ${a.side} ${a.price}` : '';
    return {
      sentence: `Priority: the engine ${pair.how === 'filled' ? 'filled' : 'queued'} ${pair.jumped} ahead of ${pair.first}${where}, but ${pair.first} comes first: ${queuedSinceText(steps, pair.first, sa)}, ${queuedSinceText(steps, pair.jumped, sb)}.`,
      related: [sa, sb],
    };
  }
  if (error.kind === 'self-trade' && isEvent(error.actual) && error.actual.type === 'trade') {
    const t = error.actual;
    // The taker's account and mode are those of the `new` the reference accepted (a modify has neither).
    const entered = lifeOf(steps, t.takerId, r.index).entered;
    const taker = entered ? fieldsOf(entered.command) : fieldsOf(r.command);
    const maker = r.restingBefore.get(t.makerId);
    const account = typeof taker.account === 'string' ? taker.account : maker?.account ?? '?';
    const mode = typeof taker.stp === 'string' ? taker.stp : 'its STP mode';
    const makerSince = r.since.get(t.makerId);
    return {
      sentence: `Self-trade: the engine traded ${t.quantity} between taker ${t.takerId} and resting ${t.makerId}${makerSince !== undefined ? ` (queued since command #${makerSince})` : ''}, both of account ${account}, although ${t.takerId} carries stp ${mode}.`,
      related: makerSince !== undefined ? [makerSince] : [],
    };
  }
  const id = orderIn(error, r);
  if (id !== undefined && (error.kind === 'ioc-rests' || error.kind === 'dead-order-traded' || error.kind === 'dead-order-rests')) {
    const life = lifeOf(steps, id, r.index);
    if (life.entered) {
      const entered = fieldsOf(life.entered.command);
      const tif = str(entered.tif ?? (entered.orderType === 'market' ? 'ioc' : 'gtc')).toUpperCase();
      const who = error.kind === 'ioc-rests' ? `The remainder of ${str(entered.orderType)} ${tif} order ${id} (command #${life.entered.index})` : `Order ${id} (command #${life.entered.index})`;
      const ended = life.finished ? `the reference ${life.finished.how} at command #${life.finished.step.index}` : 'the reference holds it';
      const a = error.actual;
      const act = isEvent(a) && a.type === 'trade' ? `traded it as a resting order (${a.quantity} against ${a.takerId})`
        : isEvent(a) && a.type === 'cancelled' ? 'cancelled it as a resting order'
        : isEvent(a) && a.type === 'modified' ? 'modified it as a resting order'
        : 'still holds it in its book';
      return { sentence: `${who} lives on in the engine: ${ended}, yet at command #${r.index} the engine ${act}.`, related: [life.entered.index, ...(life.finished ? [life.finished.step.index] : [])] };
    }
  }
  if (error.kind === 'trade-price') {
    const t = r.events.find((e): e is TradeEvent => e.type === 'trade');
    return { sentence: `Trade price: the engine printed a trade at ${str(error.actual)}; a trade prints at the resting (maker) order's price, ${str(error.expected)}${t ? ` (${t.makerId} in the reference's book)` : ''}, whatever the taker's limit.`, related: [] };
  }
  if (error.kind === 'priority-flag') {
    return { sentence: `Modify priority: the engine answered priority "${str(error.actual)}"; a modify keeps its place only at the same price without a size increase, so the reference answers "${str(error.expected)}".`, related: [] };
  }
  if (error.kind === 'fok-partial' || error.kind === 'fok-changed-book') {
    const filled = r.events.filter((e): e is TradeEvent => e.type === 'trade').reduce((n, e) => n + BigInt(e.quantity), 0n);
    return { sentence: `Fill-or-kill: ${filled > 0n ? `the reference filled it whole (${filled})` : 'the reference could not fill it whole, so it expired it and changed nothing else'}; the engine ${error.kind === 'fok-partial' ? `filled ${str(error.actual)} of ${str(error.expected)}` : 'changed the book'}.`, related: [] };
  }
  return undefined;
}

/**
 * The explanation of a matching counterexample: undefined when the failure names no command
 * of the flow (e.g. a fault before the first reply), or the flow cannot be replayed.
 */
export function explainMatching(flow: MatchingFlow, error: unknown): Explanation | undefined {
  const step = stepOf(error);
  if (step === undefined || step < 0 || step >= flow.commands.length) return undefined;
  let steps: Replayed[];
  try {
    steps = replay(flow, step);
  } catch {
    return undefined;
  }
  const r = steps[step]!;
  const found = error instanceof Mismatch ? specific(steps, r, error) : undefined;
  const engineEvents = error instanceof Mismatch && error.kind !== 'self-trade' && !isBooks(error.actual) ? eventsIn(error.actual) : undefined;
  const id = fieldsOf(r.command).id;
  const engineSaid = engineEvents && engineEvents.some((e) => !['level', 'bbo', 'accepted'].includes(e.type))
    ? `the engine ${eventsText(engineEvents, typeof id === 'string' ? id : undefined).join(', ')}`
    : undefined;
  const referenceSaid = outcomeText(r);
  const summary = [
    ...(found ? [found.sentence] : []),
    `At command #${step}, ${commandText(r.command)}: the reference ${referenceSaid}${engineSaid && engineSaid !== `the engine ${referenceSaid}` ? `; ${engineSaid}` : ''}.`,
    ...(found ? [] : [`The check found: ${findingText(error)}.`]),
  ].join(' ');
  const related = new Set([step, ...(found?.related ?? [])]);
  const timeline: TimelineEntry[] = steps.map((s) => ({ at: s.index, where: 'engine', what: `${commandText(s.command)}: ${outcomeText(s)}`, ...(related.has(s.index) ? { highlight: true } : {}) }));
  return {
    summary,
    details: [`the reference's book before command #${step}:`, ...bookLines(r.before), ...(found ? [`the check found: ${findingText(error)}`] : [])],
    timeline,
  };
}
