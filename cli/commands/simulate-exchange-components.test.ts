import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import { runCli } from './testing/run-cli.ts';

/**
 * `simulate exchange --matching | --loq-adapter | --sequencer`: every component of the path can be
 * a vendor's. The reference through each bridge gives the very run the built-in path gives; a
 * mutant shows in the metrics; a vendor that crashes is exit 3 naming its component.
 */
const run = (argv: string[]) => runCli(argv);

interface Doc {
  orders: { submitted: number; processed: number; trades: number };
  overall: { unfairness: number; matched: number; overtakeGapNs: { max: number } };
}

const BASE = ['simulate', 'exchange', '--participants', '30', '--duration', '0.5', '--seed', '1', '--json'];
const PY = (file: string) => `cmd:python3 adapters/examples/python/${file}`;
const CRASH = 'cmd:python3 cli/simulate/testing/crashing_component.py';

async function doc(...extra: string[]): Promise<Doc> {
  const r = await run([...BASE, ...extra]);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Doc;
}

/** The run without what says which adapter ran (stderr notes). */
const same = async (a: Promise<Doc>, b: Promise<Doc>) => expect(JSON.stringify(await a)).toBe(JSON.stringify(await b));

describe('simulate exchange with vendor components in the path', () => {
  it('--matching: the reference and the Python example through the bridge give the built-in run; a mutant engine changes the trades', async () => {
    const base = await doc();
    expect(base.orders.trades).toBeGreaterThan(5);
    await same(doc('--matching', 'reference'), Promise.resolve(base));
    await same(doc('--matching', PY('matching.py')), Promise.resolve(base));
    // Orders at the touching price rest instead of trading.
    const mutant = await doc('--matching', 'mutant:matching-touching-price-rests');
    expect(mutant.orders.trades).toBeLessThan(base.orders.trades);
  }, 120_000);

  it("--loq-adapter: the gateways' queues from the reference or the Python example give the built-in run; an LOQ without epochs raises unfairness", async () => {
    const base = await doc();
    await same(doc('--loq-adapter', 'reference'), Promise.resolve(base));
    await same(doc('--loq-adapter', PY('loq.py')), Promise.resolve(base));
    const mutant = await doc('--loq-adapter', 'mutant:loq-no-epoch');
    expect(mutant.overall.unfairness).toBeGreaterThan(base.overall.unfairness);
  }, 120_000);

  it('--sequencer: the root as a Jasper instance keeps every inversion within 2ε; one that releases before every input spoke does not', async () => {
    const ref = await doc('--fifo', '--epsilon', '100', '--sequencer', 'reference');
    expect(ref.orders.processed).toBe(ref.orders.submitted);
    expect(ref.overall.overtakeGapNs.max).toBeLessThanOrEqual(200);
    await same(doc('--fifo', '--epsilon', '100', '--sequencer', PY('sequencer.py')), Promise.resolve(ref));
    const mutant = await doc('--fifo', '--epsilon', '100', '--sequencer', 'mutant:sequencer-release-before-all');
    expect(mutant.overall.overtakeGapNs.max).toBeGreaterThan(200);
    expect(mutant.overall.unfairness).toBeGreaterThan(ref.overall.unfairness);
  }, 120_000);

  for (const [option, named] of [
    [['--matching'], /adapter fault: matching engine cmd:.*crashing_component\.py \(--matching\).*exited with status 7[\s\S]*giving up on matching\.reset/],
    [['--loq-adapter'], /inbound protocol fault: node gateway-\d+: .*LOQ cmd:.*crashing_component\.py \(--loq-adapter\) at gateway-\d+.*exited with status 7[\s\S]*giving up on loq\.create/],
    [['--fifo', '--sequencer'], /inbound protocol fault: node sequencer: .*sequencer cmd:.*crashing_component\.py \(--sequencer\).*exited with status 7[\s\S]*giving up on sequencer\.create/],
  ] as const) {
    it(`a vendor crashing in the path (${option.join(' ')}) is exit 3 naming the component, with its stderr`, async () => {
      const r = await run(['simulate', 'exchange', '--participants', '4', '--duration', '0.05', ...option, CRASH]);
      expect(r.code, r.err).toBe(3);
      expect(r.err).toMatch(named);
    }, 60_000);
  }

  it('usage errors: --sequencer under LOQ, a component that lacks what the path needs, two sources for one role, an unknown mutant', async () => {
    const small = ['simulate', 'exchange', '--participants', '4', '--duration', '0.05'];
    let r = await run([...small, '--sequencer', 'reference']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--sequencer needs --fifo/);
    r = await run([...small, '--loq-adapter', 'mutant:nope']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--loq-adapter: no mutant 'nope' for component loq/);
    r = await run([...small, '--loq-adapter', 'reference', '--adapter', 'mutant:exchange-gateway-clock-after-queue']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--loq-adapter and --adapter both give the gateways/);
  });
});
