import { AdapterFault } from '../../adapters/fault.ts';
import { CommandFailure, EXIT, UsageError, type Command } from '../command.ts';
import { figure, headroomCharts, hedgeChart, shapeChart } from '../plot/charts.ts';
import { htmlPage, writeSimulateReport } from '../plot/html.ts';
import { writeFileAtomic } from '../plot/render.ts';
import { commandLine, intListOption, intOption, numberListOption, numberOption, parseOptions, plotOption, reportOption, seedOption } from '../simulate/options.ts';
import { RunInterrupted, SimulateSession } from '../simulate/session.ts';
import { planSweep, pointOf, SCENARIOS, shapeVerdicts, SWEEP_PARTS, type Scenario, type SweepOptions, type SweepPart, type SweepPoint, type SweepResult } from '../simulate/sweep.ts';
import { runTree, us } from '../simulate/tree-run.ts';
import { renderSvg } from '../plot/render.ts';
import { adapterFailure, describeFault, loadAdapter } from './simulate-tree.ts';

const HELP = `fairwire simulate sweep — tree shapes, hedging and headroom, swept (Jasper App. A, §6.5, App. B)

Usage: fairwire simulate sweep --receivers N [--depths LIST] [--fanouts LIST] [--hedge H]
         [--hedges LIST] [--headrooms LIST] [--parts LIST] [--scenarios LIST] [--messages M]
         [--rate R] [--epsilon NS] [--spraying] [--seed S] [--adapter SPEC] [--json] [--plot FILE.svg]
         [--report DIR]

Runs the simulated tree (see fairwire simulate tree --help) many times with one seed:
  shape     OML over tree shapes (D, F) for N receivers; where the paper's heuristic
            (F ≈ 10, D = round(log10 N)) lands against the best shape, by OML p50
  hedge     P(F) and OML against the hedging factor H at the heuristic shape, with
            hold-and-release (headroom --hedge-headroom)
  headroom  the price of hold-and-release: OML and P(F) as the headroom grows, and without it
each under the scenarios: calm; a straggler (proxy p1.0 slowed by 100 µs, the whole run); a
spike (+500 µs on the link root → first node of layer 1, the middle third of the sends).
The headroom part runs calm only.

Options:
  --receivers N        participants, 1..100000 (required)
  --depths LIST        depths for the shape sweep (default 1..5), e.g. 1..5 or 2,3
  --fanouts LIST       fan-outs to try at every depth (default: per depth the smallest F with
                       F^D ≥ N, as in the paper's Table 4); shapes that cannot hold N are skipped
  --hedge H            H of the shape sweep (default 0)
  --hedges LIST        H values of the hedge sweep (default 0..3)
  --headrooms LIST     headrooms in µs of the headroom sweep (default 0,2,5,10,20,50)
  --headroom-hedge H   H of the headroom sweep (default 2)
  --hedge-headroom US  headroom of the hedge sweep, µs (default 10)
  --parts LIST         which sweeps: shape,hedge,headroom (default all)
  --scenarios LIST     calm,straggler,spike (default all)
  --messages M         messages per run (default 2000)
  --rate R             messages per second (default 2000: at 10000/s a fan-out of 100, or
                       H ≥ 3 at F = 10, overloads a sender's egress — 2.7 µs a copy)
  --epsilon NS         clock error bound ε, ns (default 100)
  --spraying           round-robin packet spraying in every run
  --seed S             integer seed ≥ 0 (default $FAIRWIRE_SEED, else 1)
  --adapter SPEC       a vendor's nodes in every run (as in simulate tree)
  --json               one JSON document: {"receivers","heuristic","points":[...],"verdicts":[...]},
                       times in µs
  --plot FILE.svg      OML over (D, F) per scenario, P(F) against H, the headroom's price
  --report DIR         write DIR/report.html (tables and figures inline) and DIR/report.json

Progress goes to stderr. Exit codes: 0 done, 2 usage error, 3 a node broke the protocol,
130 / 143 interrupted (Ctrl-C / SIGTERM: the runs done so far are printed).

Examples:
  npx fairwire simulate sweep --receivers 1000 --parts shape --scenarios calm
  npx fairwire simulate sweep --receivers 100 --seed 1 --plot /tmp/sweep.svg
  npx fairwire simulate sweep --receivers 100 --parts hedge --hedges 0..4 --json
  npx fairwire simulate sweep --receivers 100 --depths 2 --fanouts 10,12,15,20,30,50
`;

function listOf<T extends string>(name: string, s: string | undefined, allowed: readonly T[]): T[] {
  if (s === undefined) return [...allowed];
  const out = s.split(',').map((x) => x.trim());
  for (const x of out) if (!(allowed as readonly string[]).includes(x)) throw new UsageError(`${name}: '${x}' is not one of ${allowed.join(', ')}`);
  return [...new Set(out)] as T[];
}

function pointUs(p: SweepPoint) {
  return {
    part: p.part,
    scenario: p.scenario,
    depth: p.depth,
    fanout: p.fanout,
    hedge: p.hedge,
    headroomUs: p.headroomNs === null ? null : us(p.headroomNs),
    oml: { p50: us(p.oml.p50), p90: us(p.oml.p90), p99: us(p.oml.p99) },
    dws: { p50: us(p.dws.p50), p99: us(p.dws.p99) },
    pf: p.pf,
    messages: p.messages,
    undelivered: p.undelivered,
  };
}

export function sweepJson(r: SweepResult, interrupted: boolean): string {
  return `${JSON.stringify({
    receivers: r.receivers,
    heuristic: r.heuristic,
    points: r.points.map(pointUs),
    verdicts: r.verdicts.map((v) => ({ ...v, heuristic: v.heuristic && { ...v.heuristic, omlP50: us(v.heuristic.omlP50) }, best: { ...v.best, omlP50: us(v.best.omlP50) } })),
    skipped: r.skipped,
    ...(interrupted ? { interrupted: true } : {}),
  })}\n`;
}

const f3 = (ns: number) => us(ns).toFixed(1);

export function sweepTable(r: SweepResult): string {
  const out: string[] = [];
  const shape = r.points.filter((p) => p.part === 'shape');
  if (shape.length > 0) {
    const scen = SCENARIOS.filter((s) => shape.some((p) => p.scenario === s));
    const keys = [...new Map(shape.map((p) => [`${p.depth}/${p.fanout}`, p])).values()];
    out.push(`Tree shape, N=${r.receivers}, H=${shape[0]!.hedge}: OML p50 / p99 (µs); h = the heuristic (D=${r.heuristic.depth}, F=${r.heuristic.fanout}), * = the best of its column`);
    out.push(`${'D'.padStart(3)}${'F'.padStart(7)}${scen.map((s) => s.padStart(22)).join('')}`);
    for (const k of keys) {
      const best = (s: Scenario) => r.verdicts.find((v) => v.scenario === s)?.best;
      const cells = scen.map((s) => {
        const p = shape.find((x) => x.scenario === s && x.depth === k.depth && x.fanout === k.fanout);
        const b = best(s);
        const star = b && b.depth === k.depth && b.fanout === k.fanout ? '*' : ' ';
        return (p ? `${f3(p.oml.p50)} / ${f3(p.oml.p99)}${star}` : '').padStart(22);
      });
      const h = k.depth === r.heuristic.depth && k.fanout === r.heuristic.fanout ? ' h' : '';
      out.push(`${String(k.depth).padStart(3)}${String(k.fanout).padStart(7)}${cells.join('')}${h}`);
    }
    for (const v of r.verdicts) {
      const where = v.heuristic ? `heuristic D=${v.heuristic.depth} F=${v.heuristic.fanout} at ${f3(v.heuristic.omlP50)} µs` : 'heuristic shape not in the sweep';
      out.push(`  ${v.scenario.padEnd(9)} best D=${v.best.depth} F=${v.best.fanout} at ${f3(v.best.omlP50)} µs; ${where}${v.ratio !== null ? ` (${((v.ratio - 1) * 100).toFixed(1)}% above the best)` : ''}`);
    }
    if (r.skipped.length) out.push(`  skipped: ${r.skipped.join('; ')}`);
    out.push('');
  }
  const hedge = r.points.filter((p) => p.part === 'hedge');
  if (hedge.length > 0) {
    const scen = SCENARIOS.filter((s) => hedge.some((p) => p.scenario === s));
    const hs = [...new Set(hedge.map((p) => p.hedge))];
    out.push(`Hedging at the heuristic shape (D=${r.heuristic.depth}, F=${r.heuristic.fanout}), hold-and-release headroom ${f3(hedge[0]!.headroomNs ?? 0)} µs: P(F) % / OML p50 µs / DWS p99 µs`);
    if (r.heuristic.depth === 1) out.push('  (depth 1: the root sends to every receiver itself, so there are no proxies to hedge or to straggle)');
    out.push(`${'H'.padStart(3)}${scen.map((s) => s.padStart(26)).join('')}`);
    for (const h of hs) {
      const cells = scen.map((s) => {
        const p = hedge.find((x) => x.scenario === s && x.hedge === h);
        return (p ? `${p.pf}% / ${f3(p.oml.p50)} / ${f3(p.dws.p99)}` : '').padStart(26);
      });
      out.push(`${String(h).padStart(3)}${cells.join('')}`);
    }
    out.push('');
  }
  const head = r.points.filter((p) => p.part === 'headroom');
  if (head.length > 0) {
    out.push(`The price of hold-and-release's headroom (D=${r.heuristic.depth}, F=${r.heuristic.fanout}, H=${head[0]!.hedge}, calm)`);
    out.push(`${'headroom µs'.padStart(12)}${'OML p50'.padStart(10)}${'OML p99'.padStart(10)}${'DWS p50'.padStart(10)}${'DWS p99'.padStart(10)}${'P(F) %'.padStart(8)}`);
    for (const p of head) {
      out.push(`${(p.headroomNs === null ? 'off' : f3(p.headroomNs)).padStart(12)}${f3(p.oml.p50).padStart(10)}${f3(p.oml.p99).padStart(10)}${f3(p.dws.p50).padStart(10)}${f3(p.dws.p99).padStart(10)}${String(p.pf).padStart(8)}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export async function sweepSvg(r: SweepResult, title: string): Promise<string> {
  const charts = [];
  // A shape whose sender cannot keep up (OML p50 over 5× the best: its egress queue grows all
  // run) would squash the others on the axis; it stays in the table and is named in the title.
  const bestOf = (s: Scenario) => r.verdicts.find((x) => x.scenario === s)?.best.omlP50 ?? Infinity;
  const all = r.points.filter((p) => p.part === 'shape');
  const shape = all.filter((p) => p.oml.p50 <= 5 * bestOf(p.scenario));
  const off = [...new Set(all.filter((p) => !shape.includes(p)).map((p) => `D=${p.depth} F=${p.fanout}`))];
  if (shape.length) {
    charts.push(
      shapeChart(
        `OML over tree shape (D, F), N=${r.receivers}, H=${shape[0]!.hedge}; ◆ = the best shape of a scenario, (h) = the heuristic${off.length ? `; off the chart (over 5× the best): ${off.join(', ')}` : ''}`,
        shape.map((p) => {
          const v = r.verdicts.find((x) => x.scenario === p.scenario);
          return {
            scenario: p.scenario,
            depth: p.depth,
            fanout: p.fanout,
            omlP50Us: us(p.oml.p50),
            omlP99Us: us(p.oml.p99),
            heuristic: p.depth === r.heuristic.depth && p.fanout === r.heuristic.fanout,
            best: v !== undefined && v.best.depth === p.depth && v.best.fanout === p.fanout,
          };
        }),
      ),
    );
  }
  const hedge = r.points.filter((p) => p.part === 'hedge');
  if (hedge.length) charts.push(hedgeChart(`P(F) against hedging factor H (D=${r.heuristic.depth}, F=${r.heuristic.fanout}, hold-and-release)`, hedge.map((p) => ({ scenario: p.scenario, hedge: p.hedge, pf: p.pf, omlP50Us: us(p.oml.p50) }))));
  const head = r.points.filter((p) => p.part === 'headroom' && p.headroomNs !== null);
  if (head.length) charts.push(headroomCharts(`The price of headroom (H=${head[0]!.hedge})`, head.map((p) => ({ headroomUs: us(p.headroomNs!), omlP50Us: us(p.oml.p50), omlP99Us: us(p.oml.p99), pf: p.pf }))));
  return renderSvg(figure(title, charts));
}

export const simulateSweepCommand: Command = {
  path: ['simulate', 'sweep'],
  summary: 'sweep tree shapes (D, F), hedging H and headroom, calm / straggler / spike',
  help: HELP,
  async run(argv, io) {
    const v = parseOptions(argv, {
      receivers: { type: 'string' },
      depths: { type: 'string' },
      fanouts: { type: 'string' },
      hedge: { type: 'string' },
      hedges: { type: 'string' },
      headrooms: { type: 'string' },
      'headroom-hedge': { type: 'string' },
      'hedge-headroom': { type: 'string' },
      parts: { type: 'string' },
      scenarios: { type: 'string' },
      messages: { type: 'string' },
      rate: { type: 'string' },
      epsilon: { type: 'string' },
      spraying: { type: 'boolean' },
      seed: { type: 'string' },
      adapter: { type: 'string' },
      json: { type: 'boolean' },
      plot: { type: 'string' },
      report: { type: 'string' },
    });
    const receivers = intOption('--receivers', v.receivers, 1, 100_000);
    const messages = intOption('--messages', v.messages, 1, 100_000_000, 2000);
    const rate = numberOption('--rate', v.rate, 1, 100_000_000, 2000);
    const options: SweepOptions = {
      receivers,
      depths: intListOption('--depths', v.depths, 1, 32, [1, 2, 3, 4, 5]),
      ...(v.fanouts !== undefined ? { fanouts: intListOption('--fanouts', v.fanouts, 1, 200_000, []) } : {}),
      hedge: intOption('--hedge', v.hedge, 0, 1000, 0),
      hedges: intListOption('--hedges', v.hedges, 0, 1000, [0, 1, 2, 3]),
      headroomHedge: intOption('--headroom-hedge', v['headroom-hedge'], 0, 1000, 2),
      headroomsNs: numberListOption('--headrooms', v.headrooms, 0, 1e9, [0, 2, 5, 10, 20, 50]).map((x) => Math.round(x * 1000)),
      hedgeHeadroomNs: Math.round(numberOption('--hedge-headroom', v['hedge-headroom'], 0, 1e9, 10) * 1000),
      messages,
      intervalNs: Math.max(1, Math.round(1e9 / rate)),
      epsilonNs: intOption('--epsilon', v.epsilon, 0, 1_000_000_000, 100),
      seed: seedOption(v.seed),
      spraying: Boolean(v.spraying),
      parts: listOf<SweepPart>('--parts', v.parts, SWEEP_PARTS),
      scenarios: listOf<Scenario>('--scenarios', v.scenarios, SCENARIOS),
    };
    const plot = plotOption(v.plot);
    reportOption(v.report);
    const plan = planSweep(options);
    if (plan.runs.length === 0) throw new UsageError(`nothing to run: ${plan.skipped.join('; ') || 'no parts or scenarios'}`);
    const loaded = await loadAdapter(v.adapter);
    const session = new SimulateSession(io, 'simulate sweep');
    try {
      session.note(`seed ${options.seed}; ${plan.runs.length} runs of ${messages} messages, N=${receivers}`);
      const points: SweepPoint[] = [];
      let interrupted = false;
      for (const [i, run] of plan.runs.entries()) {
        const p = run.point;
        const label = `run ${i + 1}/${plan.runs.length} ${p.part} ${p.scenario} D=${p.depth} F=${p.fanout} H=${p.hedge}${p.headroomNs === null ? '' : ` headroom ${us(p.headroomNs)} µs`}`;
        session.progress(label);
        try {
          const r = await runTree(loaded ? { ...run.options, nodes: loaded.factory } : run.options, session, label);
          if (r.fault) throw new CommandFailure(`${label}: ${describeFault(r.fault)}`, EXIT.adapterFault);
          points.push(pointOf(run, r));
        } catch (err) {
          if (err instanceof RunInterrupted) {
            interrupted = true;
            break;
          }
          if (err instanceof AdapterFault) throw adapterFailure(err, label);
          throw err;
        }
      }
      const result: SweepResult = { receivers, heuristic: plan.heuristic, points, verdicts: shapeVerdicts(points, plan.heuristic), skipped: plan.skipped };
      const table = sweepTable(result);
      session.write(v.json ? sweepJson(result, interrupted) : table);
      if (interrupted || session.interrupted) {
        session.note(`interrupted: ${points.length} of ${plan.runs.length} runs done`);
        return session.interruptCode;
      }
      if ((plot !== undefined || v.report !== undefined) && !session.stopped) {
        const title = `Sweeps: N=${receivers}, ${messages} messages a run, seed ${options.seed}`;
        const svg = await sweepSvg(result, title);
        if (plot) {
          writeFileAtomic(plot, svg);
          session.note(`plot: ${plot}`);
        }
        if (v.report !== undefined) {
          const command = commandLine(['simulate', 'sweep', ...argv]);
          const files = writeSimulateReport(v.report, htmlPage(title, command, [{ heading: 'Results', text: table }, { heading: 'Figures', svg }]), { command, seed: options.seed, ...JSON.parse(sweepJson(result, false)) });
          session.note(`report: ${files.join(', ')}`);
        }
      }
      return EXIT.ok;
    } finally {
      await loaded?.close();
      session.close();
    }
  },
};
