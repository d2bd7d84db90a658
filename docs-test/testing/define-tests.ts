import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyBudget, backgroundReason } from './budget.ts';
import { classify, type Step } from './classify.ts';
import type { DocExample } from './doc-example.ts';
import { runStep, startInBackground, type StepResult } from './run-example.ts';
import { intoScratch, makeScratch } from './scratch.ts';
import { outputComplaints } from './output-checks.ts';
import { produceNamedFiles } from './produced-files.ts';
import { missingStableLines } from './shown-output.ts';

const tail = (s: string, n = 30): string => s.trimEnd().split('\n').slice(-n).join('\n');

/** The vitest name of an example: where it is written (file:line), then the command. */
export function exampleName(ex: DocExample, budget: string): string {
  const cmd = ex.command.length > 110 ? `${ex.command.slice(0, 107)}...` : ex.command;
  return `${ex.source}:${ex.line} ${cmd}${budget ? ` (budget: ${budget})` : ''}`;
}

/** One example's limit: generous, since the machine is shared (a full conform takes 7 s alone, 2 min at load 15). */
const EXAMPLE_TIMEOUT_MS = 600_000;

/** A background example's limit: the longest (the race) takes ~80 s alone. */
const BACKGROUND_TIMEOUT_MS = 240_000;

/** The doc's shown output, where there is one, against the run's (its stable lines). */
function checkShown(ex: DocExample, r: StepResult): void {
  // `varies` in the command's comment: the doc says its output is not the same every run (a race).
  if (!ex.shownOutput || /\bvar(y|ies)\b/.test(ex.comment)) return;
  const missing = missingStableLines(ex.shownOutput.lines, `${r.out}\n${r.err}`);
  expect(missing, `lines the doc shows (${ex.source}:${ex.shownOutput.line}) that the run did not print\n--- stdout ---\n${tail(r.out, 60)}`).toEqual([]);
}

/**
 * One vitest case per example, in document order. The examples of one group share a scratch
 * directory (made on the group's first example, removed after the file).
 */
export function defineExampleTests(examples: readonly DocExample[]): void {
  const scratch = new Map<string, ReturnType<typeof makeScratch>>();
  const started = new Map<DocExample, ReturnType<typeof startInBackground>>();
  const dirOf = (ex: DocExample): string => {
    let dir = scratch.get(ex.group);
    if (!dir) scratch.set(ex.group, (dir = makeScratch()));
    return dir.dir;
  };
  beforeAll(() => {
    for (const ex of examples) {
      if (!backgroundReason(ex.command) || classify(ex).kind !== 'run') continue;
      const dir = dirOf(ex);
      started.set(ex, startInBackground([...ex.preamble, ex.command].map((l) => intoScratch(l, dir)).join('\n'), dir, BACKGROUND_TIMEOUT_MS));
    }
  });
  afterAll(async () => {
    // A background example whose test did not run (a -t filter) is stopped, not waited for.
    for (const b of started.values()) b.stop();
    await Promise.allSettled([...started.values()].map((b) => b.result));
    for (const s of scratch.values()) s.remove();
  });
  // The same in-process command line documented twice (README and the vendor guide show the same
  // example runs) runs once per file, unless it writes files (an output option) or a later example
  // of its group may read what it saved (a replay, a report command, anything naming .fairwire).
  const shareable = (ex: DocExample): boolean => {
    const later = examples.filter((e) => e.group === ex.group && e.line > ex.line);
    return !later.some((e) => /\breplay\b|\breport\b|\.fairwire/.test(e.command));
  };
  const OUTPUT_OPTIONS = ['--report', '--json', '--out', '--fix', '--plot', '--templates-out', '--corpus'];
  const memo = new Map<string, Promise<StepResult>>();
  const runOnce = (step: Step, dir: string, shareable: boolean): Promise<StepResult> => {
    if (!shareable || step.kind !== 'in-process' || step.argv.some((a) => OUTPUT_OPTIONS.includes(a))) return runStep(step, dir);
    const key = JSON.stringify(step.argv);
    let r = memo.get(key);
    if (!r) memo.set(key, (r = runStep(step, dir)));
    return r;
  };
  for (const ex of examples) {
    const budget = applyBudget([...ex.preamble, ex.command].join('\n'));
    const lines = budget.command.split('\n');
    const budgeted = { preamble: lines.slice(0, -1), command: lines.at(-1)! };
    const note = budget.rules.map((r) => r.command).join(', ');
    const plan = classify(ex, budgeted);
    const name = exampleName(ex, note);
    if (plan.kind === 'skip') {
      it.skip(`${name} — not run: ${plan.reason}`, () => {});
      continue;
    }
    if (plan.kind === 'run' && plan.steps.every((s) => s.kind === 'out-of-scope')) {
      const reasons = plan.steps.map((s) => (s.kind === 'out-of-scope' ? s.reason : '')).join('; ');
      it.skip(`${name} — out of scope: ${reasons}`, () => {});
      continue;
    }
    const bg = backgroundReason(ex.command);
    if (bg && plan.kind === 'run') {
      it(`${name} (in the background: ${bg})`, { timeout: BACKGROUND_TIMEOUT_MS + 10_000 }, async () => {
        const r = await started.get(ex)!.result;
        expect(r.code, `exit code (the doc says ${ex.expectedExit})\n--- stderr (tail) ---\n${tail(r.err)}\n--- stdout (tail) ---\n${tail(r.out)}`).toBe(ex.expectedExit);
        checkShown(ex, r);
      });
      continue;
    }
    it(name, { timeout: EXAMPLE_TIMEOUT_MS }, async () => {
      if (plan.kind === 'unclassified') {
        throw new Error(`cannot classify this documented command (${plan.why}): run it (classify.ts), or list it in OUT_OF_SCOPE / SKIPPED with the reason`);
      }
      const dir = dirOf(ex);
      const local = classify(ex, { command: intoScratch(budgeted.command, dir), preamble: budgeted.preamble.map((p) => intoScratch(p, dir)) });
      if (local.kind !== 'run') throw new Error(`moving /tmp paths into the scratch directory changed how it runs: ${JSON.stringify(local)}`);
      const steps = local.steps;
      const ran = steps.filter((s) => s.kind !== 'out-of-scope');
      expect(ran.length, 'an example with nothing to run').toBeGreaterThan(0);
      await produceNamedFiles(ex.command, dir);
      let last = { code: 0, out: '', err: '' };
      for (const [i, step] of ran.entries()) {
        last = await runOnce(step, dir, shareable(ex));
        const want = i === ran.length - 1 ? ex.expectedExit : 0;
        expect(last.code, `exit code of ${JSON.stringify(step)} (the doc says ${want}${ex.comment ? `: "# ${ex.comment}"` : ''})\n--- stderr (tail) ---\n${tail(last.err)}\n--- stdout (tail) ---\n${tail(last.out)}`).toBe(want);
      }
      if (note === '') checkShown(ex, last);
      if (ex.expectedExit === 0) expect(outputComplaints(ex.command, last.out), `stdout (tail):\n${tail(last.out)}`).toEqual([]);
    });
  }
}
