import { NOT_RUN_LOG } from '../../features/support/run-control.ts';

/**
 * Folds cucumber's message stream (the envelopes runCucumber emits) into one verdict per scenario,
 * as an operator reads it: where it is (feature:line, the Examples row for an outline), its name,
 * and for a failure the step that failed and its message. Only the parts of the messages used
 * here are typed (structurally compatible with @cucumber/messages).
 */
interface Location {
  readonly line: number;
}
interface Envelope {
  readonly gherkinDocument?: { readonly uri?: string; readonly feature?: { readonly name: string } };
  readonly pickle?: {
    readonly id: string;
    readonly uri: string;
    readonly name: string;
    readonly location?: Location;
    readonly steps: readonly { readonly id: string; readonly text: string; readonly type?: string }[];
  };
  readonly hook?: { readonly id: string; readonly name?: string; readonly type?: string };
  readonly testCase?: { readonly id: string; readonly pickleId: string; readonly testSteps: readonly { readonly id: string; readonly pickleStepId?: string; readonly hookId?: string }[] };
  readonly testCaseStarted?: { readonly id: string; readonly testCaseId: string };
  readonly testStepFinished?: {
    readonly testCaseStartedId: string;
    readonly testStepId: string;
    readonly testStepResult: { readonly status: string; readonly message?: string; readonly exception?: { readonly type: string; readonly message?: string } };
  };
  readonly attachment?: { readonly testCaseStartedId?: string; readonly body: string; readonly mediaType: string };
  readonly testCaseFinished?: { readonly testCaseStartedId: string; readonly willBeRetried: boolean };
}

/**
 * passed; failed (a step failed, or was undefined, pending or ambiguous: strict); fault (a step
 * failed with an adapter fault: the implementation crashed, hung, broke the protocol or did not
 * start); skipped (a step said the adapter lacks a capability the scenario needs); not-run (the
 * run was interrupted before the scenario started).
 */
export type ScenarioStatus = 'passed' | 'failed' | 'fault' | 'skipped' | 'not-run';

export interface ScenarioResult {
  readonly uri: string;
  readonly line: number;
  readonly name: string;
  readonly status: ScenarioStatus;
  /** The step that decided a failure or a skip ("Then the matching engine ..." or "Before hook"). */
  readonly step?: string;
  readonly message?: string;
  /** What the scenario logged (e.g. why it was skipped). */
  readonly logs: readonly string[];
}

// Worst first; PASSED and UNKNOWN (not yet run) are not failures by themselves.
const FAILING = new Set(['FAILED', 'AMBIGUOUS', 'UNDEFINED', 'PENDING']);

interface Started {
  readonly testCaseId: string;
  readonly steps: { status: string; stepId: string; message?: string; exceptionType?: string }[];
  readonly logs: string[];
  finished: boolean;
}

export class ScenarioResults {
  private readonly pickles = new Map<string, NonNullable<Envelope['pickle']>>();
  private readonly hooks = new Map<string, NonNullable<Envelope['hook']>>();
  private readonly testCases = new Map<string, NonNullable<Envelope['testCase']>>();
  private readonly started = new Map<string, Started>();
  /** The last finished attempt of each test case. */
  private readonly final = new Map<string, string>();
  private readonly order: string[] = [];
  /** Called when a scenario finishes (progress). */
  onScenario: ((r: ScenarioResult, done: number) => void) | undefined;

  add(m: Envelope): void {
    if (m.pickle) this.pickles.set(m.pickle.id, m.pickle);
    else if (m.hook) this.hooks.set(m.hook.id, m.hook);
    else if (m.testCase) this.testCases.set(m.testCase.id, m.testCase);
    else if (m.testCaseStarted) this.started.set(m.testCaseStarted.id, { testCaseId: m.testCaseStarted.testCaseId, steps: [], logs: [], finished: false });
    else if (m.testStepFinished) {
      const s = this.started.get(m.testStepFinished.testCaseStartedId);
      const r = m.testStepFinished.testStepResult;
      s?.steps.push({
        status: r.status,
        stepId: m.testStepFinished.testStepId,
        ...(r.exception?.message !== undefined || r.message !== undefined ? { message: r.exception?.message ?? r.message } : {}),
        ...(r.exception ? { exceptionType: r.exception.type } : {}),
      });
    } else if (m.attachment?.testCaseStartedId !== undefined) {
      const s = this.started.get(m.attachment.testCaseStartedId);
      if (s && m.attachment.mediaType.startsWith('text/')) s.logs.push(m.attachment.body);
    } else if (m.testCaseFinished) {
      const s = this.started.get(m.testCaseFinished.testCaseStartedId);
      if (!s || m.testCaseFinished.willBeRetried) return;
      s.finished = true;
      if (!this.final.has(s.testCaseId)) this.order.push(s.testCaseId);
      this.final.set(s.testCaseId, m.testCaseFinished.testCaseStartedId);
      this.onScenario?.(this.resultOf(s.testCaseId)!, this.order.length);
    }
  }

  /** Every finished scenario, in the order they ran. */
  results(): ScenarioResult[] {
    return this.order.map((id) => this.resultOf(id)!);
  }

  private resultOf(testCaseId: string): ScenarioResult | undefined {
    const tc = this.testCases.get(testCaseId);
    const startedId = this.final.get(testCaseId);
    const s = startedId === undefined ? undefined : this.started.get(startedId);
    const pickle = tc && this.pickles.get(tc.pickleId);
    if (!tc || !s || !pickle) return undefined;
    const base = { uri: pickle.uri, line: pickle.location?.line ?? 0, name: pickle.name, logs: s.logs };
    const stepName = (stepId: string): string => {
      const ts = tc.testSteps.find((t) => t.id === stepId);
      if (ts?.pickleStepId !== undefined) {
        const ps = pickle.steps.find((p) => p.id === ts.pickleStepId);
        return ps ? ps.text : 'a step';
      }
      const hook = ts?.hookId !== undefined ? this.hooks.get(ts.hookId) : undefined;
      return hook?.name ? `hook "${hook.name}"` : hook?.type ? `${hook.type.replace(/_/g, ' ').toLowerCase()} hook` : 'a hook';
    };
    const keyword = (stepId: string): string => {
      const ts = tc.testSteps.find((t) => t.id === stepId);
      const type = pickle.steps.find((p) => p.id === ts?.pickleStepId)?.type;
      return type === 'Context' ? 'Given ' : type === 'Action' ? 'When ' : type === 'Outcome' ? 'Then ' : '';
    };
    const bad = s.steps.find((st) => FAILING.has(st.status));
    if (bad) {
      const fault = s.steps.some((st) => st.exceptionType === 'AdapterFault');
      const message =
        bad.status === 'UNDEFINED'
          ? 'no step definition matches this step (undefined)'
          : bad.status === 'AMBIGUOUS'
            ? `more than one step definition matches this step (ambiguous)${bad.message ? `\n${bad.message}` : ''}`
            : bad.status === 'PENDING'
              ? 'the step definition is pending (not written yet)'
              : (bad.message ?? 'failed');
      return { ...base, status: fault ? 'fault' : 'failed', step: `${keyword(bad.stepId)}${stepName(bad.stepId)}`, message };
    }
    if (s.steps.length > 0 && s.steps.every((st) => st.status === 'PASSED')) return { ...base, status: 'passed' };
    const skip = s.steps.find((st) => st.status === 'SKIPPED');
    if (skip && s.steps.every((st) => st.status === 'PASSED' || st.status === 'SKIPPED')) {
      if (s.logs.includes(NOT_RUN_LOG)) return { ...base, status: 'not-run' };
      return { ...base, status: 'skipped', step: `${keyword(skip.stepId)}${stepName(skip.stepId)}` };
    }
    // No steps at all, or a status cucumber did not settle (UNKNOWN): never a pass.
    return { ...base, status: 'failed', message: `the scenario did not finish normally (step statuses: ${s.steps.map((st) => st.status).join(', ') || 'none'})` };
  }
}
