/**
 * The sweeps of `fairwire simulate sweep`, each a list of harness runs with one seed:
 * - shape: OML over tree shapes (D, F) for N receivers (Jasper App. A, Table 4), and where the
 *   paper's heuristic (F ≈ 10, D = round(log10 N)) lands against the best shape, by OML p50;
 *   beyond the paper, the same under a straggler proxy and under a latency spike on one link;
 * - hedge: P(F) and OML against the hedging factor H at the heuristic shape, with
 *   hold-and-release, in calm conditions, under a straggler and under a spike;
 * - headroom: the OML/P(F) price of hold-and-release's headroom (no hold-and-release first).
 * The straggler is p1.0 (the first proxy under the root; a depth-1 tree has none and its
 * straggler row is the baseline), slowed by 100 µs for the whole run; the spike puts 500 µs on
 * the link root → first node of layer 1 during the middle third of the sends.
 */
import type { SimulateTreeOptions, SimulateTreeResult, SpikeSpec, StragglerSpec } from '../../reference/multicast/harness.ts';
import { fanoutFor, heuristicShape } from '../../reference/multicast/tree.ts';
import { middleThird } from './faults.ts';

export type SweepPart = 'shape' | 'hedge' | 'headroom';
export type Scenario = 'calm' | 'straggler' | 'spike';
export const SWEEP_PARTS: readonly SweepPart[] = ['shape', 'hedge', 'headroom'];
export const SCENARIOS: readonly Scenario[] = ['calm', 'straggler', 'spike'];

export interface SweepOptions {
  readonly receivers: number;
  readonly depths: readonly number[];
  /** Fan-outs to try at each depth; absent: the smallest F with F^D ≥ N (the paper's Table 4). */
  readonly fanouts?: readonly number[];
  /** H of the shape sweep. */
  readonly hedge: number;
  readonly hedges: readonly number[];
  /** H of the headroom sweep. */
  readonly headroomHedge: number;
  readonly headroomsNs: readonly number[];
  readonly messages: number;
  readonly intervalNs: number;
  readonly epsilonNs: number;
  readonly seed: number;
  readonly spraying: boolean;
  readonly parts: readonly SweepPart[];
  readonly scenarios: readonly Scenario[];
  readonly stragglerExtraNs?: number;
  readonly spikeExtraNs?: number;
  /** Headroom of the hedge sweep's hold-and-release. */
  readonly hedgeHeadroomNs: number;
  readonly nodes?: SimulateTreeOptions['nodes'];
}

/** One run's figures (ns, as the harness gives them). */
export interface SweepPoint {
  readonly part: SweepPart;
  readonly scenario: Scenario;
  readonly depth: number;
  readonly fanout: number;
  readonly hedge: number;
  /** Hold-and-release headroom, or null when it is off. */
  readonly headroomNs: number | null;
  readonly oml: SimulateTreeResult['oml'];
  readonly dws: SimulateTreeResult['dws'];
  readonly pf: number;
  readonly messages: number;
  readonly undelivered: number;
}

export interface ShapeVerdict {
  readonly scenario: Scenario;
  readonly heuristic: { depth: number; fanout: number; omlP50: number } | null;
  readonly best: { depth: number; fanout: number; omlP50: number };
  /** Heuristic OML p50 ÷ best OML p50 (1 = the heuristic is the best shape tried). */
  readonly ratio: number | null;
}

export interface SweepResult {
  readonly receivers: number;
  readonly heuristic: { depth: number; fanout: number };
  readonly points: SweepPoint[];
  readonly verdicts: ShapeVerdict[];
  /** Shapes skipped: too few leaves for N, or a fan-out of 1. */
  readonly skipped: string[];
}

export interface PlannedRun {
  readonly point: Omit<SweepPoint, 'oml' | 'dws' | 'pf' | 'messages' | 'undelivered'>;
  readonly options: SimulateTreeOptions;
}

/** (D, F) pairs to try: F^D ≥ N and F ≥ 2 (or N = 1), and no layer that serves nobody (F^(D−1) < N). */
export function shapes(receivers: number, depths: readonly number[], fanouts: readonly number[] | undefined): { pairs: { depth: number; fanout: number }[]; skipped: string[] } {
  const pairs: { depth: number; fanout: number }[] = [];
  const skipped: string[] = [];
  for (const depth of depths) {
    const list = fanouts ?? [fanoutFor(receivers, depth)];
    for (const fanout of list) {
      if (Math.pow(fanout, depth) < receivers) skipped.push(`D=${depth} F=${fanout}: ${fanout}^${depth} < ${receivers} receivers`);
      else if (depth > 1 && Math.pow(fanout, depth - 1) >= receivers) skipped.push(`D=${depth} F=${fanout}: depth ${depth - 1} already holds ${receivers} receivers`);
      else if (fanout < 2 && receivers > 1) skipped.push(`D=${depth} F=${fanout}: fan-out 1`);
      else pairs.push({ depth, fanout });
    }
  }
  return { pairs, skipped };
}

function faultsFor(scenario: Scenario, depth: number, o: SweepOptions): { stragglers: StragglerSpec[]; spikes: SpikeSpec[] } {
  if (scenario === 'straggler' && depth >= 2) {
    return { stragglers: [{ node: 'p1.0', ...(o.stragglerExtraNs !== undefined ? { extraNs: o.stragglerExtraNs } : {}) }], spikes: [] };
  }
  if (scenario === 'spike') {
    const to = depth >= 2 ? 'p1.0' : 'r0';
    return { stragglers: [], spikes: [{ from: 'root', to, ...middleThird(o.messages, o.intervalNs), ...(o.spikeExtraNs !== undefined ? { extraNs: o.spikeExtraNs } : {}) }] };
  }
  return { stragglers: [], spikes: [] };
}

/** Every run of the sweep, in order, before any runs: the plan is cheap and counts the work. */
export function planSweep(o: SweepOptions): { runs: PlannedRun[]; heuristic: { depth: number; fanout: number }; skipped: string[] } {
  const heuristic = heuristicShape(o.receivers);
  const runs: PlannedRun[] = [];
  const base = (depth: number, fanout: number, hedge: number, headroomNs: number | null, scenario: Scenario): SimulateTreeOptions => ({
    seed: o.seed,
    receivers: o.receivers,
    depth,
    fanout,
    hedge,
    spraying: o.spraying,
    holdRelease: headroomNs === null ? null : { headroomNs },
    messages: o.messages,
    intervalNs: o.intervalNs,
    clocks: { epsilonNs: o.epsilonNs },
    ...faultsFor(scenario, depth, o),
    ...(o.nodes ? { nodes: o.nodes } : {}),
  });
  const { pairs, skipped } = shapes(o.receivers, o.depths, o.fanouts);
  if (o.parts.includes('shape')) {
    for (const scenario of o.scenarios) {
      for (const { depth, fanout } of pairs) {
        runs.push({ point: { part: 'shape', scenario, depth, fanout, hedge: o.hedge, headroomNs: null }, options: base(depth, fanout, o.hedge, null, scenario) });
      }
    }
  }
  if (o.parts.includes('hedge')) {
    for (const scenario of o.scenarios) {
      for (const hedge of o.hedges) {
        runs.push({ point: { part: 'hedge', scenario, ...heuristic, hedge, headroomNs: o.hedgeHeadroomNs }, options: base(heuristic.depth, heuristic.fanout, hedge, o.hedgeHeadroomNs, scenario) });
      }
    }
  }
  if (o.parts.includes('headroom')) {
    for (const headroomNs of [null, ...o.headroomsNs]) {
      runs.push({ point: { part: 'headroom', scenario: 'calm', ...heuristic, hedge: o.headroomHedge, headroomNs }, options: base(heuristic.depth, heuristic.fanout, o.headroomHedge, headroomNs, 'calm') });
    }
  }
  return { runs, heuristic, skipped };
}

/** Where the heuristic lands against the best shape tried, per scenario (by OML p50). */
export function shapeVerdicts(points: readonly SweepPoint[], heuristic: { depth: number; fanout: number }): ShapeVerdict[] {
  const out: ShapeVerdict[] = [];
  for (const scenario of SCENARIOS) {
    const rows = points.filter((p) => p.part === 'shape' && p.scenario === scenario && p.messages > 0);
    if (rows.length === 0) continue;
    const best = rows.reduce((a, b) => (b.oml.p50 < a.oml.p50 ? b : a));
    const h = rows.find((p) => p.depth === heuristic.depth && p.fanout === heuristic.fanout);
    out.push({
      scenario,
      heuristic: h ? { depth: h.depth, fanout: h.fanout, omlP50: h.oml.p50 } : null,
      best: { depth: best.depth, fanout: best.fanout, omlP50: best.oml.p50 },
      ratio: h ? h.oml.p50 / best.oml.p50 : null,
    });
  }
  return out;
}

export function pointOf(run: PlannedRun, r: SimulateTreeResult): SweepPoint {
  return { ...run.point, oml: r.oml, dws: r.dws, pf: r.pf, messages: r.messages, undelivered: r.undelivered };
}
