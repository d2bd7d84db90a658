import { MonteCarloInputError, MonteCarloRun, hedgingDistribution, type MonteCarloResult } from '../../reference/multicast/montecarlo.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { cdfChart, figure, momentsCharts } from '../plot/charts.ts';
import { htmlPage, writeSimulateReport } from '../plot/html.ts';
import { renderSvg, writeFileAtomic } from '../plot/render.ts';
import { commandLine, intListOption, intOption, parseOptions, plotOption, reportOption, seedOption } from '../simulate/options.ts';
import { SimulateSession } from '../simulate/session.ts';

const HELP = `fairwire simulate montecarlo — the Monte Carlo of proxy hedging (Jasper, Appendix C)

Usage: fairwire simulate montecarlo [--depth D] [--hedge H] [--iterations N] [--seed S]
                                    [--depths LIST] [--hedges LIST] [--json] [--plot FILE.svg]
                                    [--report DIR]

The model: T(0) = 0; a node at depth d receives H+1 copies of a message, each arriving at an
independent draw of T(d-1) plus a U(0,1) link latency; T(d) is the earliest. Prints the mean
and standard deviation of T (in the model's unit: one link's latency is U(0,1)).

Every sample is an exact, independent draw of the whole hedged tree (the draws that cannot
change the minimum are skipped). The table for people also shows the exact moments from a
numeric CDF recursion, so you can see the Monte Carlo error.

Options:
  --depth D         one depth, 0..12 (default: the table's depths)
  --hedge H         one hedging factor, 0..16 (default: the table's factors)
  --depths LIST     the table's depths (default 1..5), e.g. 1..5 or 1,3,5
  --hedges LIST     the table's hedging factors (default 0..4)
  --iterations N    samples per (D, H), 2..100000000 (default 100000, as in the paper)
  --seed S          integer seed (default $FAIRWIRE_SEED, else 1); each cell starts from it,
                    so a cell of the table is reproduced alone with --depth/--hedge
  --json            one JSON object per cell, one per line:
                    {"depth","hedge","iterations","mean","std"}
  --plot FILE.svg   CDFs of T for each H at the largest depth, and mean/std against H
  --report DIR      write DIR/report.html (the table and the figure inline) and DIR/report.json

Exit codes: 0 done, 2 usage error, 130 / 143 interrupted (Ctrl-C / SIGTERM;
the cells done are printed).

Examples:
  npx fairwire simulate montecarlo --depth 5 --hedge 2 --json
  npx fairwire simulate montecarlo                      # the 5x5 table of the paper
  npx fairwire simulate montecarlo --seed 7 --plot /tmp/hedging.svg
  npx fairwire simulate montecarlo --depths 1..8 --hedges 0,1,2 --iterations 1000000
`;

/** Samples per slice between event-loop turns (progress, Ctrl-C, a closed pipe). */
const SLICE = 20_000;

function fmt(x: number, digits = 4): string {
  return x.toFixed(digits);
}

export function montecarloTable(results: readonly MonteCarloResult[], depths: readonly number[], hedges: readonly number[]): string {
  const cell = (d: number, h: number) => results.find((r) => r.depth === d && r.hedge === h);
  const width = 19;
  const lines = [
    `T = latency to a node at depth D with hedging factor H (link latency U(0,1)); mean ± std of ${results[0]?.iterations ?? 0} samples`,
    '',
    `${'D \\ H'.padEnd(6)}${hedges.map((h) => `H=${h}`.padStart(width)).join('')}`,
  ];
  for (const d of depths) {
    const row = hedges.map((h) => {
      const r = cell(d, h);
      return (r ? `${fmt(r.mean)} ± ${fmt(r.std)}` : '').padStart(width);
    });
    lines.push(`${`D=${d}`.padEnd(6)}${row.join('')}`);
    const exact = hedges.map((h) => {
      if (!cell(d, h)) return ''.padStart(width);
      const e = hedgingDistribution(d, h, 1000);
      return `(${fmt(e.mean)} ± ${fmt(e.std)})`.padStart(width);
    });
    lines.push(`${'exact'.padEnd(6)}${exact.join('')}`);
  }
  lines.push('', 'exact: the numeric CDF recursion; the Monte Carlo error of a mean is about std/√iterations.');
  return `${lines.join('\n')}\n`;
}

export const simulateMontecarloCommand: Command = {
  path: ['simulate', 'montecarlo'],
  summary: 'Monte Carlo of proxy hedging (App. C): mean and std of T for depths D and hedging factors H',
  help: HELP,
  async run(argv, io) {
    const v = parseOptions(argv, {
      depth: { type: 'string' },
      hedge: { type: 'string' },
      depths: { type: 'string' },
      hedges: { type: 'string' },
      iterations: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
      plot: { type: 'string' },
      report: { type: 'string' },
    });
    if (v.depth !== undefined && v.depths !== undefined) throw new UsageError('give --depth or --depths, not both');
    if (v.hedge !== undefined && v.hedges !== undefined) throw new UsageError('give --hedge or --hedges, not both');
    const depths = v.depth !== undefined ? [intOption('--depth', v.depth, 0, 12)] : intListOption('--depths', v.depths, 0, 12, [1, 2, 3, 4, 5]);
    const hedges = v.hedge !== undefined ? [intOption('--hedge', v.hedge, 0, 16)] : intListOption('--hedges', v.hedges, 0, 16, [0, 1, 2, 3, 4]);
    const iterations = intOption('--iterations', v.iterations, 2, 100_000_000, 100_000);
    const seed = seedOption(v.seed);
    const plot = plotOption(v.plot);
    reportOption(v.report);
    const plotDepth = Math.max(...depths);
    const figures = plot !== undefined || v.report !== undefined;
    if (figures && iterations * hedges.length > 20_000_000) throw new UsageError(`--plot and --report keep the samples of ${hedges.length} cells: at most ${Math.floor(20_000_000 / hedges.length)} iterations with it`);

    const session = new SimulateSession(io, 'simulate montecarlo');
    try {
      session.note(`seed ${seed}`);
      const results: MonteCarloResult[] = [];
      const cells = depths.flatMap((depth) => hedges.map((hedge) => ({ depth, hedge })));
      for (const [i, { depth, hedge }] of cells.entries()) {
        let run: MonteCarloRun;
        try {
          run = new MonteCarloRun({ depth, hedge, iterations, seed, keepSamples: figures && depth === plotDepth });
        } catch (err) {
          if (err instanceof MonteCarloInputError) throw new UsageError(err.message);
          throw err;
        }
        while (!run.advance(SLICE)) {
          session.progress(`cell ${i + 1}/${cells.length} (D=${depth}, H=${hedge}) ${Math.floor((100 * run.completed) / iterations)}%`);
          await session.yield();
          if (session.stopped) break;
        }
        if (session.stopped) break;
        const r = run.result();
        results.push(r);
        if (v.json) session.write(`${JSON.stringify({ depth: r.depth, hedge: r.hedge, iterations: r.iterations, mean: r.mean, std: r.std })}\n`);
        await session.yield();
        if (session.stopped) break;
      }
      const table = montecarloTable(results, depths, hedges);
      if (!v.json && !session.stdoutClosed) session.write(table);
      if (session.interrupted) {
        session.note(`interrupted: ${results.length} of ${cells.length} cells done`);
        return session.interruptCode;
      }
      if (figures && !session.stopped) {
        const title = `Proxy hedging, Monte Carlo (App. C): ${iterations} samples, seed ${seed}`;
        const atDepth = results.filter((r) => r.depth === plotDepth && r.samples);
        const svg = await renderSvg(
          figure(title, [
            cdfChart(`CDF of T at depth D=${plotDepth}`, 'T (link latency ~ U(0,1))', atDepth.map((r) => ({ label: `H=${r.hedge}`, values: r.samples! })), 'fraction of samples ≤ T'),
            momentsCharts('mean and std of T', results.map(({ depth, hedge, mean, std }) => ({ depth, hedge, mean, std }))),
          ]),
        );
        if (plot) {
          writeFileAtomic(plot, svg);
          session.note(`plot: ${plot}`);
        }
        if (v.report !== undefined) {
          const command = commandLine(['simulate', 'montecarlo', ...argv]);
          const cellsJson = results.map(({ depth, hedge, iterations: n, mean, std }) => ({ depth, hedge, iterations: n, mean, std }));
          const files = writeSimulateReport(v.report, htmlPage(title, command, [{ heading: 'Mean and standard deviation of T', text: table }, { heading: 'Distributions', svg }]), { command, seed, cells: cellsJson });
          session.note(`report: ${files.join(', ')}`);
        }
      }
      return EXIT.ok;
    } finally {
      session.close();
    }
  },
};
