import { describe, it, expect } from 'vitest';
import { referenceSequencerAdapter } from './sequencer.ts';
import type { SequencerConfig } from '../sequencer.ts';

describe('reference sequencer adapter', () => {
  it('releases through drain, once', async () => {
    const s = await referenceSequencerAdapter().create({ kind: 'jasper', participants: 2 });
    await s.enqueue(0, 1, 5, 10);
    await s.enqueue(1, 0, 3, 11);
    await s.heartbeat(2, 0, 4);
    expect(await s.drain()).toEqual([{ participant: 0, timestamp: 3, id: 11 }]); // the dummy 4 is then the smallest head: dropped
    await s.heartbeat(3, 0, 9);
    expect(await s.drain()).toEqual([{ participant: 1, timestamp: 5, id: 10 }]);
    expect(await s.drain()).toEqual([]);
  });

  it('CloudEx releases on the clock', async () => {
    const s = await referenceSequencerAdapter().create({ kind: 'cloudex', participants: 2, timeout: 4 });
    await s.enqueue(1, 0, 1, 7);
    await s.tick(4);
    expect(await s.drain()).toEqual([]);
    await s.tick(5);
    expect(await s.drain()).toEqual([{ participant: 0, timestamp: 1, id: 7 }]);
  });

  it('refuses bad configs and inputs with typed errors', async () => {
    const a = referenceSequencerAdapter();
    await expect(async () => a.create({ kind: 'nope', participants: 2 } as unknown as SequencerConfig)).rejects.toThrow(/bad-config/);
    await expect(async () => a.create({ kind: 'tree', participants: 4, fanout: 1 })).rejects.toThrow(/bad-config/);
    await expect(async () => a.create({ kind: 'cloudex', participants: 2, timeout: -1 })).rejects.toThrow(/bad-config/);
    for (const kind of ['jasper', 'tree', 'cloudex'] as const) {
      const s = await a.create({ kind, participants: 2, fanout: 2, timeout: 1 } as SequencerConfig);
      await expect(async () => s.enqueue(0, 2, 0, 0)).rejects.toThrow(/bad-participant/);
      await expect(async () => s.enqueue(0, 0, Number.NaN, 0)).rejects.toThrow(/bad-timestamp/);
      await s.tick(5);
      await expect(async () => s.heartbeat(4, 0, 9)).rejects.toThrow(/time-went-back/);
    }
  });
});
