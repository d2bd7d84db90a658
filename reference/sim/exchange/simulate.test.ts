import { describe, expect, it } from 'vitest';
import { SimulationInputError } from '../errors.ts';
import { simulateExchange, type SimulateExchangeOptions } from './simulate.ts';

const small: SimulateExchangeOptions = {
  seed: 7,
  participants: 20,
  durationNs: 400_000_000,
  queue: 'loq',
  uplinkOrdersPerSec: 20,
  bursts: { everyNs: 200_000_000, lengthNs: 40_000_000, factor: 10, jumpTicks: 3 },
};

describe('simulateExchange', () => {
  it('is deterministic given the seed, and every order it counts went the whole way', async () => {
    const a = await simulateExchange(small);
    const b = await simulateExchange(small);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.orders.submitted).toBeGreaterThan(50);
    expect(a.orders.processed).toBeLessThanOrEqual(a.orders.submitted);
    expect(a.orders.trades).toBeGreaterThan(0);
    expect(a.marketData.publications).toBe(400); // one per ms
    expect(a.multicast.undelivered).toBe(0);
    expect(a.bursts).toEqual([
      { startNs: 100_000_000, endNs: 140_000_000 },
      { startNs: 300_000_000, endNs: 340_000_000 },
    ]);
    const m = a.metrics;
    expect(m.overall.processed).toBe(a.orders.processed);
    expect(m.windows.reduce((s, w) => s + w.matched, 0)).toBe(m.overall.matched);
    expect(m.burst.processed + m.calm.processed).toBe(m.overall.processed);
    expect(m.overall.inversions).toBeLessThanOrEqual(m.overall.pairs);
    const c = await simulateExchange({ ...small, seed: 8 });
    expect(JSON.stringify(c.metrics)).not.toBe(JSON.stringify(a.metrics));
  });

  it('without LOQ the sequencer keeps generation order up to the clocks: every inversion is within 2ε', async () => {
    const r = await simulateExchange({ ...small, queue: 'fifo', epsilonNs: 100 });
    expect(r.orders.processed).toBe(r.orders.submitted);
    expect(r.metrics.overall.overtakeGapNs.max).toBeLessThanOrEqual(200);
  });

  it('refuses bad options with a typed error before running', async () => {
    await expect(simulateExchange({ ...small, participants: 0 })).rejects.toThrow(SimulationInputError);
    await expect(simulateExchange({ ...small, queue: 'lifo' as never })).rejects.toThrow(/queue must be/);
    await expect(simulateExchange({ ...small, bursts: { everyNs: 10, lengthNs: 20, factor: 2, jumpTicks: 1 } })).rejects.toThrow(/lengthNs/);
  });
});
