import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/adapter.ts';
import { AdapterFault } from '../adapters/fault.ts';
import { VendorSkipped } from '../adapters/process/vendor-process.ts';
import { fromTaggedJson } from '../spec/tagged-json.ts';
import { Mismatch } from './mismatch.ts';
import { defineProperty, type Catalog, type Property } from './property.ts';
import { closeIds, deriveSeed, exitCodeOf, planUnits, runCatalog, unmatchedFilters, type RunEvent } from './runner.ts';

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

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);

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
    expect(r[0]!.runsAsked).toBe(100);
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

  it('reports an adapter fault as a fault, with the shrunk input, what was sent and the stderr tail', async () => {
    const r = await runCatalog({ catalog, subject: faulty, oracle: good, seed: 1, propertyIds: ['toy.add.equivalence'] });
    expect(r[0]!.status).toBe('fault');
    expect(r[0]!.message).toContain('vendor died');
    expect(r[0]!.stderrTail).toBe('segfault');
    expect(r[0]!.requests).toEqual([{ op: 'add' }]);
    expect(r[0]!.counterexample).toEqual(['0', '0']); // every input faults: shrunk to the smallest
    expect(r[0]!.replay).toBeUndefined(); // no replayCommand given
    expect(exitCodeOf(r)).toBe(3);
  });

  it('replays saved examples first', async () => {
    const r = await runCatalog({ catalog, subject: bad, oracle: good, seed: 3, runs: 1, examples: () => [[600n, 500n]] });
    expect(r[0]!.status).toBe('failed');
  });

  it('shards partition the units: every input of the full run runs in exactly one shard', async () => {
    // Record every generated input per run: the shards' inputs, together, must be the full
    // run's inputs as a multiset (no unit lost, none run twice), whatever the shard count.
    const recording = (seen: string[]): Catalog<Adder> =>
      catalog.map((p) => ({ ...p, check: (s: Adder, o: Adder, input: unknown) => { seen.push(`${p.id} ${String(input)}`); return p.check(s, o, input as never); } }));
    const full: string[] = [];
    await runCatalog({ catalog: recording(full), subject: good, oracle: good, seed: SEED, runs: 30 });
    for (const count of [2, 3, 5]) {
      const union: string[] = [];
      for (let k = 1; k <= count; k++) {
        const part: string[] = [];
        await runCatalog({ catalog: recording(part), subject: good, oracle: good, seed: SEED, runs: 30, shard: { index: k, count } });
        union.push(...part);
      }
      expect(union.sort(), `seed ${SEED}, ${count} shards`).toEqual([...full].sort());
    }
    // The plan itself: a partition of the round-robin list.
    const all = planUnits([4, 2, 1]);
    const parts = [1, 2, 3].flatMap((k) => planUnits([4, 2, 1], { index: k, count: 3 }));
    expect(parts.map((u) => `${u.property}:${u.unit}`).sort()).toEqual(all.map((u) => `${u.property}:${u.unit}`).sort());
    expect(new Set(parts.map((u) => `${u.property}:${u.unit}`)).size).toBe(parts.length);
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

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function toy(id: string, check: (s: Adder, o: Adder, x: bigint) => void | Promise<void>, extra: Partial<Property<Adder, bigint>> = {}): Property<Adder, bigint> {
  return defineProperty<Adder, bigint>({ id, component: 'toy', title: id, requires: [], arbitrary: () => fc.bigInt(0n, 1000n), check, ...extra });
}

describe('verdicts that never lie', () => {
  it('a property that ran no case is not-run (never passed), and the run exits 1', async () => {
    const expecting = toy('toy.x.expected', () => {}, { expectedFailure: { reason: 'known', spec: 'x.md' } });
    const r = await runCatalog({ catalog: [...catalog, expecting], subject: good, oracle: good, seed: SEED, timeBudgetMs: 0 });
    expect(r.map((x) => x.status)).toEqual(['not-run', 'not-run', 'not-run']);
    expect(r.map((x) => [x.runs, x.runsAsked])).toEqual([[0, 100], [0, 100], [0, 100]]);
    expect(r[0]!.reason).toContain('time budget');
    expect(exitCodeOf(r)).toBe(1);
  });

  it('shares the time budget round-robin: a slow first property cannot starve the rest', async () => {
    // Each case of the slow property takes 40 ms: 100 of them (4 s) are far beyond the budget.
    const slow = toy('toy.x.slow', async () => sleep(40));
    const fast = toy('toy.x.fast', () => {});
    const events: RunEvent[] = [];
    const r = await runCatalog({ catalog: [slow, fast], subject: good, oracle: good, seed: SEED, timeBudgetMs: 1000, onEvent: (e) => events.push(e) });
    const [s, f] = r;
    expect(s!.runs).toBeGreaterThan(0);
    expect(s!.runs).toBeLessThan(s!.runsAsked);
    expect(s!.status).toBe('passed');
    expect(s!.interrupted).toBe(true);
    expect(f!.runs).toBeGreaterThan(0);
    expect(f!.status).toBe('passed');
    // Units interleave: unit 0 of every property before unit 1 of any.
    const units = events.flatMap((e) => (e.type === 'unit-done' ? [`${e.id}#${e.unit}`] : []));
    expect(units.slice(0, 2)).toEqual(['toy.x.slow#0', 'toy.x.fast#0']);
  });

  it('a property whose every case outlasts its share of the budget is not-run, not vacuous', async () => {
    const glacial = toy('toy.x.glacial', async () => sleep(400));
    const [r] = await runCatalog({ catalog: [glacial], subject: good, oracle: good, seed: SEED, timeBudgetMs: 100 });
    expect(r!.runs).toBe(0);
    expect(r!.status).toBe('not-run');
    expect(r!.reason).toContain('time budget');
  });

  it('runs units round-robin without a budget too', async () => {
    const events: RunEvent[] = [];
    await runCatalog({ catalog, subject: good, oracle: good, seed: SEED, onEvent: (e) => events.push(e) });
    const units = events.flatMap((e) => (e.type === 'unit-done' ? [`${e.id}#${e.unit}`] : []));
    expect(units).toEqual(
      [0, 1, 2, 3].flatMap((u) => [`toy.add.equivalence#${u}`, `toy.add.negative#${u}`]),
    );
  });

  it('mostly discarded cases (fc.pre) make a property vacuous, not passed', async () => {
    const picky = toy('toy.x.picky', (_s, _o, x) => {
      fc.pre(x % 50n === 0n);
    });
    const [r] = await runCatalog({ catalog: [picky], subject: good, oracle: good, seed: SEED });
    expect(r!.status, `seed ${SEED}`).toBe('vacuous');
    expect(r!.skips).toBeGreaterThan(r!.runs);
    expect(exitCodeOf([r!])).toBe(1);
  });

  it('a vendor that declines every input is vacuous, not failed and not passed', async () => {
    const declines = toy('toy.x.declined', () => {
      throw new VendorSkipped('not supported', 'toy.add' as never);
    });
    const [r] = await runCatalog({ catalog: [declines], subject: good, oracle: good, seed: SEED, runs: 20 });
    expect(r!.status).toBe('vacuous');
    expect(r!.runs).toBe(0);
    expect(r!.reason).toContain('discarded');
    expect(exitCodeOf([r!])).toBe(1);
  });

  it('every property skipped is not a pass', async () => {
    const limited: Adder = { ...good, capabilities: { negatives: false } };
    const r = await runCatalog({ catalog, subject: limited, oracle: good, seed: SEED, propertyIds: ['toy.add.negative'] });
    expect(r.map((x) => x.status)).toEqual(['skipped']);
    expect(exitCodeOf(r)).toBe(1);
  });

  it('puts the failure signature on failed results', async () => {
    const signed = toy('toy.x.signed', (s, o, x) => {
      if (s.add(x, x) !== o.add(x, x)) throw new Mismatch('sum', o.add(x, x), s.add(x, x), { kind: 'value-differs', path: 'sum' });
    });
    const throws = toy('toy.x.throws', () => {
      throw new TypeError('boom');
    });
    const r = await runCatalog({ catalog: [signed, throws], subject: bad, oracle: good, seed: SEED });
    expect(r.map((x) => [x.status, x.signature])).toEqual([
      ['failed', 'value-differs at sum'],
      ['failed', 'uncaught-type-error'],
    ]);
  });

  it('types requires as the subject\'s capability keys: a misspelled capability does not compile', () => {
    const p = defineProperty<Adder, bigint>({
      id: 'toy.x.typo',
      component: 'toy',
      title: 'typo',
      // @ts-expect-error 'negative' is not a capability of Adder ('negatives' is): typecheck fails if this compiles
      requires: ['negative'],
      arbitrary: () => fc.bigInt(0n, 1n),
      check: () => {},
    });
    expect(p.requires).toEqual(['negative']);
  });

  it('finds filters that match nothing, and ids close to them', () => {
    const ids = ['fast.decode.equivalence', 'fast.decode.overlong', 'fpga.dma.ring'];
    expect(unmatchedFilters(ids, ['fast.decode.equivalance', 'fast.decode.', 'fpga*', 'net.'])).toEqual(['fast.decode.equivalance', 'net.']);
    expect(closeIds('fast.decode.equivalance', ids)[0]).toBe('fast.decode.equivalence');
  });
});

describe('an interrupted run (Ctrl-C)', () => {
  it('counts only the cases it checked, finishes none of the rest, and calls what did not run not-run', async () => {
    const abort = new AbortController();
    let checked = 0;
    // The subject is called once per checked case; the abort lands in the middle of property 1.
    const counting: Adder = {
      ...good,
      name: 'counting',
      add: (a, b) => {
        checked++;
        if (checked === 30) abort.abort();
        return a + b;
      },
    };
    const probe = (id: string) =>
      defineProperty<Adder, bigint>({
        id,
        component: 'toy',
        title: id,
        requires: [],
        arbitrary: () => fc.bigInt(0n, 10n),
        check: (s, o, a) => {
          if (s.add(a, 1n) !== o.add(a, 1n)) throw new Mismatch('differs', o.add(a, 1n), s.add(a, 1n));
        },
      });
    const results = await runCatalog({ catalog: [probe('toy.a.one'), probe('toy.a.two')], subject: counting, oracle: good, seed: SEED, runs: 100, signal: abort.signal });
    const total = results.reduce((n, r) => n + r.runs, 0);
    expect(total).toBe(checked); // never a case counted that was not checked
    expect(total).toBeLessThan(200);
    expect(results.every((r) => r.status === 'not-run' || (r.status === 'passed' && r.interrupted === true && r.runs < r.runsAsked))).toBe(true);
    expect(results.some((r) => r.status === 'not-run' || r.runs < r.runsAsked)).toBe(true);
  });

  it('hears a Ctrl-C that arrives as an event (a signal), even while an in-process subject answers in microtasks', async () => {
    const abort = new AbortController();
    // A real SIGINT is delivered by the event loop, not from inside the subject: without the
    // runner giving the loop a turn now and then, this timer would fire only after every case ran.
    setTimeout(() => abort.abort(), 20);
    const spin: Adder = {
      ...good,
      name: 'spin',
      add: (a, b) => {
        const until = Date.now() + 1; // ~1 ms a case: 2,000 cases take seconds
        while (Date.now() < until);
        return a + b;
      },
    };
    const [r] = await runCatalog({ catalog: [catalog[0]!], subject: spin, oracle: good, seed: SEED, runs: 2000, signal: abort.signal });
    expect(abort.signal.aborted).toBe(true);
    expect(r!.runs).toBeLessThan(r!.runsAsked);
    expect(r!.interrupted).toBe(true);
  });

  it('does not call a vendor that dies after the abort a fault', async () => {
    const abort = new AbortController();
    let calls = 0;
    const dying: Adder = {
      ...good,
      name: 'dying',
      add: (a, b) => {
        calls++;
        if (calls === 10) {
          abort.abort(); // the terminal's SIGINT reaches the vendor as well
          throw new AdapterFault('vendor exited with signal SIGINT', { op: 'add' }, '');
        }
        return a + b;
      },
    };
    const [r] = await runCatalog({ catalog: [catalog[0]!], subject: dying, oracle: good, seed: SEED, runs: 100, signal: abort.signal });
    expect(r!.status).not.toBe('fault');
    expect(r!.runs).toBe(9);
  });
});
