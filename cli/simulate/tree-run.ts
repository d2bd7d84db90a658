/**
 * One harness run for the CLI: progress and Ctrl-C through the harness's pace hook, the simulator's input
 * errors as usage errors, and the result in microseconds (the harness works in integer ns).
 */
import { simulateTree, type MessageRecord, type SimulateTreeOptions, type SimulateTreeResult } from '../../reference/multicast/harness.ts';
import { SimulationInputError } from '../../reference/sim/errors.ts';
import { UsageError } from '../command.ts';
import { RunInterrupted, type SimulateSession } from './session.ts';

/** What `simulate tree --json` prints (µs), plus the shape actually built and the undelivered count. */
export interface TreeMetricsUs {
  readonly oml: { readonly p50: number; readonly p90: number; readonly p99: number };
  readonly dws: { readonly p50: number; readonly p99: number };
  readonly pf: number;
  readonly messages: number;
  readonly undelivered: number;
  readonly tree: { readonly depth: number; readonly fanout: number };
}

/** ns → µs; integer ns give at most three decimals. */
export function us(ns: number): number {
  return ns / 1000;
}

export function metricsUs(r: SimulateTreeResult): TreeMetricsUs {
  return {
    oml: { p50: us(r.oml.p50), p90: us(r.oml.p90), p99: us(r.oml.p99) },
    dws: { p50: us(r.dws.p50), p99: us(r.dws.p99) },
    pf: r.pf,
    messages: r.messages,
    undelivered: r.undelivered,
    tree: { depth: r.tree.depth, fanout: r.tree.fanout },
  };
}

/**
 * Per-message OML and DWS (µs) from the harness's records (true times): a participant releases
 * when the first of its receivers does; a message some participant never released is left out
 * (it is counted in `undelivered`).
 */
export function perMessageUs(records: readonly MessageRecord[]): { omlUs: Float64Array; dwsUs: Float64Array } {
  const oml: number[] = [];
  const dws: number[] = [];
  const byParticipant = new Map<number, number>();
  for (const m of records) {
    byParticipant.clear();
    for (const r of m.receivers) {
      if (r.releaseTrue === null) continue;
      const prev = byParticipant.get(r.participant);
      if (prev === undefined || r.releaseTrue < prev) byParticipant.set(r.participant, r.releaseTrue);
    }
    const participants = new Set(m.receivers.map((r) => r.participant)).size;
    if (byParticipant.size < participants) continue;
    let lo = Infinity;
    let hi = -Infinity;
    for (const t of byParticipant.values()) {
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
    oml.push(us(hi - m.sentTrue));
    dws.push(us(hi - lo));
  }
  return { omlUs: Float64Array.from(oml), dwsUs: Float64Array.from(dws) };
}

/** Runs the harness; progress on the session; Ctrl-C → RunInterrupted; bad input → UsageError. */
export async function runTree(o: SimulateTreeOptions, session: SimulateSession, label: string): Promise<SimulateTreeResult> {
  const pace = {
    onTurn: (sent: number) => {
      session.progress(`${label}: message ${sent}/${o.messages}`);
      return session.stopped;
    },
  };
  let result: SimulateTreeResult;
  try {
    result = await simulateTree({ ...o, pace });
  } catch (err) {
    if (err instanceof SimulationInputError) throw new UsageError(err.message);
    throw err;
  }
  if (result.stopped || session.stopped) throw new RunInterrupted(result.messages);
  return result;
}
