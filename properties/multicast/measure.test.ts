import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceMulticastAdapter } from '../../adapters/multicast/reference.ts';
import { multicastScenarioArb } from '../arbitraries/multicast-scenario.ts';
import { measureMulticast } from './measure.ts';
import { simulateWith } from './run.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 1502);

describe('multicast figures (measure.ts), from the harness record', () => {
  it('one spread and one OML a message; with hold-and-release, a message none was late for is within 2 epsilon', async () => {
    const ref = referenceMulticastAdapter();
    await fc.assert(
      fc.asyncProperty(multicastScenarioArb(ref.capabilities, { holdRelease: 'on', maxMessages: 8 }), async (s) => {
        const o = await simulateWith(ref, s);
        const f = measureMulticast(s, o) as Record<string, number[]>;
        expect(f['release-spread']!.length).toBe(s.messages);
        expect(f['last-release']!.length).toBe(s.messages);
        expect(f.lateness!.length).toBe(s.messages);
        f.lateness!.forEach((late, i) => {
          expect(late).toBeGreaterThanOrEqual(0);
          // Jasper App. B: nobody late => DWS <= 2 epsilon (assertHoldRelease judges the same).
          if (late === 0) expect(f['within-2eps']![i]).toBe(1);
          expect(f['within-2eps']![i]).toBe(f['release-spread']![i]! <= 2 * s.epsilonNs ? 1 : 0);
          expect(f['last-release']![i]).toBeGreaterThanOrEqual(f['release-spread']![i]!);
        });
      }),
      { seed: SEED, numRuns: 15 },
    );
  });

  it('figures follow what the harness recorded: a later release widens the spread by exactly that much', async () => {
    const ref = referenceMulticastAdapter();
    const [s] = fc.sample(multicastScenarioArb(ref.capabilities, { holdRelease: 'off', maxMessages: 3 }).filter((x) => x.receivers >= 2 && !x.receiverHedge), { seed: SEED, numRuns: 1 });
    const o = await simulateWith(ref, s!);
    const before = measureMulticast(s!, o) as Record<string, number[]>;
    const m = o.perMessage[0]!;
    const latest = Math.max(...m.receivers.map((r) => r.releaseTrue!));
    // The record with one receiver released 1000 ns after everybody else.
    const moved = { ...o, perMessage: [{ ...m, receivers: m.receivers.map((r, i) => (i === 0 ? { ...r, releaseTrue: latest + 1000 } : r)) }, ...o.perMessage.slice(1)] };
    const after = measureMulticast(s!, moved) as Record<string, number[]>;
    const firstOthers = Math.min(...m.receivers.filter((r) => r.participant !== m.receivers[0]!.participant).map((r) => r.releaseTrue!));
    expect(after['last-release']![0]).toBe(latest + 1000 - m.sentTrue);
    expect(after['release-spread']![0]).toBe(latest + 1000 - firstOthers);
    expect(after['release-spread']!.slice(1)).toEqual(before['release-spread']!.slice(1));
  });
});
