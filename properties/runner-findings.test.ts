import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Adapter, CaseObservation } from '../adapters/adapter.ts';
import { AdapterFault } from '../adapters/fault.ts';
import { fromTaggedJson } from '../spec/tagged-json.ts';
import { FAULT_SHRINK_STEPS } from './case-predicate.ts';
import { Mismatch } from './mismatch.ts';
import { defineProperty, type Property } from './property.ts';
import { exitCodeOf, runCatalog, type PropertyResult } from './runner.ts';

// Faults as shrinkable findings, flaky subjects, every distinct bug, explanations (issue 12).
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const at = (what: string) => `${what} (seed ${SEED})`;

interface Calc extends Adapter<Record<string, boolean>> {
  calc(a: number, b: number): { sum: number; product: number } | Promise<{ sum: number; product: number }>;
}
const exact = (a: number, b: number) => ({ sum: a + b, product: a * b });
const good: Calc = { name: 'good', component: 'toy', capabilities: {}, calc: exact };

/** Compares sum, then product: the first field that differs is the signature. */
const calcProperty = (extra: Partial<Property<Calc, [number, number]>> = {}) =>
  defineProperty<Calc, [number, number]>({
    id: 'toy.calc.equivalence',
    component: 'toy',
    title: 'calculates like the oracle',
    requires: [],
    arbitrary: () => fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 })),
    check: async (s, o, [a, b]) => {
      const got = await s.calc(a, b);
      const want = await o.calc(a, b);
      for (const k of ['sum', 'product'] as const) {
        if (got[k] !== want[k]) throw new Mismatch(`${k} of ${a} and ${b}`, want[k], got[k], { kind: 'value-differs', path: k });
      }
    },
    ...extra,
  });

/** Replays a printed replay line through the runner, as `conform --replay` does. */
async function replayLine(line: string, subject: Calc, p: Property<Calc, any>): Promise<PropertyResult> {
  const m = /--replay[ =](-?\d+):([\d:]*)(?: --flaky-tries (\d+))?$/.exec(line);
  expect(m, line).not.toBeNull();
  const [r] = await runCatalog({ catalog: [p], subject, oracle: good, seed: 0, replay: { seed: Number(m![1]), path: m![2]! }, ...(m![3] ? { flakyTries: Number(m![3]) } : {}) });
  return r!;
}

describe('every distinct bug (issue 12, point 8)', () => {
  // Bug A: the sum is off from a = 300 up; bug B: the product is off from b = 700 up.
  const twoBugs: Calc = { ...good, name: 'two-bugs', calc: (a, b) => ({ sum: a >= 300 ? a + b + 1 : a + b, product: b >= 700 ? a * b + 1 : a * b }) };

  it('reports each signature once, each shrunk to its own bug, each replay line reproducing its own signature', async () => {
    const p = calcProperty();
    const [r] = await runCatalog({ catalog: [p], subject: twoBugs, oracle: good, seed: SEED, replayCommand: 'fw' });
    expect(r!.status, at('status')).toBe('failed');
    const all = [r!, ...(r!.findings ?? [])];
    expect(all.map((f) => f.signature).sort(), at('signatures')).toEqual(['value-differs at product', 'value-differs at sum']);
    for (const f of all) {
      const [a, b] = fromTaggedJson(f.counterexampleData!) as [number, number];
      // Shrunk to the bug's own boundary, the other operand to 0.
      expect([a, b], at(f.signature!)).toEqual(f.signature === 'value-differs at sum' ? [300, 0] : [0, 700]);
      expect(f.tries).toEqual({ failed: 3, of: 3 });
      const again = await replayLine(f.replay!, twoBugs, p);
      expect(again.status).toBe('failed');
      expect(again.signature, at(`replay of ${f.signature}`)).toBe(f.signature);
      expect(again.counterexampleData).toBe(f.counterexampleData);
      expect(again.findings).toBeUndefined();
    }
    expect(r!.runs).toBe(r!.runsAsked); // the search used the property's remaining runs
    expect(exitCodeOf([r!])).toBe(1);
  });

  it('a fault among the findings makes the run exit 3, whichever finding came first', async () => {
    const wrongAndCrashing: Calc = {
      ...good,
      calc: (a, b) => {
        if (b >= 700) throw new AdapterFault('vendor exited with signal SIGSEGV', undefined, undefined, 'crash');
        return { sum: a >= 300 ? a + b + 1 : a + b, product: a * b };
      },
      restart: async () => {},
    };
    const [r] = await runCatalog({ catalog: [calcProperty()], subject: wrongAndCrashing, oracle: good, seed: SEED });
    const all = [r!, ...(r!.findings ?? [])];
    expect(all.map((f) => `${f.status} ${f.signature}`).sort(), at('findings')).toEqual(['failed value-differs at sum', 'fault adapter-fault:crash']);
    expect(exitCodeOf([r!])).toBe(3);
  });

  it('a replayed case that holds now passes, and replay never shrinks into another bug', async () => {
    const p = calcProperty();
    const [r] = await runCatalog({ catalog: [p], subject: twoBugs, oracle: good, seed: SEED, replayCommand: 'fw' });
    const product = [r!, ...(r!.findings ?? [])].find((f) => f.signature === 'value-differs at product')!;
    // A subject with bug A only: the product case holds, even though shrinking it could reach bug A.
    const onlyA: Calc = { ...good, calc: (a, b) => ({ sum: a >= 300 ? a + b + 1 : a + b, product: a * b }) };
    const again = await replayLine(product.replay!, onlyA, p);
    expect(again.status).toBe('passed');
    expect(again.runs).toBe(1);
  });

  it('stops at the findings cap, and an expected failure needs only its first finding', async () => {
    // Every sum is off by a different amount: a new signature per distinct a.
    const many: Calc = { ...good, calc: (a, b) => ({ sum: a + b + 1, product: a * b }) };
    const manySignatures = calcProperty({
      check: async (s, o, [a, b]) => {
        if ((await s.calc(a, b)).sum !== (await o.calc(a, b)).sum) throw new Mismatch('sum', 0, 1, { kind: 'value-differs', path: `sum-${a % 7}` });
      },
    });
    const [capped] = await runCatalog({ catalog: [manySignatures], subject: many, oracle: good, seed: SEED, maxFindings: 3 });
    expect(1 + (capped!.findings?.length ?? 0)).toBe(3);
    const expected = calcProperty({ expectedFailure: { reason: 'documented', spec: 'x.md' } });
    const [x] = await runCatalog({ catalog: [expected], subject: twoBugs, oracle: good, seed: SEED });
    expect(x!.status).toBe('expected-failure');
    expect(x!.findings).toBeUndefined();
    expect(x!.tries).toBeUndefined();
  });
});

describe('flaky subjects (issue 12, point 5)', () => {
  /** Wrong on every 2nd call: the same case fails on some tries and passes on others. */
  const flaky = (): Calc => {
    let calls = 0;
    return { ...good, name: 'flaky', calc: (a, b) => (++calls % 2 === 0 ? { sum: a + b + 1, product: a * b } : exact(a, b)) };
  };

  it('reports flaky (n/3), neither passed nor failed, with a replay line that tries 3 times', async () => {
    const p = calcProperty();
    const [r] = await runCatalog({ catalog: [p], subject: flaky(), oracle: good, seed: SEED, replayCommand: 'fw' });
    expect(r!.status, at('status')).toBe('flaky');
    expect(r!.tries!.of).toBe(3);
    expect(r!.tries!.failed).toBeGreaterThan(0);
    expect(r!.tries!.failed).toBeLessThan(3);
    expect(r!.message).toContain(`failed on ${r!.tries!.failed} of 3 tries`);
    expect(r!.replay).toMatch(/--flaky-tries 3$/);
    expect(exitCodeOf([r!])).toBe(1);
    const again = await replayLine(r!.replay!, flaky(), p);
    expect(again.status).toBe('flaky');
    expect(again.tries?.of).toBe(3);
  });

  it('shrinks only through steps that fail on every try: a flaky region does not capture the counterexample', async () => {
    // The sum is wrong from a = 800 on every call, and from a = 300 on every 2nd call only.
    let calls = 0;
    const partly: Calc = {
      ...good,
      calc: (a, b) => {
        calls++;
        return a >= 800 || (a >= 300 && calls % 2 === 0) ? { sum: a + b + 1, product: a * b } : exact(a, b);
      },
    };
    const [r] = await runCatalog({ catalog: [calcProperty()], subject: partly, oracle: good, seed: SEED, replayCommand: 'fw' });
    expect(r!.status, at('status')).toBe('failed');
    expect(fromTaggedJson(r!.counterexampleData!), at('counterexample')).toEqual([800, 0]);
    expect(r!.tries).toEqual({ failed: 3, of: 3 });
  });

  it('--flaky-tries 1 tries once: no re-tries', async () => {
    let calls = 0;
    const [r] = await runCatalog({
      catalog: [calcProperty()],
      subject: { ...good, calc: (a, b) => (calls++, a >= 500 ? { sum: 0, product: 0 } : exact(a, b)) },
      oracle: good,
      seed: SEED,
      flakyTries: 1,
      replayCommand: 'fw',
    });
    expect(r!.status).toBe('failed');
    expect(r!.tries).toEqual({ failed: 1, of: 1 });
    expect(r!.replay).toMatch(/--flaky-tries 1$/);
  });

  it('a deterministic failure is tried 3 times on the final counterexample only', async () => {
    let restarts = 0;
    let calls = 0;
    const wrong: Calc = { ...good, calc: (a, b) => (calls++, a >= 500 ? { sum: 0, product: 0 } : exact(a, b)), restart: async () => void restarts++ };
    const [r] = await runCatalog({ catalog: [calcProperty()], subject: wrong, oracle: good, seed: SEED, runs: 100 });
    expect(r!.status).toBe('failed');
    expect(r!.tries).toEqual({ failed: 3, of: 3 });
    // One fresh subject per try, none while shrinking. Each unit searches on its own and finds
    // the bug again, but a signature an earlier unit found is neither shrunk nor tried again.
    expect(restarts).toBe(3);
    expect(r!.findings).toBeUndefined();
  });
});

describe('faults are shrinkable findings (issue 12, point 3)', () => {
  /** Crashes on a >= 500; once crashed it stays dead until restarted, like a process. */
  const crashing = () => {
    const log = { restarts: 0, beginCases: 0, case: [] as unknown[], dead: false };
    const subject: Calc = {
      ...good,
      name: 'crashing',
      calc: (a, b) => {
        log.case.push({ op: 'calc', a, b });
        if (log.dead) throw new AdapterFault('vendor is not running', { op: 'calc', a, b }, '', 'crash');
        if (a >= 500) {
          log.dead = true;
          throw new AdapterFault('vendor exited with signal SIGSEGV', { op: 'calc', a, b }, `segfault on ${a}`, 'crash');
        }
        return exact(a, b);
      },
      restart: async () => {
        log.restarts++;
        log.dead = false;
      },
      beginCase: () => {
        log.beginCases++;
        log.case = [];
      },
      observe: (): CaseObservation => ({ requests: [...log.case], stderrTail: 'segfault tail' }),
    };
    return { subject, log };
  };

  it('shrinks a crash to the smallest crashing input, restarting the subject after each fault and before each try', async () => {
    const { subject, log } = crashing();
    const [r] = await runCatalog({ catalog: [calcProperty()], subject, oracle: good, seed: SEED, replayCommand: 'fw' });
    expect(r!.status, at('status')).toBe('fault');
    expect(r!.signature).toBe('adapter-fault:crash');
    expect(fromTaggedJson(r!.counterexampleData!), at('shrunk')).toEqual([500, 0]);
    expect(r!.requests).toEqual([{ op: 'calc', a: 500, b: 0 }]);
    expect(r!.stderrTail).toBe('segfault tail');
    expect(r!.tries).toEqual({ failed: 3, of: 3 });
    expect(r!.replay).toMatch(/^fw --property toy\.calc\.equivalence --replay[ =]-?\d+:[\d:]+$/);
    expect(log.restarts).toBeGreaterThan(3);
    expect(log.beginCases).toBeGreaterThan(100);
    expect(exitCodeOf([r!])).toBe(3);
    // The replay line reproduces the fault.
    const again = await replayLine(r!.replay!, crashing().subject, calcProperty());
    expect(again.status).toBe('fault');
    expect(fromTaggedJson(again.counterexampleData!)).toEqual([500, 0]);
  });

  it('a fault that depends on earlier cases (a request count) stays a fault, shown with the requests of the case that faulted', async () => {
    let sinceStart = 0;
    let caseLog: unknown[] = [];
    const countCrash: Calc = {
      ...good,
      calc: (a, b) => {
        caseLog.push({ op: 'calc', a, b });
        if (++sinceStart === 5) throw new AdapterFault('vendor exited with status 70', undefined, 'out of memory', 'crash');
        return exact(a, b);
      },
      restart: async () => void (sinceStart = 0),
      beginCase: () => void (caseLog = []),
      observe: () => ({ requests: [...caseLog] }),
    };
    const [r] = await runCatalog({ catalog: [calcProperty()], subject: countCrash, oracle: good, seed: SEED });
    expect(r!.status).toBe('fault');
    expect(r!.tries).toEqual({ failed: 0, of: 3 });
    expect(r!.message).toContain('the fault reproduced on 0 of 3 tries');
    const [a, b] = fromTaggedJson(r!.counterexampleData!) as [number, number];
    expect(r!.requests).toEqual([{ op: 'calc', a, b }]);
    expect(exitCodeOf([r!])).toBe(3);
  });

  it('caps the faulting shrink steps and reports the smallest case found so far', async () => {
    let faults = 0;
    const alwaysHangs: Calc = {
      ...good,
      calc: () => {
        faults++;
        throw new AdapterFault('no reply within 10 ms', undefined, undefined, 'hang');
      },
      restart: async () => {},
    };
    // Every case faults and each of the 200 elements shrinks on its own: far more than the cap.
    const wide = defineProperty<Calc, number[]>({
      id: 'toy.calc.wide',
      component: 'toy',
      title: 'wide',
      requires: [],
      arbitrary: () => fc.array(fc.integer({ min: 1_000, max: 1_000_000 }), { minLength: 200, maxLength: 200 }),
      check: async (s) => void (await s.calc(0, 0)),
    });
    const [r] = await runCatalog({ catalog: [wide], subject: alwaysHangs, oracle: good, seed: SEED, runs: 1 });
    expect(r!.status).toBe('fault');
    expect(r!.signature).toBe('adapter-fault:hang');
    // The first fault, FAULT_SHRINK_STEPS shrink steps, then the 3 tries of the case reported.
    expect(faults).toBe(1 + FAULT_SHRINK_STEPS + 3);
    expect((fromTaggedJson(r!.counterexampleData!) as number[]).some((x) => x > 1_000)).toBe(true);
  });

  it('a fault of the oracle is a failure naming the reference, never the subject\'s fault', async () => {
    let restarts = 0;
    const subject: Calc = { ...good, restart: async () => void restarts++ };
    const brokenOracle: Calc = {
      ...good,
      calc: (a, b) => {
        if (a >= 500) throw new AdapterFault('reference crashed', undefined, undefined, 'crash');
        return exact(a, b);
      },
    };
    const [r] = await runCatalog({ catalog: [calcProperty()], subject, oracle: brokenOracle, seed: SEED });
    expect(r!.status).toBe('failed');
    expect(r!.signature).toBe('oracle-fault');
    expect(r!.message).toContain('the reference (oracle) faulted');
    expect(exitCodeOf([r!])).toBe(1);
    expect(restarts).toBe(0); // the oracle's fault restarts nothing, and is not re-tried
    expect(r!.tries).toBeUndefined();
  });

  it('guards what the oracle returns too (an instance whose methods fault)', async () => {
    interface Maker extends Adapter<Record<string, boolean>> {
      make(): { run(x: number): number };
    }
    const subject: Maker = { name: 's', component: 'toy', capabilities: {}, make: () => ({ run: (x) => x }) };
    class Broken {
      #limit = 10;
      run(x: number): number {
        if (x >= this.#limit) throw new AdapterFault('instance died', undefined, undefined, 'crash');
        return x;
      }
    }
    const oracle: Maker = { ...subject, make: () => new Broken() };
    const p = defineProperty<Maker, number>({
      id: 'toy.make.run',
      component: 'toy',
      title: 'runs',
      requires: [],
      arbitrary: () => fc.integer({ min: 0, max: 100 }),
      check: (s, o, x) => {
        if (s.make().run(x) !== o.make().run(x)) throw new Mismatch('run', 0, 1);
      },
    });
    const [r] = await runCatalog({ catalog: [p], subject, oracle, seed: SEED });
    expect(r!.status).toBe('failed');
    expect(r!.signature).toBe('oracle-fault');
    expect(fromTaggedJson(r!.counterexampleData!)).toBe(10);
  });
});

describe('explanations (issue 12, point 6, runner side)', () => {
  it('sets the explanation of the result and of each finding, from the shrunk input and the error', async () => {
    const twoBugs: Calc = { ...good, calc: (a, b) => ({ sum: a >= 300 ? a + b + 1 : a + b, product: b >= 700 ? a * b + 1 : a * b }) };
    const p = calcProperty({
      explain: ([a, b], err) => ({ summary: `${(err as Mismatch).path} is wrong for ${a} and ${b}` }),
    });
    const [r] = await runCatalog({ catalog: [p], subject: twoBugs, oracle: good, seed: SEED });
    const summaries = [r!, ...(r!.findings ?? [])].map((f) => f.explanation?.summary).sort();
    expect(summaries).toEqual(['product is wrong for 0 and 700', 'sum is wrong for 300 and 0']);
  });

  it('an explainer that throws changes no verdict: the message says so', async () => {
    const p = calcProperty({
      explain: () => {
        throw new RangeError('explainer bug');
      },
    });
    const wrong: Calc = { ...good, calc: (a, b) => (a >= 500 ? { sum: 0, product: 0 } : exact(a, b)) };
    const [r] = await runCatalog({ catalog: [p], subject: wrong, oracle: good, seed: SEED });
    expect(r!.status).toBe('failed');
    expect(r!.signature).toBe('value-differs at sum');
    expect(r!.explanation).toBeUndefined();
    expect(r!.message).toContain('the explainer threw RangeError: explainer bug');
  });
});
