import { AdapterFault } from '../../adapters/fault.ts';
import type { InboundAdapter } from '../../adapters/inbound.ts';
import { componentEntry } from '../../properties/catalogs.ts';
import { loadSubject, SubjectError } from '../../properties/subject.ts';
import { referenceInbound } from '../../reference/sim/exchange/inbound-path.ts';
import type { SimulateExchangeOptions, SimulateExchangeResult } from '../../reference/sim/exchange/simulate.ts';
import { CommandFailure, EXIT, UsageError, type Command } from '../command.ts';
import { renderSvg, writeFileAtomic } from '../plot/render.ts';
import { exchangeFigure } from '../simulate/exchange-charts.ts';
import { closeExchangeComponents, exchangeEngine, exchangeInboundFanout, exchangeInboundNodes, loadExchangeComponents, type ExchangeComponents } from '../simulate/exchange-components.ts';
import { EXCHANGE_OPTIONS, exchangeJson, exchangeOptions, exchangeTable, runExchange } from '../simulate/exchange-run.ts';
import { parseOptions, plotOption } from '../simulate/options.ts';
import { SimulateSession } from '../simulate/session.ts';
import { adapterFailure, describeFault, loadAdapter } from './simulate-tree.ts';

const HELP = `fairwire simulate exchange — the whole exchange end to end: matching rate, latency, fairness

Usage: fairwire simulate exchange [--participants N] [--duration S] [--loq | --fifo | --compare]
         [--action-window TICKS] [--rate R] [--uplink R] [--burst-every MS] [--burst-length MS]
         [--burst-factor X] [--jump TICKS] [--no-bursts] [--mid-skew US] [--md-interval US]
         [--heartbeat US] [--window MS] [--epsilon NS] [--hedge H] [--headroom US]
         [--no-hold-release] [--adapter SPEC] [--multicast-adapter SPEC] [--matching SPEC]
         [--loq-adapter SPEC] [--sequencer SPEC] [--seed S] [--json] [--plot FILE.svg]

One simulated clock runs the whole path (spec/exchange/whole-path.md): the matching engine's
book changes are published every --md-interval (conflated), FAST-encoded, multicast through the
tree with hold-and-release; every participant's gateway decodes them and rebuilds its book;
seeded algorithms react (10% market makers, 20% momentum takers, 70% noise traders at --rate
orders/s each); orders go to their gateway (stamped with its clock, an LOQ or FIFO, one order
per 1/--uplink s on its uplink), through the inbound tree (reference/inbound: proxies, the
sequencer) to the matching engine. Bursts: every --burst-every a burst of --burst-length
multiplies the noise rate by --burst-factor and the makers move their quotes by --jump ticks,
so every momentum algo fires on the same publication.

Metrics per --window and overall, during bursts and outside them:
  matched/s    orders that traded on arrival per second (the paper's order matching rate)
  lat          order latency, generation → matching engine (nearest-rank p50, p99)
  unfair       the share of processed order pairs out of generation order (exact, Fenwick tree)
  gap p99      how far behind: per overtaken order, the largest generation-time gap to an
               order processed before it
  OML, DWS, P(F) of the market-data publications (µs; P(F) within 1 µs)

Options:
  --participants N     participants (default 100)
  --duration S         seconds of trading (default 1); the inbound path then drains
  --loq | --fifo       the gateways' queue: LOQ (default; proxies keep its tags, merges are
                       class-aware) or FIFO (SimplePQ; Jasper merges by timestamp)
  --compare            run both with the same seed (JSON: an array of two runs)
  --action-window T    the LOQ's action window A, ticks (default 2)
  --rate R             noise orders per second per noise participant outside bursts (default 10)
  --uplink R           orders per second a gateway's uplink transmits (default 50)
  --burst-every MS     a burst every MS ms, the first at MS/2 (default 1000)
  --burst-length MS    (default 100)
  --burst-factor X     noise rate multiplier in a burst (default 10)
  --jump TICKS         the price jump makers quote at a burst's start (default 3)
  --no-bursts          a calm run
  --mid-skew US        odd participants' gateways see market data US µs late (default 0)
  --md-interval US     market-data publication period (default 1000)
  --heartbeat US       gateways' heartbeat period on the inbound tree (default 5000)
  --window MS          metrics window (default 10)
  --epsilon NS         clock error bound of every node (default 100)
  --hedge H            multicast proxy hedging (default 0)
  --headroom US        hold-and-release headroom (default 10)
  --no-hold-release    participants act on market data as it arrives
  --adapter SPEC       a vendor's inbound nodes (component exchange): mutant:<name> | cmd:"..." |
                       manifest.json | roles:gateway=...,proxy=...
  --multicast-adapter SPEC  a vendor's multicast nodes (as simulate tree --adapter)
  --matching SPEC      a vendor's matching engine (component matching, as conform --component
                       matching --adapter): reference | mutant:<name> | cmd:"..." | manifest.json;
                       it must declare marketData (level events) and ioc
  --loq-adapter SPEC   every gateway's queue is an instance of this LOQ (component loq): its LOQ
                       (with --loq) or its SimplePQ (with --fifo); the gateways' stamping, credits
                       and heartbeats stay the reference's
  --sequencer SPEC     the inbound root is an instance of this sequencer (component sequencer,
                       kind jasper); needs --fifo, and the tree becomes flat (the gateways are
                       Jasper's inputs)
  --seed S             integer seed ≥ 0 (default $FAIRWIRE_SEED, else 1)
  --json               the metrics as JSON (ns, per window and overall)
  --plot FILE.svg      matching rate (bursts shaded), latency and unfairness over time

Progress goes to stderr. Ctrl-C or SIGTERM stops the run and prints what was computed (exit 130 / 143). Exit
codes: 0 done, 2 usage error, 3 a vendor's node or component broke the protocol or crashed
(the message names the component: matching engine, LOQ at gateway-N, sequencer, node).

Examples:
  npx fairwire simulate exchange --participants 100 --duration 2
  npx fairwire simulate exchange --participants 100 --duration 5 --compare --plot /tmp/exchange.svg
  npx fairwire simulate exchange --participants 1000 --duration 10 --json > run.json
  npx fairwire simulate exchange --participants 100 --compare --mid-skew 500 --json
  npx fairwire simulate exchange --participants 20 --adapter roles:gateway=cmd:"python3 adapters/examples/python/inbound.py"
  npx fairwire simulate exchange --participants 20 --duration 0.5 --matching cmd:"python3 adapters/examples/python/matching.py"
  npx fairwire simulate exchange --participants 20 --duration 0.5 --matching mutant:matching-touching-price-rests
  npx fairwire simulate exchange --participants 20 --duration 0.5 --loq-adapter cmd:"python3 adapters/examples/python/loq.py"
  npx fairwire simulate exchange --participants 20 --duration 0.5 --loq-adapter mutant:loq-no-epoch
  npx fairwire simulate exchange --participants 20 --duration 0.5 --fifo --sequencer cmd:"python3 adapters/examples/python/sequencer.py"
  npx fairwire simulate exchange --participants 20 --duration 0.5 --fifo --sequencer mutant:sequencer-release-before-all
`;

async function loadInbound(spec: string | undefined): Promise<InboundAdapter | undefined> {
  if (spec === undefined) return undefined;
  const entry = componentEntry('exchange');
  if (!entry) throw new UsageError('--adapter: component exchange (inbound nodes) is not registered in this build');
  try {
    return (await loadSubject(spec, entry)) as InboundAdapter;
  } catch (err) {
    if (err instanceof SubjectError) throw new UsageError(err.message);
    if (err instanceof AdapterFault) throw adapterFailure(err);
    throw err;
  }
}

export const simulateExchangeCommand: Command = {
  path: ['simulate', 'exchange'],
  summary: 'run the whole exchange end to end; matching rate, latency, inbound and outbound fairness',
  help: HELP,
  async run(argv, io) {
    const v = parseOptions(argv, {
      ...EXCHANGE_OPTIONS,
      adapter: { type: 'string' },
      'multicast-adapter': { type: 'string' },
      matching: { type: 'string' },
      'loq-adapter': { type: 'string' },
      sequencer: { type: 'string' },
      json: { type: 'boolean' },
      plot: { type: 'string' },
    });
    const parsed = exchangeOptions(v);
    const plot = plotOption(v.plot);
    const components: ExchangeComponents = await loadExchangeComponents({ matching: v.matching as string | undefined, loq: v['loq-adapter'] as string | undefined, sequencer: v.sequencer as string | undefined }, parsed.queues);
    let inbound: InboundAdapter | undefined;
    let multicast: Awaited<ReturnType<typeof loadAdapter>>;
    let nodes: ReturnType<typeof exchangeInboundNodes>;
    try {
      inbound = await loadInbound(v.adapter);
      multicast = await loadAdapter(v['multicast-adapter']);
      nodes = exchangeInboundNodes(inbound, components);
    } catch (err) {
      await inbound?.close?.();
      await closeExchangeComponents(components);
      throw err;
    }
    const session = new SimulateSession(io, 'simulate exchange');
    try {
      const b = parsed.base;
      session.note(`seed ${b.seed}`);
      if (inbound) session.note(`inbound nodes: ${inbound.name}`);
      if (multicast) session.note(`multicast nodes: ${multicast.adapter.name} plays ${multicast.roles.join(' and ')} nodes`);
      if (components.matching) session.note(`matching engine: ${components.matching.name}`);
      if (components.loq) session.note(`gateways' queues: ${components.loq.name}`);
      if (components.sequencer) session.note(`sequencer: ${components.sequencer.name} (flat inbound tree)`);
      const engine = exchangeEngine(components);
      const fanout = exchangeInboundFanout(b.participants, components);
      const runs: { label: 'loq' | 'fifo'; result: SimulateExchangeResult }[] = [];
      for (const queue of parsed.queues) {
        const options: SimulateExchangeOptions = {
          ...b,
          queue,
          inbound: referenceInbound({ heartbeatPeriodNs: parsed.heartbeatNs, ...(nodes ? { nodes } : {}), ...(fanout !== undefined ? { fanout } : {}) }),
          multicast: { ...b.multicast, ...(multicast ? { nodes: multicast.factory } : {}) },
          ...(engine ? { engine } : {}),
        };
        let r: SimulateExchangeResult;
        try {
          r = await runExchange(options, session, `${queue}, N=${b.participants}`);
        } catch (err) {
          if (err instanceof AdapterFault) throw adapterFailure(err);
          if ((err as Error).name === 'InboundFault') {
            // A vendor behind the node (its process, --loq-adapter, --sequencer): its stderr too.
            const tail = (err as Error).cause instanceof AdapterFault ? ((err as Error).cause as AdapterFault).stderrTail : undefined;
            throw new CommandFailure(`inbound protocol fault: ${(err as Error).message}${tail ? `\n--- stderr tail ---\n${tail}` : ''}`, EXIT.adapterFault);
          }
          throw err;
        }
        if (r.fault) throw new CommandFailure(describeFault(r.fault), EXIT.adapterFault);
        runs.push({ label: queue, result: r });
        if (r.stopped) break;
      }
      const stopped = runs.some((x) => x.result.stopped) || session.stopped;
      if (v.json) {
        const docs = runs.map((x) => exchangeJson(x.label, x.result));
        const meta = { seed: b.seed, participants: b.participants, durationNs: b.durationNs };
        session.write(`${JSON.stringify(docs.length === 1 ? { ...meta, ...docs[0] } : { ...meta, runs: docs })}\n`);
      } else {
        session.write(`${b.participants} participants, ${b.durationNs / 1e9} s, seed ${b.seed}\n${runs.map((x) => exchangeTable(x.label, x.result)).join('\n')}`);
      }
      if (plot && runs.length > 0 && !session.stdoutClosed) {
        const title = `Whole exchange: ${b.participants} participants, ${b.durationNs / 1e9} s, seed ${b.seed}${stopped ? ' (interrupted)' : ''}`;
        writeFileAtomic(plot, await renderSvg(exchangeFigure(title, runs.map((x) => ({ label: x.label.toUpperCase(), result: x.result })))));
        session.note(`plot: ${plot}`);
      }
      if (stopped) {
        session.note('interrupted: the figures above cover the run so far');
        return session.interruptCode;
      }
      return EXIT.ok;
    } finally {
      await multicast?.close();
      await inbound?.close?.();
      await closeExchangeComponents(components);
      session.close();
    }
  },
};
