import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One scenario as cucumber's own message report records it (read independently of the command's summary). */
export interface ReportedScenario {
  readonly uri: string;
  readonly line: number;
  readonly name: string;
  readonly tags: readonly string[];
  /** The worst step status cucumber recorded: PASSED, FAILED, SKIPPED, UNDEFINED, ... */
  readonly status: string;
}

export interface ScenarioReports {
  readonly html: string;
  /** cucumber.json: the classic cucumber JSON report (features with elements). */
  readonly json: { readonly name: string; readonly elements: readonly { readonly name: string }[] }[];
  readonly junit: string;
  readonly scenarios: readonly ReportedScenario[];
  readonly runSucceeded: boolean | undefined;
}

const RANK = ['UNKNOWN', 'PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];

/** Reads and parses the four reports `fairwire scenarios --report DIR` writes; throws if one is missing or malformed. */
export function readScenarioReports(dir: string): ScenarioReports {
  const html = readFileSync(join(dir, 'cucumber.html'), 'utf8');
  const json = JSON.parse(readFileSync(join(dir, 'cucumber.json'), 'utf8')) as ScenarioReports['json'];
  const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
  const { scenarios, runSucceeded } = scenariosFromMessages(readFileSync(join(dir, 'cucumber.ndjson'), 'utf8'));
  return { html, json, junit, scenarios, runSucceeded };
}

/** The scenarios and the run's verdict recorded in a cucumber message stream (NDJSON, the `message` formatter). */
export function scenariosFromMessages(ndjson: string): { scenarios: ReportedScenario[]; runSucceeded: boolean | undefined } {
  const envelopes = ndjson
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, Record<string, unknown> | undefined>);
  const pickles = new Map<string, { uri: string; line: number; name: string; tags: string[] }>();
  const caseToPickle = new Map<string, string>();
  const startedToCase = new Map<string, string>();
  const worst = new Map<string, string>();
  let runSucceeded: boolean | undefined;
  for (const e of envelopes) {
    if (e.pickle) {
      const p = e.pickle as { id: string; uri: string; name: string; location?: { line: number }; tags: { name: string }[] };
      pickles.set(p.id, { uri: p.uri, line: p.location?.line ?? 0, name: p.name, tags: p.tags.map((t) => t.name) });
    } else if (e.testCase) {
      const t = e.testCase as { id: string; pickleId: string };
      caseToPickle.set(t.id, t.pickleId);
    } else if (e.testCaseStarted) {
      const s = e.testCaseStarted as { id: string; testCaseId: string };
      startedToCase.set(s.id, s.testCaseId);
    } else if (e.testStepFinished) {
      const f = e.testStepFinished as { testCaseStartedId: string; testStepResult: { status: string } };
      const pickleId = caseToPickle.get(startedToCase.get(f.testCaseStartedId) ?? '');
      if (pickleId === undefined) continue;
      const before = worst.get(pickleId) ?? 'UNKNOWN';
      if (RANK.indexOf(f.testStepResult.status) > RANK.indexOf(before)) worst.set(pickleId, f.testStepResult.status);
    } else if (e.testRunFinished) {
      runSucceeded = (e.testRunFinished as { success: boolean }).success;
    }
  }
  const scenarios = [...caseToPickle.values()].map((id) => ({ ...pickles.get(id)!, status: worst.get(id) ?? 'UNKNOWN' }));
  return { scenarios, runSucceeded };
}
