/**
 * `fairwire simulate exchange`'s work apart from the command itself: options → simulation
 * options, one run with progress and Ctrl-C, the JSON document, the table people read.
 */
import type { SimulateExchangeOptions, SimulateExchangeResult } from '../../reference/sim/exchange/simulate.ts';
import { simulateExchange } from '../../reference/sim/exchange/simulate.ts';
import type { WindowRow } from '../../reference/sim/exchange/window-metrics.ts';
import { SimulationInputError } from '../../reference/sim/errors.ts';
import { UsageError } from '../command.ts';
import { intOption, numberOption, seedOption } from './options.ts';
import type { SimulateSession } from './session.ts';

export const EXCHANGE_OPTIONS = {
  participants: { type: 'string' },
  duration: { type: 'string' },
  loq: { type: 'boolean' },
  fifo: { type: 'boolean' },
  compare: { type: 'boolean' },
  'action-window': { type: 'string' },
  rate: { type: 'string' },
  uplink: { type: 'string' },
  'burst-every': { type: 'string' },
  'burst-length': { type: 'string' },
  'burst-factor': { type: 'string' },
  jump: { type: 'string' },
  'no-bursts': { type: 'boolean' },
  'mid-skew': { type: 'string' },
  'md-interval': { type: 'string' },
  heartbeat: { type: 'string' },
  window: { type: 'string' },
  epsilon: { type: 'string' },
  hedge: { type: 'string' },
  headroom: { type: 'string' },
  'no-hold-release': { type: 'boolean' },
  seed: { type: 'string' },
} as const;

/** The parsed command line: the simulation's options (queue set per run) and the heartbeat period. */
export interface ExchangeCommandOptions {
  readonly base: Omit<SimulateExchangeOptions, 'queue'>;
  readonly queues: readonly ('loq' | 'fifo')[];
  readonly heartbeatNs: number;
}

const ms = (name: string, s: string | undefined, fallback: number, min = 0) => Math.round(numberOption(name, s, min, 1e9, fallback) * 1e6);
const us = (name: string, s: string | undefined, fallback: number, min = 0) => Math.round(numberOption(name, s, min, 1e9, fallback) * 1e3);

export function exchangeOptions(v: Record<string, string | boolean | string[] | undefined>): ExchangeCommandOptions {
  const str = (k: string) => v[k] as string | undefined;
  if (v.loq && v.fifo) throw new UsageError('--loq and --fifo exclude each other (--compare runs both)');
  const queues: ('loq' | 'fifo')[] = v.compare ? ['loq', 'fifo'] : v.fifo ? ['fifo'] : ['loq'];
  const durationNs = Math.round(numberOption('--duration', str('duration'), 0.001, 3600, 1) * 1e9);
  const noBursts = Boolean(v['no-bursts']);
  const everyNs = ms('--burst-every', str('burst-every'), 1000, 0.001);
  const lengthNs = ms('--burst-length', str('burst-length'), 100);
  if (!noBursts && lengthNs > everyNs) throw new UsageError(`--burst-length (${lengthNs / 1e6} ms) must be ≤ --burst-every (${everyNs / 1e6} ms)`);
  const headroom = str('headroom');
  if (v['no-hold-release'] && headroom !== undefined) throw new UsageError('--headroom needs hold-and-release (drop --no-hold-release)');
  return {
    queues,
    heartbeatNs: us('--heartbeat', str('heartbeat'), 5000, 0.001),
    base: {
      seed: seedOption(str('seed')),
      participants: intOption('--participants', str('participants'), 1, 100_000, 100),
      durationNs,
      actionWindow: intOption('--action-window', str('action-window'), 0, 1_000_000, 2),
      algos: { noiseRatePerSec: numberOption('--rate', str('rate'), 0, 1e6, 10) },
      uplinkOrdersPerSec: numberOption('--uplink', str('uplink'), 1, 1e9, 50),
      bursts: noBursts
        ? null
        : { everyNs, lengthNs, factor: numberOption('--burst-factor', str('burst-factor'), 0, 1e6, 10), jumpTicks: intOption('--jump', str('jump'), 0, 1_000_000, 3) },
      midSkewNs: us('--mid-skew', str('mid-skew'), 0),
      mdIntervalNs: us('--md-interval', str('md-interval'), 1000, 1),
      windowNs: ms('--window', str('window'), 10, 0.001),
      epsilonNs: intOption('--epsilon', str('epsilon'), 0, 1_000_000_000, 100),
      multicast: {
        hedge: intOption('--hedge', str('hedge'), 0, 1000, 0),
        holdReleaseHeadroomNs: v['no-hold-release'] ? null : us('--headroom', headroom, 10),
      },
    },
  };
}

/** One run; progress on the session; bad input → UsageError. `stopped` in the result after Ctrl-C. */
export async function runExchange(o: SimulateExchangeOptions, session: SimulateSession, label: string): Promise<SimulateExchangeResult> {
  const messages = Math.floor(o.durationNs / (o.mdIntervalNs ?? 1_000_000));
  try {
    return await simulateExchange({
      ...o,
      pace: {
        onTurn: (sent) => {
          session.progress(`${label}: ${((sent * (o.mdIntervalNs ?? 1_000_000)) / 1e9).toFixed(2)} of ${o.durationNs / 1e9} s simulated (${sent}/${messages} publications)`);
          return session.stopped;
        },
      },
    });
  } catch (err) {
    if (err instanceof SimulationInputError) throw new UsageError(err.message);
    throw err;
  }
}

type Row = Omit<WindowRow, 'startNs' | 'burst'>;

/** What `--json` prints for one run: exact integers in ns, rates per second. */
export function exchangeJson(queue: 'loq' | 'fifo', r: SimulateExchangeResult): Record<string, unknown> {
  return {
    queue,
    ...(r.stopped ? { stopped: true } : {}),
    orders: r.orders,
    marketData: r.marketData,
    multicast: { omlNs: r.multicast.oml, dwsNs: r.multicast.dws, pf: r.multicast.pf, undelivered: r.multicast.undelivered, tree: r.multicast.tree },
    overall: r.metrics.overall,
    burst: r.metrics.burst,
    calm: r.metrics.calm,
    bursts: r.bursts,
    windowNs: r.metrics.windowNs,
    windows: r.metrics.windows,
  };
}

const f = (x: number, d: number, w = 11) => x.toFixed(d).padStart(w);

/** The table: overall, during bursts and outside them. */
export function exchangeTable(queue: string, r: SimulateExchangeResult): string {
  const line = (name: string, x: Row) =>
    `${name.padEnd(9)}${String(x.processed).padStart(10)}${f(x.matchingRate, 1)}${f(100 * x.matchedShare, 1, 9)}${f(x.latencyNs.p50 / 1e6, 3)}${f(x.latencyNs.p99 / 1e6, 3)}${f(x.matchedLatencyNs.p50 / 1e6, 3)}${x.unfairness.toExponential(2).padStart(11)}${f(x.overtakeGapNs.p99 / 1e3, 1, 12)}${f(x.omlNs.p50 / 1e3, 1, 10)}${f(x.dwsNs.p99 / 1e3, 3, 10)}${String(x.pf).padStart(6)}`;
  const m = r.metrics;
  return [
    `queue ${queue}: ${r.orders.submitted} orders submitted, ${r.orders.processed} processed${r.orders.submitted > r.orders.processed && !r.stopped ? ` (${r.orders.submitted - r.orders.processed} still queued when the drain ended)` : ''}, ${r.orders.trades} trades; ${r.marketData.publications} market-data packets (${r.marketData.bytes} bytes FAST, ${r.marketData.entries} level updates)${r.stopped ? '  [INTERRUPTED: figures so far]' : ''}`,
    `${''.padEnd(9)}${'orders'.padStart(10)}${'matched/s'.padStart(11)}${'matched%'.padStart(9)}${'lat p50 ms'.padStart(11)}${'lat p99 ms'.padStart(11)}${'mlat p50'.padStart(11)}${'unfair'.padStart(11)}${'gap p99 µs'.padStart(12)}${'OML p50'.padStart(10)}${'DWS p99'.padStart(10)}${'P(F)'.padStart(6)}`,
    line('overall', m.overall),
    line('bursts', m.burst),
    line('calm', m.calm),
    '',
  ].join('\n');
}
