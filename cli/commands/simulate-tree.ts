import { AdapterFault } from '../../adapters/fault.ts';
import { loadMulticastNodes, MulticastAdapterError, type LoadedMulticastNodes } from '../../adapters/multicast/load.ts';
import type { SimulateTreeOptions, SimulateTreeResult } from '../../reference/multicast/harness.ts';
import { CommandFailure, EXIT, UsageError, type Command } from '../command.ts';
import { cdfChart, figure } from '../plot/charts.ts';
import { htmlPage, writeSimulateReport } from '../plot/html.ts';
import { renderSvg, writeFileAtomic } from '../plot/render.ts';
import { middleThird, parseSpike, parseStraggler } from '../simulate/faults.ts';
import { commandLine, intOption, numberOption, parseOptions, plotOption, reportOption, seedOption } from '../simulate/options.ts';
import { RunInterrupted, SimulateSession } from '../simulate/session.ts';
import { metricsUs, perMessageUs, runTree, type TreeMetricsUs } from '../simulate/tree-run.ts';

const HELP = `fairwire simulate tree — market data through a simulated multicast tree: OML, DWS, P(F)

Usage: fairwire simulate tree --receivers N [--fanout F] [--depth D] [--hedge H] [--spraying]
         [--receiver-hedge] [--unicast] [--hold-release] [--headroom US] [--messages M] [--rate R]
         [--straggler SPEC]... [--spike SPEC]... [--epsilon NS] [--pf-threshold NS] [--seed S]
         [--adapter SPEC] [--json] [--plot FILE.svg] [--report DIR]

The root sends M messages at R per second through proxies to N receivers (Jasper §4) in the
discrete-event simulator: every hop takes 30 µs plus lognormal jitter (median 2 µs), every copy
a sender sends takes 2.7 µs of its egress (reference/sim/latency.ts). Per message:
  OML  the last participant's release − the send time
  DWS  the last participant's release − the first one's
  P(F) the highest whole percentile p with DWS's p-th percentile ≤ the threshold (1 µs)
Without --fanout/--depth the tree takes the paper's heuristic: F ≈ 10, D = round(log10 N).

Options:
  --receivers N      participants, 1..100000 (required)
  --fanout F         children per node (default: the heuristic, or the smallest for --depth)
  --depth D          layers below the root, receivers included (D=1: the root sends to all)
  --hedge H          proxy hedging: each node also gets copies from H of its parent's siblings (default 0)
  --spraying         round-robin packet spraying: proxies rotate their children per message
  --receiver-hedge   two receivers per participant; the participant takes the earlier
  --unicast          the direct-unicast baseline (the root sends to every receiver)
  --hold-release     hold-and-release (App. B): receivers release at the root's deadline
  --headroom US      headroom over the reported p95 delay, µs (default 10; implies --hold-release)
  --messages M       messages to send, 1..100000000 (default 10000)
  --rate R           messages per second, 1..100000000 (default 10000)
  --straggler SPEC   a slow node: NODE[:EXTRA_US][@START_US-END_US], e.g. p1.0:100 (default extra
                     100 µs, the whole run). Repeatable. Nodes: root, p<layer>.<i>, r<j>
  --spike SPEC       a latency spike on one link: FROM>TO[:EXTRA_US][@START_US-END_US], e.g.
                     root>p1.0:500 (default extra 500 µs, the middle third of the sends). Repeatable.
  --epsilon NS       clock synchronisation error bound ε, ns (default 100)
  --pf-threshold NS  the DWS threshold of P(F), ns (default 1000)
  --seed S           integer seed ≥ 0 (default $FAIRWIRE_SEED, else 1)
  --adapter SPEC     put a vendor's nodes in the tree: reference | mutant:<name> | cmd:"..." |
                     manifest.json (the roles it declares; reference nodes elsewhere)
  --json             {"oml":{"p50","p90","p99"},"dws":{"p50","p99"},"pf","messages",...} in µs
  --plot FILE.svg    CDFs of OML and DWS over the messages (messages × receivers ≤ 2000000)
  --report DIR       write DIR/report.html (the table and the CDFs inline) and DIR/report.json

Progress goes to stderr. Exit codes: 0 done, 2 usage error, 3 a node broke the protocol
(its fault is printed), 130 / 143 interrupted (Ctrl-C / SIGTERM).

Examples:
  npx fairwire simulate tree --receivers 100 --messages 5000
  npx fairwire simulate tree --receivers 1000 --hedge 2 --spraying --json
  npx fairwire simulate tree --receivers 100 --hedge 0 --straggler p1.0:100 --hold-release
  npx fairwire simulate tree --receivers 100 --hedge 2 --hold-release --headroom 5 --plot /tmp/tree.svg
  npx fairwire simulate tree --receivers 100 --adapter cmd:"python3 adapters/examples/python/multicast.py"
`;

const PLOT_RECORD_LIMIT = 2_000_000;

export interface TreeCommandOptions {
  readonly options: SimulateTreeOptions;
  readonly rate: number;
  readonly epsilonNs: number;
}

function describe(o: TreeCommandOptions, r: SimulateTreeResult): string {
  const t = o.options;
  const hold = t.holdRelease ? `hold-and-release on (headroom ${t.holdRelease.headroomNs / 1000} µs)` : 'hold-and-release off';
  const faults = [...(t.stragglers ?? []).map((s) => `straggler ${s.node}`), ...(t.spikes ?? []).map((s) => `spike ${s.from}>${s.to}`)];
  return (
    `tree: ${t.receivers} participants${t.receiverHedge ? ' (2 receivers each)' : ''}, D=${r.tree.depth}, F=${r.tree.fanout}, H=${t.hedge ?? 0}, ` +
    `spraying ${t.spraying ? 'on' : 'off'}, ${hold}, ε=${o.epsilonNs} ns${faults.length ? `, ${faults.join(', ')}` : ''}\n` +
    `${t.messages} messages at ${o.rate}/s, seed ${t.seed}`
  );
}

export function treeTable(o: TreeCommandOptions, r: SimulateTreeResult, m: TreeMetricsUs): string {
  const f = (x: number) => x.toFixed(3).padStart(12);
  const thr = (r.pfThresholdNs / 1000).toString();
  return [
    describe(o, r),
    '',
    `${''.padEnd(10)}${'p50'.padStart(12)}${'p90'.padStart(12)}${'p99'.padStart(12)}`,
    `${'OML (µs)'.padEnd(10)}${f(m.oml.p50)}${f(m.oml.p90)}${f(m.oml.p99)}`,
    `${'DWS (µs)'.padEnd(10)}${f(m.dws.p50)}${f(r.dws.p90 / 1000)}${f(m.dws.p99)}`,
    '',
    `P(F) = ${m.pf}%   (share of messages delivered to every participant within ${thr} µs of each other, whole percent)`,
    `messages judged: ${m.messages}, undelivered: ${m.undelivered}${r.exact ? '' : ' (percentiles from HDR histograms, 3 significant digits)'}`,
    '',
  ].join('\n');
}

/** Parses everything but --adapter/--json/--plot into harness options. */
export function treeOptions(v: Record<string, string | boolean | string[] | undefined>): TreeCommandOptions {
  const str = (k: string) => v[k] as string | undefined;
  const receivers = intOption('--receivers', str('receivers'), 1, 100_000);
  const messages = intOption('--messages', str('messages'), 1, 100_000_000, 10_000);
  const rate = numberOption('--rate', str('rate'), 1, 100_000_000, 10_000);
  const intervalNs = Math.max(1, Math.round(1e9 / rate));
  const epsilonNs = intOption('--epsilon', str('epsilon'), 0, 1_000_000_000, 100);
  const headroom = str('headroom');
  const hold = Boolean(v['hold-release']) || headroom !== undefined;
  const window = middleThird(messages, intervalNs);
  const options: SimulateTreeOptions = {
    seed: seedOption(str('seed')),
    receivers,
    ...(str('fanout') !== undefined ? { fanout: intOption('--fanout', str('fanout'), 1, 200_000) } : {}),
    ...(str('depth') !== undefined ? { depth: intOption('--depth', str('depth'), 1, 32) } : {}),
    hedge: intOption('--hedge', str('hedge'), 0, 1000, 0),
    spraying: Boolean(v.spraying),
    receiverHedge: Boolean(v['receiver-hedge']),
    unicast: Boolean(v.unicast),
    holdRelease: hold ? { headroomNs: Math.round(numberOption('--headroom', headroom, 0, 1e9, 10) * 1000) } : null,
    messages,
    intervalNs,
    clocks: { epsilonNs },
    stragglers: ((v.straggler as string[] | undefined) ?? []).map(parseStraggler),
    spikes: ((v.spike as string[] | undefined) ?? []).map((s) => parseSpike(s, window)),
    pfThresholdNs: intOption('--pf-threshold', str('pf-threshold'), 0, 1e12, 1000),
  };
  if (options.unicast && (options.depth ?? 1) !== 1) throw new UsageError('--unicast means depth 1');
  return { options, rate, epsilonNs };
}

export const TREE_OPTIONS = {
  receivers: { type: 'string' },
  fanout: { type: 'string' },
  depth: { type: 'string' },
  hedge: { type: 'string' },
  spraying: { type: 'boolean' },
  'receiver-hedge': { type: 'boolean' },
  unicast: { type: 'boolean' },
  'hold-release': { type: 'boolean' },
  headroom: { type: 'string' },
  messages: { type: 'string' },
  rate: { type: 'string' },
  straggler: { type: 'string', multiple: true },
  spike: { type: 'string', multiple: true },
  epsilon: { type: 'string' },
  'pf-threshold': { type: 'string' },
  seed: { type: 'string' },
} as const;

/** Loads --adapter nodes; a bad spec is a usage error, a vendor that dies on start a fault. */
export async function loadAdapter(spec: string | undefined): Promise<LoadedMulticastNodes | undefined> {
  if (spec === undefined) return undefined;
  try {
    return await loadMulticastNodes(spec);
  } catch (err) {
    if (err instanceof MulticastAdapterError) throw new UsageError(err.message);
    if (err instanceof AdapterFault) throw adapterFailure(err);
    throw err;
  }
}

/** A vendor that crashed, hung or broke the protocol: its message and stderr tail, exit 3. */
export function adapterFailure(err: AdapterFault, where = ''): CommandFailure {
  return new CommandFailure(`adapter fault${where ? ` in ${where}` : ''}: ${err.message}${err.stderrTail ? `\n--- stderr tail ---\n${err.stderrTail}` : ''}`, EXIT.adapterFault);
}

/** A node's protocol fault, for people. */
export function describeFault(f: NonNullable<SimulateTreeResult['fault']>): string {
  return `protocol fault at node ${f.node}: ${f.reason}\n  event:  ${JSON.stringify(f.event)}${f.action !== undefined ? `\n  action: ${JSON.stringify(f.action)}` : ''}`;
}

export const simulateTreeCommand: Command = {
  path: ['simulate', 'tree'],
  summary: 'run market data through a simulated multicast tree; OML, DWS and P(F) in µs',
  help: HELP,
  async run(argv, io) {
    const v = parseOptions(argv, { ...TREE_OPTIONS, adapter: { type: 'string' }, json: { type: 'boolean' }, plot: { type: 'string' }, report: { type: 'string' } });
    const parsed = treeOptions(v);
    const plot = plotOption(v.plot);
    reportOption(v.report);
    const figures = plot !== undefined || v.report !== undefined;
    const leaves = parsed.options.receivers * (parsed.options.receiverHedge ? 2 : 1);
    if (figures && parsed.options.messages * leaves > PLOT_RECORD_LIMIT) {
      throw new UsageError(`--plot and --report keep every receiver's release: messages × receivers must be ≤ ${PLOT_RECORD_LIMIT} (got ${parsed.options.messages} × ${leaves}); use fewer --messages`);
    }
    const loaded = await loadAdapter(v.adapter);
    const session = new SimulateSession(io, 'simulate tree');
    try {
      session.note(`seed ${parsed.options.seed}`);
      if (loaded) session.note(`adapter: ${loaded.adapter.name} plays ${loaded.roles.join(' and ')} nodes`);
      const options: SimulateTreeOptions = { ...parsed.options, ...(loaded ? { nodes: loaded.factory } : {}), ...(figures ? { record: 'messages' as const } : {}) };
      let r: SimulateTreeResult;
      try {
        r = await runTree(options, session, `N=${options.receivers}`);
      } catch (err) {
        if (err instanceof RunInterrupted) {
          session.note(`interrupted after ~${err.messagesSeen} of ${options.messages} messages; nothing printed`);
          return session.interruptCode;
        }
        if (err instanceof AdapterFault) throw adapterFailure(err);
        throw err;
      }
      if (r.fault) throw new CommandFailure(describeFault(r.fault), EXIT.adapterFault);
      const m = metricsUs(r);
      const table = treeTable(parsed, r, m);
      session.write(v.json ? `${JSON.stringify(m)}\n` : table);
      if (figures && r.perMessage && !session.stopped) {
        const series = perMessageUs(r.perMessage);
        const title = `Multicast tree: N=${options.receivers}, D=${r.tree.depth}, F=${r.tree.fanout}, H=${options.hedge ?? 0}, ${r.messages} messages, seed ${options.seed}`;
        const svg = await renderSvg(
          figure(title, [
            cdfChart('CDF of OML (overall multicast latency)', 'OML (µs)', [{ label: 'OML', values: series.omlUs }]),
            cdfChart(`CDF of DWS (delivery window size); P(F) = ${r.pf}%`, 'DWS (µs, symlog scale)', [{ label: 'DWS', values: series.dwsUs }], 'fraction of messages ≤ x', 'symlog'),
          ]),
        );
        if (plot) {
          writeFileAtomic(plot, svg);
          session.note(`plot: ${plot}`);
        }
        if (v.report !== undefined) {
          const command = commandLine(['simulate', 'tree', ...argv]);
          const files = writeSimulateReport(v.report, htmlPage(title, command, [{ heading: 'Results', text: table }, { heading: 'Distributions', svg }]), { command, seed: options.seed, result: m });
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
