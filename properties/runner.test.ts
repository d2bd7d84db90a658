import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/adapter.ts';
import { AdapterFault } from '../adapters/fault.ts';
import { fromTaggedJson } from '../spec/tagged-json.ts';
import { Mismatch } from './mismatch.ts';
import { defineProperty, type Catalog } from './property.ts';
import { deriveSeed, exitCodeOf, runCatalog } from './runner.ts';

// A toy component: an adder. The runner is generic, so a tiny subject exercises all of it.
interface Adder extends Adapter<{ negatives: boolean }> {
  add(a: bigint, b: bigint): bigint;
}
const good: Adder = { name: 'good', component: 'toy', capabilities: { negatives: true }, add: (a, b) => a + b };
// Wrong only when the sum exceeds 1000: shrinking must find the boundary.
const bad: Adder = { ...good, name: 'bad', add: (a, b) => (a + b > 1000n ? a + b - 1n : a + b) };
const faulty: Adder = {
  ...good,
  name: 'faulty',
  add: () => {
    throw new AdapterFault('vendor died', { op: 'add' }, 'segfault');
  },
};

const catalog: Catalog<Adder> = [
  defineProperty<Adder, [bigint, bigint]>({
    id: 'toy.add.equivalence',
    component: 'toy',
    title: 'adds like the oracle',
    requires: [],
    arbitrary: () => fc.tuple(fc.bigInt(0n, 2000n), fc.bigInt(0n, 2000n)),
    check: (s, o, [a, b]) => {
      if (s.add(a, b) !== o.add(a, b)) throw new Mismatch(`add(${a}, ${b})`, o.add(a, b), s.add(a, b));
    },
  }),
  defineProperty<Adder, bigint>({
    id: 'toy.add.negative',
    component: 'toy',
    title: 'needs negatives',
    requires: ['negatives'],
    arbitrary: () => fc.bigInt(-5n, -1n),
    check: () => {},
  }),
];

describe('runCatalog', () => {
  it('passes a correct subject and is deterministic in runs', async () => {
    const r = await runCatalog({ catalog, subject: good, oracle: good, seed: 42 });
    expect(r.map((x) => x.status)).toEqual(['passed', 'passed']);
    expect(r[0]!.runs).toBe(100);
    expect(exitCodeOf(r)).toBe(0);
  });

  it('fails a wrong subject with a shrunk counterexample and a replay that reproduces it', async () => {
    const r = await runCatalog({ catalog, subject: bad, oracle: good, seed: 7, replayCommand: 'fw' });
    const f = r[0]!;
    expect(f.status).toBe('failed');
    const [a, b] = fromTaggedJson(f.counterexampleData!) as [bigint, bigint];
    expect(a + b).toBe(1001n); // shrunk to the boundary
    expect(f.message).toContain('expected');
    expect(f.replay).toMatch(/^fw --property toy\.add\.equivalence --replay -?\d+:[\d:]+$/);
    const [seed, path] = f.replay!.split('--replay ')[1]!.split(/:(.*)/s) as [string, string];
    const again = await runCatalog({ catalog, subject: bad, oracle: good, seed: 0, replay: { seed: Number(seed), path }, propertyIds: [f.id] });
    expect(again[0]!.status).toBe('failed');
    expect(again[0]!.counterexampleData).toBe(f.counterexampleData);
    expect(exitCodeOf(r)).toBe(1);
  });

  it('skips properties outside the capabilities', async () => {
    const limited: Adder = { ...good, capabilities: { negatives: false } };
    const r = await runCatalog({ catalog, subject: limited, oracle: good, seed: 1 });
    expect(r[1]!.status).toBe('skipped');
    expect(r[1]!.reason).toContain('negatives');
  });

  it('reports an adapter fault as a fault, with what was sent', async () => {
    const r = await runCatalog({ catalog, subject: faulty, oracle: good, seed: 1, propertyIds: ['toy.add.equivalence'] });
    expect(r[0]!.status).toBe('fault');
    expect(r[0]!.message).toContain('segfault');
    expect(r[0]!.counterexample).toEqual({ op: 'add' });
    expect(exitCodeOf(r)).toBe(3);
  });

  it('replays saved examples first', async () => {
    const r = await runCatalog({ catalog, subject: bad, oracle: good, seed: 3, runs: 1, examples: () => [[600n, 500n]] });
    expect(r[0]!.status).toBe('failed');
  });

  it('shards partition the units: the union of shards equals the full run', async () => {
    const full = await runCatalog({ catalog, subject: good, oracle: good, seed: 9 });
    const fullRuns = full.reduce((n, x) => n + x.runs, 0);
    let union = 0;
    for (let k = 1; k <= 3; k++) {
      const part = await runCatalog({ catalog, subject: good, oracle: good, seed: 9, shard: { index: k, count: 3 } });
      union += part.reduce((n, x) => n + x.runs, 0);
    }
    expect(union).toBe(fullRuns);
  });

  it('reports an expected failure, and an unexpected pass', async () => {
    const expecting = catalog.map((p) => ({ ...p, expectedFailure: { reason: 'known', spec: 'x.md' } }));
    const r = await runCatalog({ catalog: expecting, subject: bad, oracle: good, seed: 5 });
    expect(r.map((x) => x.status)).toEqual(['expected-failure', 'unexpected-pass']);
  });

  it('derives distinct stable seeds', () => {
    expect(deriveSeed(1, 'a', 0)).toBe(deriveSeed(1, 'a', 0));
    expect(deriveSeed(1, 'a', 0)).not.toBe(deriveSeed(1, 'a', 1));
    expect(deriveSeed(1, 'a', 0)).not.toBe(deriveSeed(2, 'a', 0));
  });
});
