import { PassThrough } from 'node:stream';
import type { Envelope } from '@cucumber/messages';
import { loadConfiguration, loadSupport, runCucumber, type IRunConfiguration, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { register as registerTsx } from 'tsx/esm/api';

/**
 * Runs fairwire's own feature files in-process through cucumber's programmatic API: the support
 * code (World, parameter types, steps) is loaded once (through tsx, as operators load it), then
 * each run names its feature files and the adapter under test (world parameters, as
 * `fairwire scenarios` passes them). One process for every run keeps the kill test cheap.
 */
export interface ScenarioOutcome {
  /** "<file>:<line> <scenario name>", the line of the scenario or of its Examples row. */
  readonly where: string;
  readonly name: string;
  /** The worst step status: PASSED, SKIPPED, PENDING, UNDEFINED, AMBIGUOUS, FAILED. */
  readonly status: string;
  /** The failing step's message (what an operator reads). */
  readonly message: string;
}

export interface FeaturesRun {
  readonly success: boolean;
  readonly scenarios: readonly ScenarioOutcome[];
  /** Progress output and errors, for assertion messages. */
  readonly out: string;
}

export interface FeaturesProject {
  /** `adapter`: one spec for every component, or one per component (the rest: reference). */
  run(paths: readonly string[], adapter: string | Readonly<Record<string, string>>): Promise<FeaturesRun>;
}

const RANK = ['PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];
let hooked = false;

export async function loadFeatures(root: string): Promise<FeaturesProject> {
  if (!hooked) {
    registerTsx();
    hooked = true;
  }
  const { runConfiguration } = await loadConfiguration(
    { provided: { paths: [], import: ['features/support/**/*.ts', 'features/steps/**/*.ts'], format: [], strict: true } },
    { cwd: root },
  );
  const support: ISupportCodeLibrary = await loadSupport(runConfiguration, { cwd: root });
  return { run: (paths, adapter) => runFeatures(root, runConfiguration, support, paths, adapter) };
}

async function runFeatures(
  root: string,
  config: IRunConfiguration,
  support: ISupportCodeLibrary,
  paths: readonly string[],
  adapter: string | Readonly<Record<string, string>>,
): Promise<FeaturesRun> {
  const out: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d: Buffer) => out.push(d));
  stderr.on('data', (d: Buffer) => out.push(d));
  const pickles = new Map<string, { name: string; where: string }>();
  const lineOf = new Map<string, number>();
  const caseOf = new Map<string, string>();
  const startedOf = new Map<string, string>();
  const worst = new Map<string, { status: string; message: string }>();
  const onMessage = (e: Envelope) => {
    if (e.gherkinDocument?.feature) {
      // Scenario and Examples-row ids to their lines, so an outline row is named by its own line.
      for (const child of e.gherkinDocument.feature.children) {
        const sc = child.scenario;
        if (!sc) continue;
        lineOf.set(sc.id, sc.location.line);
        for (const ex of sc.examples) for (const row of ex.tableBody) lineOf.set(row.id, row.location.line);
      }
    }
    if (e.pickle) {
      const line = lineOf.get(e.pickle.astNodeIds.at(-1) ?? '') ?? 0;
      pickles.set(e.pickle.id, { name: e.pickle.name, where: `${e.pickle.uri.replace(/^.*\//, '')}:${line}` });
    }
    if (e.testCase) caseOf.set(e.testCase.id, e.testCase.pickleId);
    if (e.testCaseStarted) startedOf.set(e.testCaseStarted.id, caseOf.get(e.testCaseStarted.testCaseId) ?? '?');
    if (e.testStepFinished) {
      const pickle = startedOf.get(e.testStepFinished.testCaseStartedId) ?? '?';
      const r = e.testStepFinished.testStepResult;
      const prev = worst.get(pickle);
      if (!prev || RANK.indexOf(r.status) > RANK.indexOf(prev.status)) worst.set(pickle, { status: r.status, message: r.message ?? '' });
    }
  };
  const configuration: IRunConfiguration = {
    ...config,
    sources: { ...config.sources, paths: [...paths] },
    formats: { ...config.formats, stdout: 'progress' },
    runtime: { ...config.runtime, worldParameters: { fairwire: typeof adapter === 'string' ? { adapter } : { adapters: adapter } } },
  };
  const { success } = await runCucumber({ ...configuration, support }, { cwd: root, stdout, stderr, env: {} }, onMessage);
  const scenarios = [...pickles].map(([id, p]) => ({ ...p, ...(worst.get(id) ?? { status: 'NOT-RUN', message: '' }) }));
  return { success, scenarios, out: Buffer.concat(out).toString('utf8') };
}
