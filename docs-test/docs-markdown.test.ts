/**
 * Documentation tests (issue 15), part 1: every command the Markdown docs show is run.
 *
 * Which docs: README.md (```sh blocks and every `npx fairwire ...` code span, its table included),
 * adapters/examples/README.md, features/README.md, bench/README.md and spec/**\/*.md (their ```sh /
 * ```bash blocks; prose spans there are fragments of commands shown in full). Not run: ```yaml
 * blocks (the README's CI recipe: its `${{ matrix.shard }}` lines are the README's shard and report
 * commands with a CI variable in them) and other languages' code. docs-help.test.ts does the same
 * for every command's --help "Examples".
 *
 * How each runs (docs-test/testing/classify.ts): `npx fairwire ...` in process (cli/commands/
 * testing/run-cli.ts) with the cwd switched to a scratch directory (a `$B` that a line of the
 * block set, `B="npx fairwire ..."`, is expanded first); a line with a pipe, redirection, other
 * variable or environment assignment through `bash -c` there, `npx fairwire` being this
 * repo's bin/fairwire.js; `npx cucumber-js`, printf, xxd, python3 through bash too. Meta commands
 * (npm install, npm test, benchmarks) are out of scope, each with its reason in OUT_OF_SCOPE; any
 * other command fails the test until it is classified, so the list cannot silently rot.
 *
 * Scratch directories (testing/scratch.ts): each fenced block (or table row, or help text) gets a
 * temporary directory with the repo's inputs linked in (adapters/, corpora/, spec/, ...) and the
 * user's files the docs name (t.xml, vendor.json, ./vendor-decoder, ...: testing/placeholders.ts);
 * files a user has from an earlier run (the reports `report diff` reads, the README's capture) are
 * made by that run first (testing/produced-files.ts); outputs land there, `/tmp/...` paths are moved into it, and it is removed afterwards: nothing is
 * written into the repo.
 *
 * Expected exit code: 0, unless the line's trailing comment says `exit N` (e.g. `# a fault: exit 3`).
 * Shown output: when a one-command block is followed by an unlabelled fence, that fence is its
 * output, and its stable lines (conform's table header, each property's id and status, the
 * summary's counts: testing/shown-output.ts) must all appear in the run's output, unless the
 * comment says the output varies (`# exit 1 (the tries that fail vary: a race)`). An example that
 * exits 0 must also show what it is for (testing/output-checks.ts: a `net inspect --join` delivers
 * something, a decode prints messages), so an example that finds nothing fails.
 *
 * Budget (~2 min on 2 cores for every doc and help example): testing/budget.ts.
 * - BUDGET: examples too long for CI run smaller by these rules only (the test title says
 *   `(budget: <command>)`; each rule says why); their shown output is not compared.
 * - BACKGROUND: the guide's "Reading a verdict" runs (a hang, a race, a vacuous vendor, a fuzzing
 *   hang; 25-80 s each, mostly waiting) run as written, as child processes started with the file.
 * - An in-process command line documented twice in one file runs once (define-tests.ts).
 * Not run at all: SKIPPED in testing/classify.ts, each with why (the test title says so).
 */
import { describe, expect, it } from 'vitest';
import { helpDocExamples, markdownDocExamples, markdownSources } from './testing/collect.ts';
import { SKIPPED } from './testing/classify.ts';
import { defineExampleTests } from './testing/define-tests.ts';

const examples = markdownDocExamples();

describe('the docs show commands', () => {
  it('README.md and the vendor guide show runnable commands (the extraction found them)', () => {
    for (const file of ['README.md', 'adapters/examples/README.md']) {
      expect(examples.filter((e) => e.source === file).length, file).toBeGreaterThan(5);
    }
    expect(markdownSources().length).toBeGreaterThan(4);
  });

  it('every SKIPPED entry still names a documented command (no stale skips)', async () => {
    const all = [...examples, ...(await helpDocExamples())];
    const stale = SKIPPED.filter((s) => !all.some((e) => e.source === s.source && e.command === s.command));
    expect(stale).toEqual([]);
  });
});

describe('every documented command runs as the doc says', () => {
  defineExampleTests(examples);
});
