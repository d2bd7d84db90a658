/**
 * Runs one market-data scenario through the reference exchange side — the matching engine, the
 * conflating publisher, the FAST encoder — and the multicast harness (lockstep), handing every
 * released packet to each participant's gateway (the subject's feed handler or the reference's).
 * Records, per publication, the book the engine had when it was closed (from the engine's own
 * snapshot, the oracle), and, per participant, its view whenever the packets it has been given
 * are exactly 0..k — the moments its view must equal publication k's book.
 */
import { createMatchingEngine } from '../../reference/matching/engine.ts';
import { simulateTree } from '../../reference/multicast/harness.ts';
import type { LevelView } from '../../reference/sim/exchange/book-view.ts';
import { MdDecodeCache, ReferenceMdGateway, type MdGateway } from '../../reference/sim/exchange/md-gateway.ts';
import { MdPublisher } from '../../reference/sim/exchange/md-publisher.ts';
import { MD_BASE_PRICE, type MdScenario } from './market-data-scenario.ts';

export interface Levels {
  readonly bids: readonly LevelView[];
  readonly asks: readonly LevelView[];
}

export interface ViewCheckpoint {
  readonly participant: number;
  /** Publications 0..upTo given to it (in any order). */
  readonly upTo: number;
  readonly atNs: number;
  readonly view: Levels;
}

export interface MdRun {
  readonly publications: number;
  /** The engine's book at each publication. */
  readonly books: readonly Levels[];
  /** The engine's book after every order. */
  readonly finalBook: Levels;
  readonly checkpoints: readonly ViewCheckpoint[];
  /** Per participant, the publications released to it, in release order. */
  readonly released: readonly number[][];
  readonly fault?: string;
}

const SYMBOL = 'X';

function engineLevels(engine: ReturnType<typeof createMatchingEngine>): Levels {
  const b = engine.snapshot(SYMBOL)[0];
  const side = (ls: readonly { price: string; quantity: string; orders: readonly unknown[] }[] | undefined): LevelView[] =>
    (ls ?? []).map((l) => ({ price: Number(l.price), size: Number(l.quantity), orders: l.orders.length }));
  return { bids: side(b?.bids), asks: side(b?.asks) };
}

export async function runMdScenario(s: MdScenario, gateway?: (participant: number) => MdGateway): Promise<MdRun> {
  const engine = createMatchingEngine({ symbols: [{ symbol: SYMBOL, tickSize: 1 }] });
  const publisher = new MdPublisher();
  const cache = new MdDecodeCache();
  const gateways = Array.from({ length: s.participants }, (_, p) => (gateway ? gateway(p) : new ReferenceMdGateway(cache)));
  const orders = [...s.orders].map((o, i) => ({ ...o, i })).sort((a, b) => a.atNs - b.atNs || a.i - b.i);
  // The harness's first send is at 1 ms + ε; orders are placed from there on.
  const start = 1_000_000 + s.epsilonNs;
  const lastAt = orders.length ? orders[orders.length - 1]!.atNs : 0;
  const publications = Math.floor(lastAt / s.mdIntervalNs) + 2; // the last one after every order
  let next = 0;
  const packets: Uint8Array[] = [];
  const books: Levels[] = [];
  const checkpoints: ViewCheckpoint[] = [];
  const released: number[][] = Array.from({ length: s.participants }, () => []);
  const seen = Array.from({ length: s.participants }, () => new Set<number>());
  const prefix = new Int32Array(s.participants).fill(-1);
  const sink = (e: Parameters<Parameters<typeof engine.applyTo>[1]>[0]) => {
    if (e.type === 'level') publisher.onLevel(e);
  };
  const result = await simulateTree({
    seed: s.seed,
    receivers: s.participants,
    messages: publications,
    intervalNs: s.mdIntervalNs,
    latency: { kind: 'scripted', delaysNs: s.delaysNs },
    clocks: { epsilonNs: s.epsilonNs },
    holdRelease: s.headroomNs === null ? null : { headroomNs: s.headroomNs, reportIntervalNs: s.mdIntervalNs },
    drainNs: 50_000_000,
    lockstep: {
      nextNs: () => (next < orders.length ? start + orders[next]!.atNs : Infinity),
      advanceTo: (t) => {
        while (next < orders.length && start + orders[next]!.atNs <= t) {
          const o = orders[next++]!;
          engine.applyTo({ type: 'new', id: `o${o.i}`, account: `a${o.i}`, symbol: SYMBOL, side: o.side, orderType: 'limit', price: MD_BASE_PRICE + o.offset, quantity: o.quantity, tif: o.ioc ? 'ioc' : 'gtc' }, sink, true);
        }
      },
      onSend: (msg, t) => {
        packets[msg] = publisher.encode(publisher.close(t));
        books[msg] = engineLevels(engine);
      },
      onRelease: (msg, p, t) => {
        released[p]!.push(msg);
        seen[p]!.add(msg);
        gateways[p]!.onPacket(packets[msg]!);
        let k = prefix[p]!;
        while (seen[p]!.has(k + 1)) k++;
        if (k > prefix[p]!) {
          prefix[p] = k;
          const g = gateways[p]!.levels();
          checkpoints.push({ participant: p, upTo: k, atNs: t - start, view: { bids: [...g.bids], asks: [...g.asks] } });
        }
      },
    },
  });
  return {
    publications,
    books,
    finalBook: engineLevels(engine),
    checkpoints,
    released,
    ...(result.fault ? { fault: `${result.fault.node}: ${result.fault.reason}` } : {}),
  };
}
