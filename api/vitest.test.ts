import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/adapter.ts';
import { runCli } from '../cli/commands/testing/run-cli.ts';
import { componentEntry } from '../properties/catalogs.ts';
import type { RunReport } from '../properties/report.ts';
import { FAILING_STATUSES } from '../properties/runner.ts';
import { FIXTURE_FILE, ROOT, runFixture, runUserVitest, testOf } from './testing/run-fixture.ts';
import { shellWords, splitAssignments } from './testing/shell-words.ts';
import { ConformanceUsageError, describeConformance, REPLAY_ENV } from './vitest.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 7);
const MUTANT = 'mutant:loq-no-epoch';
const RUNS = 20;
const tmp = mkdtempSync(join(tmpdir(), 'fairwire-api-vitest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Inline, as a user writes it: green against the reference, given as a spec and as a factory.
describeConformance('matching', 'reference', { runs: 10, seed: SEED });
describeConformance('loq', (component) => componentEntry(component)!.reference(), { runs: 10, seed: SEED });

// Lifetime: a subject the describe made (here by a factory) is made once and closed once, after its tests.
const lifetime = { created: 0, closed: 0 };
describeConformance(
  'sequencer',
  async (component) => {
    const a = await componentEntry(component)!.reference();
    lifetime.created++;
    return Object.assign(Object.create(a) as Adapter<object>, {
      close: async () => {
        lifetime.closed++;
        await a.close?.();
      },
    });
  },
  { runs: 5, seed: SEED },
);
describe('after that describeConformance', () => {
  it('its subject was made once and closed once', () => expect(lifetime).toEqual({ created: 1, closed: 1 }));
});

/** What `fairwire conform` prints and reports for the mutant, the same seed and runs. */
async function cliRun(): Promise<{ out: string; report: RunReport }> {
  const json = join(tmp, `cli-${Math.random().toString(36).slice(2)}.json`);
  const r = await runCli(['conform', '--component', 'loq', '--adapter', MUTANT, '--seed', String(SEED), '--runs', String(RUNS), '--no-corpus', '--quiet', '--json', json]);
  expect(r.code, r.err).toBe(1);
  return { out: r.out, report: JSON.parse(readFileSync(json, 'utf8')) as RunReport };
}

/** `ConformanceFailure: <text>` -> the text. */
const textOf = (message: string) => message.replace(/^ConformanceFailure: /, '');
const replayLines = (text: string) => text.split('\n').filter((l) => l.startsWith('replay: ')).map((l) => l.slice('replay: '.length));

describe(`describeConformance in a user's vitest file (seed ${SEED})`, () => {
  it('fails exactly the properties the CLI fails, with the text the CLI prints, and its replay line reproduces through the CLI', async () => {
    const cli = await cliRun();
    const run = await runFixture([{ component: 'loq', adapter: MUTANT, options: { runs: RUNS, seed: SEED } }]);
    expect(run.code, run.out).not.toBe(0);
    const failed = cli.report.results.filter((r) => FAILING_STATUSES.has(r.status));
    expect(failed.length, `the mutant must be caught at seed ${SEED}`).toBeGreaterThan(0);
    for (const r of cli.report.results) {
      const t = testOf(run, 'loq conformance', r.id);
      expect(t.status, `${r.id} is ${r.status} in the CLI`).toBe(FAILING_STATUSES.has(r.status) ? 'failed' : 'passed');
      // The same counterexamples (same per-property seeds), explanations and replay lines.
      if (t.status === 'failed') expect(cli.out).toContain(textOf(t.message));
    }
    const first = testOf(run, 'loq conformance', failed[0]!.id);
    const [line] = replayLines(textOf(first.message));
    expect(line).toMatch(/^npx fairwire conform --component loq --adapter mutant:loq-no-epoch --seed -?\d+ --property \S+ --replay[= ]/);
    const argv = shellWords(line!);
    expect(argv.slice(0, 2)).toEqual(['npx', 'fairwire']);
    const replayed = await runCli([...argv.slice(2), '--no-corpus', '--quiet']);
    expect(replayed.code, replayed.err).toBe(1);
    expect(replayed.out).toContain(`signature: ${failed[0]!.signature}`);
  });

  it('an adapter object replays its failure in vitest: FAIRWIRE_REPLAY and -t, as printed', async () => {
    const run = await runFixture([{ component: 'loq', adapter: `object:${MUTANT}`, options: { runs: RUNS, seed: SEED } }]);
    const failed = run.tests.filter((t) => t.status === 'failed');
    expect(failed.length, run.out).toBeGreaterThan(0);
    const id = failed[0]!.name.split(': ')[0]!;
    const text = textOf(failed[0]!.message);
    const signature = /^signature: (.*)$/m.exec(text)?.[1];
    const [line] = replayLines(text);
    expect(line).toMatch(new RegExp(`^${REPLAY_ENV}=\\S+ npx vitest run ${FIXTURE_FILE} -t \\S+$`));
    const { env, rest: argv } = splitAssignments(shellWords(line!));
    expect(argv.slice(0, 4)).toEqual(['npx', 'vitest', 'run', FIXTURE_FILE]);
    const again = await runFixture([{ component: 'loq', adapter: `object:${MUTANT}`, options: { runs: RUNS, seed: SEED } }], { env, args: argv.slice(4) });
    const ran = again.tests.filter((t) => t.status !== 'skipped');
    expect(ran.map((t) => t.name.split(': ')[0]), again.out).toEqual([id]);
    expect(ran[0]!.status).toBe('failed');
    expect(textOf(ran[0]!.message)).toContain(`signature: ${signature}`);
    // Exactly the one case, never shrunk further: the same counterexample line.
    const counterexample = (t: string) => /^counterexample: .*$/m.exec(t)?.[0];
    expect(counterexample(textOf(ran[0]!.message))).toBe(counterexample(text));
  });

  it('known failures pass, other signatures fail; every property skipped is not a pass; an adapter that does not start fails every property', async () => {
    const cli = await cliRun();
    const [known, other] = cli.report.results.filter((r) => r.status === 'failed');
    expect(other, 'the mutant fails at least two properties').toBeDefined();
    const passing = cli.report.results.find((r) => r.status === 'passed');
    expect(passing, 'the mutant passes at least one property').toBeDefined();
    const file = join(tmp, 'expect.json');
    writeFileSync(
      file,
      JSON.stringify({
        vendor: MUTANT,
        failures: [
          { property: known!.id, signature: known!.signature, reason: 'known' },
          { property: other!.id, signature: 'value-differs at somewhere.else', reason: 'another bug' },
          { property: passing!.id, signature: 'value-differs at x', reason: 'fixed since' },
          { property: 'loq.no.such-property', signature: 'value-differs at x', reason: 'renamed since' },
        ],
      }),
    );
    const run = await runFixture([
      { component: 'loq', adapter: MUTANT, options: { runs: RUNS, seed: SEED, expectations: file } },
      { component: 'loq', adapter: 'nocaps:reference', options: { runs: 5, seed: SEED } },
      { component: 'sequencer', adapter: 'cmd:/nonexistent/fairwire-vendor', options: { runs: 5, seed: SEED } },
      { component: 'sequencer', adapter: `cmd:python3 ${join(ROOT, 'adapters/examples/python/sequencer.py')}`, options: { runs: 10, seed: SEED } },
    ]);
    expect(run.code).not.toBe(0);
    expect(testOf(run, 'loq conformance: mutant', known!.id).status).toBe('passed');
    const o = testOf(run, 'loq conformance: mutant', other!.id);
    expect(o.status).toBe('failed');
    expect(o.message).toContain(`unexpected failure: listed for signature 'value-differs at somewhere.else', failed with '${other!.signature}'`);
    const p = testOf(run, 'loq conformance: mutant', passing!.id);
    expect(p.status).toBe('failed');
    expect(p.message).toContain(`${passing!.id}: unexpected pass: listed (value-differs at x) but passed`);
    expect(run.out).toContain(`${file}: stale entries, no such property: loq.no.such-property`);

    const skipped = run.tests.filter((t) => t.describe.startsWith('loq conformance: reference'));
    expect(skipped.length).toBe(componentEntry('loq')!.catalog.length);
    expect(skipped.every((t) => t.status === 'skipped')).toBe(true);
    expect(run.out).toContain('not a pass: every property of the loq catalog that ran was skipped, so nothing was checked (subject lacks capabilities:');

    // A real vendor process (the Python example, Jasper only): green, the rest skipped with reasons.
    const vendor = run.tests.filter((t) => t.describe.startsWith('sequencer conformance: cmd:python3'));
    expect(vendor.map((t) => `${t.name.split(': ')[0]} ${t.status}`)).toEqual([
      'sequencer.safety.sorted-exactly-once passed',
      'sequencer.liveness.bounded-release passed',
      'sequencer.tree.equals-flat skipped',
      'sequencer.cloudex.fair-within-timeout skipped',
      'sequencer.cloudex.unfair-beyond-timeout skipped',
    ]);

    const dead = run.tests.filter((t) => t.describe.startsWith('sequencer conformance: cmd:/nonexistent'));
    expect(dead.length).toBe(componentEntry('sequencer')!.catalog.length);
    for (const t of dead) {
      expect(t.status).toBe('failed');
      expect(t.message).toContain('ConformanceStartError: the sequencer adapter (cmd:/nonexistent/fairwire-vendor) did not start: AdapterFault');
    }
  });

  it('bad calls are typed errors before any test is declared', () => {
    expect(() => describeConformance('nope', 'reference')).toThrow(ConformanceUsageError);
    expect(() => describeConformance('nope', 'reference')).toThrow(/unknown component 'nope' \(known: .*loq/);
    expect(() => describeConformance('loq', 'reference', { properties: ['loq.pop.ordr'] })).toThrow(/'loq.pop.ordr' matches no property of loq; close ids: loq.pop.order/);
    const saved = { seed: process.env.FAIRWIRE_SEED, replay: process.env[REPLAY_ENV] };
    try {
      process.env.FAIRWIRE_SEED = 'x1';
      expect(() => describeConformance('loq', 'reference')).toThrow(/FAIRWIRE_SEED must be an integer/);
      if (saved.seed === undefined) delete process.env.FAIRWIRE_SEED;
      else process.env.FAIRWIRE_SEED = saved.seed;
      process.env[REPLAY_ENV] = 'loq.pop.order';
      expect(() => describeConformance('loq', 'reference')).toThrow(/FAIRWIRE_REPLAY wants <property id>@<seed>:<path>/);
    } finally {
      if (saved.seed === undefined) delete process.env.FAIRWIRE_SEED;
      else process.env.FAIRWIRE_SEED = saved.seed;
      if (saved.replay === undefined) delete process.env[REPLAY_ENV];
      else process.env[REPLAY_ENV] = saved.replay;
    }
  });

  it('the README example (api/examples/sequencer.spec.mjs) runs green as written, from its own folder', async () => {
    const dir = join(tmp, 'example');
    cpSync(join(ROOT, 'api/examples'), dir, { recursive: true });
    const run = await runUserVitest(dir);
    expect(run.code, run.out).toBe(0);
    const seq = run.tests.filter((t) => t.describe.startsWith('sequencer conformance: ./my-sequencer.mjs'));
    expect(seq.map((t) => `${t.name.split(': ')[0]} ${t.status}`)).toEqual([
      'sequencer.safety.sorted-exactly-once passed',
      'sequencer.liveness.bounded-release passed',
      'sequencer.tree.equals-flat skipped',
      'sequencer.cloudex.fair-within-timeout skipped',
      'sequencer.cloudex.unfair-beyond-timeout skipped',
    ]);
    const loq = run.tests.filter((t) => t.describe.startsWith('loq conformance: reference'));
    expect(loq.length).toBe(componentEntry('loq')!.catalog.length);
    expect(loq.every((t) => t.status === 'passed')).toBe(true);
  });

  it('a bug planted in the example adapter fails its property, and the replay line (adapterSpec) reproduces it through the CLI from that folder', async () => {
    const dir = join(tmp, 'planted');
    cpSync(join(ROOT, 'api/examples'), dir, { recursive: true });
    const file = join(dir, 'my-sequencer.mjs');
    const source = readFileSync(file, 'utf8');
    const planted = source.replace('a.participant < b.participant', 'a.participant > b.participant');
    expect(planted).not.toBe(source);
    writeFileSync(file, planted);
    const run = await runUserVitest(dir);
    expect(run.code).not.toBe(0);
    const t = testOf(run, 'sequencer conformance', 'sequencer.safety.sorted-exactly-once');
    expect(t.status, run.out).toBe('failed');
    const text = textOf(t.message);
    const [line] = replayLines(text);
    expect(line).toMatch(/^npx fairwire conform --component sequencer --adapter \.\/my-sequencer\.mjs --seed -?\d+ --property sequencer\.safety\.sorted-exactly-once --replay[= ]/);
    const previous = process.cwd();
    process.chdir(dir);
    try {
      const replayed = await runCli([...shellWords(line!).slice(2), '--no-corpus', '--quiet']);
      expect(replayed.code, replayed.err).toBe(1);
      expect(replayed.out).toContain(/^signature: .*$/m.exec(text)![0]);
      expect(replayed.out).toContain(/^counterexample: .*$/m.exec(text)![0]);
    } finally {
      process.chdir(previous);
    }
  });
});
