import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/adapter.ts';
import { allComponents } from './catalogs.ts';
import type { ComponentEntry } from './components.ts';
import { defineProperty, type Property } from './property.ts';

/**
 * Every property of every registered catalog must call the subject: a property that only checks
 * the reference (or the generator) says nothing about a vendor, yet would count as a pass in its
 * verdict. The subject is the reference adapter wrapped in a Proxy that counts method calls; each
 * property is checked on its first generated inputs.
 */
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const INPUTS = 3;

function counting<A extends Adapter<object>>(target: A): { proxy: A; calls: () => number } {
  let calls = 0;
  const proxy = new Proxy(target, {
    get(t, key, receiver) {
      const v = Reflect.get(t, key, receiver) as unknown;
      if (typeof v !== 'function' || key === 'close') return v;
      // Bound to the target so class adapters with private fields keep working.
      return (...args: unknown[]) => {
        calls++;
        return (v as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
  return { proxy, calls: () => calls };
}

async function subjectCalls(entry: ComponentEntry, p: Property<Adapter<object>, unknown>): Promise<number> {
  const subject = await entry.reference();
  const oracle = await entry.reference();
  const { proxy, calls } = counting(subject);
  try {
    const inputs = fc.sample(p.arbitrary(subject.capabilities), { seed: SEED, numRuns: INPUTS });
    for (const input of inputs) {
      // A check may throw (an expected failure of a baseline); only the calls matter here.
      await Promise.resolve(p.check(proxy, oracle, input)).catch(() => {});
    }
    return calls();
  } finally {
    await subject.close?.();
    if (oracle !== subject) await oracle.close?.();
  }
}

const missing = (p: Property<Adapter<object>, unknown>, caps: object) => p.requires.filter((r) => (caps as Record<string, unknown>)[r] !== true);

describe('every property calls the subject', () => {
  for (const entry of allComponents()) {
    for (const p of entry.catalog) {
      it(`${p.id} calls the ${entry.component} subject on its first ${INPUTS} inputs`, async () => {
        const ref = await entry.reference();
        const lacking = missing(p, ref.capabilities);
        await ref.close?.();
        expect(lacking, `the reference lacks what ${p.id} requires`).toEqual([]);
        expect(await subjectCalls(entry, p), `${p.id} never called the subject (seed ${SEED})`).toBeGreaterThan(0);
      });
    }
  }

  it('catches a property that ignores the subject', async () => {
    const entry = allComponents().find((e) => e.component === 'fast')!;
    const selfCheck = defineProperty<Adapter<object>, number>({
      id: 'fast.self.check',
      component: 'fast',
      title: 'checks only the oracle',
      requires: [],
      arbitrary: () => fc.nat(),
      check: async (_subject, oracle) => {
        await (oracle as unknown as { reset(): Promise<void> }).reset();
      },
    });
    expect(await subjectCalls(entry, selfCheck as Property<Adapter<object>, unknown>)).toBe(0);
  });
});
