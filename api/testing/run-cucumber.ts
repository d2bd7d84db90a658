import { register } from 'node:module';
import { PassThrough } from 'node:stream';
import type { Envelope } from '@cucumber/messages';
import { loadConfiguration, loadSupport, runCucumber, type IRunConfiguration, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { register as registerTsx } from 'tsx/esm/api';

let hooked = false;

/**
 * Lets cucumber's own `import()` of support files load TypeScript (tsx) and resolve `fairwire/...`
 * to the sources (source-alias-hooks.mjs), so a user-style project runs from the sources as written.
 * Once per process; the test process is a fork of its own (vitest.config.ts pool: 'forks').
 */
export function hookSources(): void {
  if (hooked) return;
  registerTsx();
  register('./source-alias-hooks.mjs', import.meta.url);
  hooked = true;
}

export interface ScenarioResult {
  /** The worst step status: PASSED, FAILED, SKIPPED, UNDEFINED, AMBIGUOUS, PENDING. */
  readonly status: string;
  /** The failing step's message. */
  readonly message: string;
}

export interface ProjectRun {
  readonly success: boolean;
  readonly scenarios: Map<string, ScenarioResult>;
  /** What the configured formatters printed (progress) and stderr. */
  readonly out: string;
}

/** A user's cucumber project: its configuration file and support code, loaded once (steps register once per process). */
export async function loadProject(cwd: string, file = 'cucumber.mjs'): Promise<{ runConfiguration: IRunConfiguration; support: ISupportCodeLibrary }> {
  hookSources();
  const { runConfiguration } = await loadConfiguration({ file }, { cwd });
  const support = await loadSupport(runConfiguration, { cwd });
  return { runConfiguration, support };
}

const RANK = ['PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];

/** Runs the project's features through the programmatic API with `worldParameters` replacing the file's. */
export async function runProject(
  cwd: string,
  project: { runConfiguration: IRunConfiguration; support: ISupportCodeLibrary },
  worldParameters?: IRunConfiguration['runtime']['worldParameters'],
): Promise<ProjectRun> {
  const out: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d: Buffer) => out.push(d));
  stderr.on('data', (d: Buffer) => out.push(d));
  const names = new Map<string, string>();
  const caseOf = new Map<string, string>();
  const startedOf = new Map<string, string>();
  const scenarios = new Map<string, ScenarioResult>();
  const onMessage = (e: Envelope) => {
    if (e.pickle) names.set(e.pickle.id, e.pickle.name);
    if (e.testCase) caseOf.set(e.testCase.id, names.get(e.testCase.pickleId) ?? e.testCase.pickleId);
    if (e.testCaseStarted) startedOf.set(e.testCaseStarted.id, caseOf.get(e.testCaseStarted.testCaseId) ?? '?');
    if (e.testStepFinished) {
      const name = startedOf.get(e.testStepFinished.testCaseStartedId) ?? '?';
      const r = e.testStepFinished.testStepResult;
      const prev = scenarios.get(name);
      if (!prev || RANK.indexOf(r.status) > RANK.indexOf(prev.status)) scenarios.set(name, { status: r.status, message: r.message ?? '' });
    }
  };
  const { runConfiguration, support } = project;
  const configuration = worldParameters ? { ...runConfiguration, runtime: { ...runConfiguration.runtime, worldParameters } } : runConfiguration;
  const previous = process.cwd();
  // Adapter specs such as './my-sequencer.mjs' are relative to the working directory, as in the user's shell.
  process.chdir(cwd);
  try {
    const { success } = await runCucumber({ ...configuration, support }, { cwd, stdout, stderr }, onMessage);
    return { success, scenarios, out: Buffer.concat(out).toString('utf8') };
  } finally {
    process.chdir(previous);
  }
}
