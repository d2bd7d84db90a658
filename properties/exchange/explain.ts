import type { InboundTraceEvent, OrderRecord } from '../../reference/inbound/network.ts';
import { AdapterFault } from '../../adapters/fault.ts';
import type { Explanation } from '../explanation.ts';
import { Mismatch } from '../mismatch.ts';
import { firstInversion, keyLess, runOf } from './checks.ts';
import type { CaseRun } from './run.ts';
import { inboundTimeline } from './timeline.ts';

/**
 * Explains an exchange failure from the run the verdict was taken on (the harness's trace and
 * its own copy of every order): the two orders out of order, the node where they swapped, and —
 * when a heartbeat broke its promise — the node that sent it.
 */

/** Nodes that output order `id`, bottom up (the gateway first), with the trace index of each output. */
function pathOf(trace: readonly InboundTraceEvent[], id: number): { node: string; at: number }[] {
  const out: { node: string; at: number }[] = [];
  trace.forEach((e, i) => {
    if (e.order === id && (e.kind === 'send' || e.kind === 'release')) out.push({ node: e.node, at: i });
  });
  return out;
}

interface Swap {
  /** The lowest node that output `late` (the order that should have gone first) after `early`. */
  readonly node: string | undefined;
  /** A heartbeat that promised more than its sender then kept: the node, the index, and the order it was sent before. */
  readonly broken?: { readonly node: string; readonly index: number; readonly e: InboundTraceEvent };
}

/**
 * `first` should have reached the engine before `second` (smaller key) but did not. Walk the
 * nodes both passed, bottom up: the first that output `second` before `first` is where they
 * swapped. Then look along `first`'s path for a heartbeat sent before `first` with a key above
 * `first`'s (in its class): the broken promise that let a merge above go on without it.
 */
function findSwap(run: CaseRun, first: OrderRecord, second: OrderRecord): Swap {
  const trace = run.result.trace;
  const pa = pathOf(trace, first.order.id);
  const pb = new Map(pathOf(trace, second.order.id).map((x) => [x.node, x.at]));
  let node: string | undefined;
  for (const x of pa) {
    const b = pb.get(x.node);
    if (b !== undefined && b < x.at) {
      node = x.node;
      break;
    }
  }
  const tagged = first.epoch >= 0;
  for (const x of pa) {
    for (let i = 0; i < x.at; i++) {
      const e = trace[i]!;
      if (e.kind !== 'send' || !e.heartbeat || e.node !== x.node) continue;
      if (tagged && (e.critical !== first.critical || e.epoch !== first.epoch)) continue;
      const above = e.timestamp! > first.expectedStamp || (e.timestamp === first.expectedStamp && e.participant! > first.order.participant);
      if (above) return { node, broken: { node: x.node, index: i, e } };
    }
  }
  return { node };
}

function orderText(r: OrderRecord): string {
  return `order ${r.order.id} (participant ${r.order.participant}, ${r.order.side} ${r.order.quantity} @ ${r.order.price}, stamp ${r.expectedStamp}${r.epoch >= 0 ? `, epoch ${r.epoch} ${r.critical ? 'critical' : 'non-critical'}` : ''})`;
}

function explainPair(run: CaseRun, first: OrderRecord, second: OrderRecord, lead: string): Explanation {
  const swap = findSwap(run, first, second);
  const where = swap.node ? `${swap.node}${run.subjectNodes.has(swap.node) ? ` (${run.subject})` : ' (reference)'}` : 'the path';
  const trace = run.result.trace;
  const marks = new Set<number>();
  for (const id of [first.order.id, second.order.id]) {
    trace.forEach((e, i) => {
      if (e.order === id && e.node === swap.node && (e.kind === 'send' || e.kind === 'release')) marks.add(i);
    });
  }
  const details: string[] = [
    `They swapped at ${where}: it passed on ${second.order.id} before ${first.order.id}.`,
  ];
  if (swap.broken) {
    const b = swap.broken;
    marks.add(b.index);
    details.push(
      `${b.node}${run.subjectNodes.has(b.node) ? ` (${run.subject})` : ''} sent a heartbeat (${b.e.timestamp}/${b.e.participant}) promising nothing below it would follow, then sent ${first.order.id} with the smaller key (${first.expectedStamp}/${first.order.participant}): a dummy must carry the node's low-water mark (the oldest key it still holds), not its clock.`,
    );
  }
  const shape = JSON.stringify(run.options.shape);
  details.push(`tree (sequencer's children; 'g' a gateway, a list a proxy): ${shape}; subject nodes: ${[...run.subjectNodes].join(', ') || 'none'}`);
  return {
    summary: `${lead}: ${orderText(first)} should have reached the matching engine before ${orderText(second)}, but went after it.`,
    details,
    timeline: inboundTimeline(run, { orders: new Set([first.order.id, second.order.id]), marks, heartbeats: swap.broken ? new Set([swap.broken.index]) : new Set(), limit: 50 }),
  };
}

/** Under LOQ: the first pair at one price on one side the engine got in the wrong order, if any. */
function samePricePair(run: CaseRun): { first: OrderRecord; second: OrderRecord } | undefined {
  const ids = run.result.released;
  const recs = ids.map((id) => run.result.records.get(id)!);
  for (let j = 1; j < recs.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = recs[i]!;
      const b = recs[j]!;
      if (a.order.side === b.order.side && a.order.price === b.order.price && a.order.participant !== b.order.participant && keyLess(b, a)) return { first: b, second: a };
    }
  }
  return undefined;
}

export function explainExchangeFailure(err: unknown): Explanation | undefined {
  if (err instanceof AdapterFault) return undefined;
  const run = runOf(err);
  if (!run || !(err instanceof Mismatch)) return undefined;
  switch (err.kind) {
    case 'out-of-order': {
      const inv = firstInversion(run);
      return inv ? explainPair(run, inv.after, inv.before, 'Out of timestamp order') : undefined;
    }
    case 'trades-differ': {
      const pair = samePricePair(run);
      if (pair) {
        const e = explainPair(run, pair.first, pair.second, `Two orders at one price swapped queue priority`);
        return { ...e, details: [...(e.details ?? []), 'At one price the engine fills the order it got first, so the trades differ from timestamp order.', err.message] };
      }
      return { summary: 'The trades differ from those of timestamp order, with no two orders at one price swapped: an order of a later epoch went ahead of an earlier one.', details: [err.message] };
    }
    case 'order-lost': {
      const lost = ((err.actual as { lost?: number[] }).lost ?? []).slice(0, 2);
      const r = lost.length > 0 ? run.result.records.get(lost[0]!) : undefined;
      if (!r) return { summary: err.message };
      const holder = r.where && r.where !== 'link' ? r.where : undefined;
      const trace = run.result.trace;
      // What the holder heard after the order reached it: the messages it did not act on.
      const after = new Set<number>();
      const arrived = trace.findIndex((e) => e.kind === 'arrive' && e.order === r.order.id && e.node === holder);
      if (holder && arrived >= 0) {
        for (let i = arrived + 1; i < trace.length && after.size < 4; i++) if (trace[i]!.kind === 'arrive' && trace[i]!.node === holder) after.add(i);
      }
      const who = holder ? `${holder}${run.subjectNodes.has(holder) ? ` (${run.subject})` : ' (reference)'}` : 'a link';
      return {
        summary: `O${orderText(r).slice(1)} never reached the matching engine: it was last held by ${who}, which never passed it on although heartbeats kept arriving.`,
        details: [err.message],
        timeline: inboundTimeline(run, { orders: new Set(lost), marks: after, heartbeats: after, limit: 40 }),
      };
    }
    case 'stamp-differs':
    case 'wrong-epoch':
    case 'misclassified': {
      const id = (err.actual as { order?: unknown } | undefined)?.order;
      const r = typeof id === 'number' ? run.result.records.get(id) : undefined;
      if (!r) return { summary: err.message };
      return {
        summary: err.message,
        details: [
          `What the order must carry is judged from the input: its gateway's clock at the submit, and its LOQ's epoch (the mid changes the gateway had been given) and class (its price against the mid and the window A = ${run.options.loq?.window ?? '-'}).`,
        ],
        timeline: inboundTimeline(run, { orders: new Set([id as number]), limit: 30 }),
      };
    }
    default:
      return { summary: err.message };
  }
}
