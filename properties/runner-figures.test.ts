import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/adapter.ts';
import { Mismatch } from './mismatch.ts';
import { defineProperty } from './property.ts';
import { runCatalog } from './runner.ts';

// Property.measure: figures from the passing cases of the generated run only (issue 15).
const SEED = Number(process.env.FAIRWIRE_SEED ?? 1515);
const at = (what: string) => `${what} (seed ${SEED})`;

interface Echo extends Adapter<Record<string, boolean>> {
  echo(a: number): number;
}
const good: Echo = { name: 'good', component: 'toy', capabilities: {}, echo: (a) => a };

/** Echoes a; measures the echoed value the harness saw (check returns it). */
const echoProperty = (extra: { expectedFailure?: { reason: string; spec: string } } = {}) =>
  defineProperty<Echo, number, number>({
    id: 'toy.echo.same',
    component: 'toy',
    title: 'echoes',
    requires: [],
    arbitrary: () => fc.integer({ min: 0, max: 1000 }),
    check: (s, o, a) => {
      const got = s.echo(a);
      if (got !== o.echo(a)) throw new Mismatch(`echo of ${a}`, a, got, { kind: 'value-differs', path: got % 2 === 0 ? 'even' : 'odd' });
      return got;
    },
    figures: { value: { title: 'echoed value', unit: 'units' } },
    measure: (_a, got) => ({ value: got }),
    ...extra,
  });

/** The histogram as a multiset of values. */
const valuesOf = (h: readonly (readonly [number | string, number])[]) => h.flatMap(([v, c]) => Array<number>(c).fill(Number(v)));

describe('measured figures in the runner (Property.measure)', () => {
  it('a passing property measures every case of its run once', async () => {
    const [r] = await runCatalog({ catalog: [echoProperty()], subject: good, oracle: good, seed: SEED, runs: 60 });
    expect(r!.status).toBe('passed');
    expect(r!.figures!.cases, at('cases')).toBe(60);
    expect(r!.figures!.values.value!.count).toBe(60);
  });

  it('measures only the passing cases of the generated run: not the failing ones, not shrink steps, not tries', async () => {
    // Wrong from 500 up. The generated stream is the passing run's (the search resumes after each
    // failure), so the measured values are exactly the passing run's below 500: a shrink step (a
    // passing candidate below 500) or a try measured would add values the passing run does not have.
    const wrong: Echo = { ...good, echo: (a) => (a >= 500 ? a + 1 : a) };
    const [pass] = await runCatalog({ catalog: [echoProperty()], subject: good, oracle: good, seed: SEED, runs: 80 });
    const [fail] = await runCatalog({ catalog: [echoProperty()], subject: wrong, oracle: good, seed: SEED, runs: 80 });
    expect(fail!.status).toBe('failed');
    expect(fail!.runs).toBe(80);
    const want = valuesOf(pass!.figures!.values.value!.histogram).filter((v) => v < 500);
    expect(want.length, at('some cases fail, some pass')).toBeGreaterThan(10);
    expect(want.length).toBeLessThan(80);
    expect(valuesOf(fail!.figures!.values.value!.histogram), at('measured values')).toEqual(want);
    expect(fail!.figures!.cases).toBe(want.length);
  });

  it('a measure that throws changes no verdict', async () => {
    const p = { ...echoProperty(), measure: () => { throw new Error('measure bug'); } };
    const [r] = await runCatalog({ catalog: [p], subject: good, oracle: good, seed: SEED, runs: 10 });
    expect(r!.status).toBe('passed');
    expect(r!.figures).toMatchObject({ cases: 0, errors: 10, values: {} });
    expect(r!.figures!.error).toContain('measure bug');
  });

  it('an expected failure that failed, and a property at the findings cap, carry no figures (the whole run stops them early)', async () => {
    const wrong: Echo = { ...good, echo: (a) => (a >= 500 ? a + 1 : a) };
    const [x] = await runCatalog({ catalog: [echoProperty({ expectedFailure: { reason: 'documented', spec: 'x.md' } })], subject: wrong, oracle: good, seed: SEED, runs: 40 });
    expect(x!.status).toBe('expected-failure');
    expect(x!.figures).toBeUndefined();
    // Two signatures (odd, even echoes) with a cap of 2.
    const [capped] = await runCatalog({ catalog: [echoProperty()], subject: wrong, oracle: good, seed: SEED, runs: 80, maxFindings: 2 });
    expect(1 + (capped!.findings?.length ?? 0)).toBe(2);
    expect(capped!.figures).toBeUndefined();
    const [one] = await runCatalog({ catalog: [echoProperty()], subject: wrong, oracle: good, seed: SEED, runs: 80, maxFindings: 3 });
    expect(one!.figures).toBeDefined();
  });
});

describe('each unit searches on its own', () => {
  it('the findings of a property are those of its units, deduped in unit order, whatever other units found', async () => {
    // Three bugs by range; each unit (a shard of one unit) finds what it finds alone.
    const wrong: Echo = { ...good, echo: (a) => (a >= 300 ? a + (a % 3) + 1 : a) };
    const p = defineProperty<Echo, number, number>({ ...echoProperty(), check: (s, o, a) => {
      const got = s.echo(a);
      if (got !== o.echo(a)) throw new Mismatch(`echo of ${a}`, a, got, { kind: 'value-differs', path: `r${got - a}` });
      return got;
    } });
    const whole = (await runCatalog({ catalog: [p], subject: wrong, oracle: good, seed: SEED, runs: 80, flakyTries: 1 }))[0]!;
    const units = [];
    for (let k = 1; k <= 4; k++) units.push((await runCatalog({ catalog: [p], subject: wrong, oracle: good, seed: SEED, runs: 80, flakyTries: 1, shard: { index: k, count: 4 } }))[0]!);
    const sigs = (r: typeof whole) => (r.signature ? [r.signature, ...(r.findings ?? []).map((f) => f.signature)] : []);
    const seen = new Set<string>();
    const deduped = units.flatMap((u) => [u, ...(u.findings ?? [])].filter((f) => f.signature).map((f) => ({ sig: f.signature!, data: f.counterexampleData }))).filter((f) => !seen.has(f.sig) && seen.add(f.sig));
    expect(sigs(whole), at('signatures')).toEqual(deduped.map((f) => f.sig));
    expect([whole.counterexampleData, ...(whole.findings ?? []).map((f) => f.counterexampleData)]).toEqual(deduped.map((f) => f.data));
    expect(sigs(whole).length).toBe(3);
  });
});
