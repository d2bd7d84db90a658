import { randomInt } from 'node:crypto';
import { option, shellWord } from '../../properties/command-line.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { allComponents } from '../../properties/catalogs.ts';
import { conform, ConformUsageError, type ConformOptions } from '../../properties/conform.ts';
import { ExpectationsError } from '../../properties/expectations.ts';
import { SubjectError } from '../../properties/subject.ts';
import { EXIT, UsageError, type Command, type CommandIo } from '../command.ts';
import { Progress } from '../progress.ts';
import { outputDir, outputFile } from '../output-path.ts';
import { parseCommandOptions, positiveInteger, seedOption } from '../options.ts';
import { interruptible } from '../signals.ts';
import { formatSummary } from './conform-summary.ts';
import { adapterSpecHelp } from './adapter-help.ts';

export { formatSummary };

const HELP = `fairwire conform — run property catalogs against an implementation

Usage:
  fairwire conform [--component NAME ...] [--adapter SPEC] [--runs N] [--seed S]
                   [--time-budget SECONDS] [--shard K/N] [--property ID ...]
                   [--flaky-tries K] [--vendor-timeout MS] [--expect FILE [--fix]] [--report DIR] [--json FILE]
                   [--no-corpus]

Options:
  --component NAME   component(s) to check, repeatable or comma-separated
                     (default: every component: ${'{components}'})
  --adapter SPEC     the implementation under test (default: reference):
{adapters}
  --runs N           runs per property (default: each property's own, usually 100)
  --seed S           the run seed (default: $FAIRWIRE_SEED, else random; always printed)
  --time-budget SEC  share SEC seconds among all selected properties (round-robin work units);
                     a property that ran fewer cases shows runs as got/asked (passed 37/100),
                     one that ran none is 'not run' and fails the run
  --shard K/N        run the K-th of N deterministic slices; the N slices together are one full run
  --property ID      only this property (or prefix ending in '.' or '*'), repeatable;
                     a filter that matches no property is a usage error (exit 2)
  --replay SEED:PATH rerun one shrunk counterexample (printed with every failure): exactly that
                     case, never shrunk further, tried --flaky-tries times
  --flaky-tries K    run every reported failure K times, each on a fresh subject (a restarted
                     vendor process), default 3; failing on some tries only is 'flaky' (exit 1),
                     and a flaky case shrinks only through steps that fail on every try;
                     1: no re-tries
  --vendor-timeout MS  a vendor process's deadline per request (default: its manifest's
                     timeoutMs, else 10000); a request past it is a hang fault, so a lower
                     value makes shrinking a hang faster
  --expect FILE      known failures for this vendor, each with its failure signature
                     (spec/expectations.schema.json); the run fails on an unexpected failure
                     (including a listed property failing with another signature), an
                     unexpected pass or a stale entry
  --fix              rewrite --expect FILE to match this run (records signatures), and say what changed
  --report DIR       write report.json, junit.xml and report.html into DIR
  --json FILE        write the JSON report to FILE
  --corpus DIR       saved counterexamples, replayed first (default: .fairwire/corpus)
  --no-corpus        neither replay nor save counterexamples
  --quiet            no progress on stderr

A property does not stop at its first failure: the rest of its runs look for failures with
other signatures, each reported with its own shrunk counterexample and replay line (at most 8).
A vendor that crashes, hangs or breaks the protocol inside a case is restarted, and the case is
shrunk like any failure (at most 50 faulting steps, within the time share) and printed with
every request of the case and the vendor's stderr tail.

Ctrl-C or SIGTERM: the case in flight finishes, the properties that did not get all their runs
say so (not-run, passed 25/100), the reports and the summary are written, exit 130 / 143; a
second signal quits at once. Output folders (--report, --json, --expect with --fix) are created
before the run, or the run is refused (exit 2) when they cannot be.

Exit codes: 0 all properties hold · 1 a property failed, was flaky, did not run, was vacuous,
            or every property was skipped (or gating failed) · 2 usage or setup error ·
            3 the adapter faulted (crash, hang, protocol violation, or it did not start,
            e.g. its program does not exist) · 130 / 143 interrupted (SIGINT / SIGTERM)

Examples:
  npx fairwire conform                                   # every component, reference adapter
  npx fairwire conform --component fast --adapter mutant:fast-nullable-not-decremented   # it must fail: exit 1
  npx fairwire conform --component fast --adapter cmd:"python3 adapters/examples/python/fast_decoder.py"
  npx fairwire conform --seed 42 --shard 2/4 --report reports/shard-2
  npx fairwire conform --component fast --adapter vendor.json --expect expectations/vendor.json --fix
`;

function parseShard(v: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(v);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard wants K/N with 1 ≤ K ≤ N, got '${v}'`);
  return { index, count };
}

function parseReplay(v: string): { seed: number; path: string } {
  const m = /^(-?\d+):([\d:]*)$/.exec(v);
  if (!m) throw new UsageError(`--replay wants SEED:PATH as printed with a failure, got '${v}'`);
  return { seed: Number(m[1]) | 0, path: m[2]! };
}

/** What the CLI adds to the library's options. */
export type ConformCliOptions = ConformOptions & { json?: string; quiet: boolean; argv?: readonly string[] };

export function parseConformArgs(argv: string[]): ConformCliOptions {
  const { values } = parseCommandOptions(
    argv,
    {
      component: { type: 'string', multiple: true },
      adapter: { type: 'string', default: 'reference' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      'time-budget': { type: 'string' },
      shard: { type: 'string' },
      property: { type: 'string', multiple: true },
      replay: { type: 'string' },
      'flaky-tries': { type: 'string' },
      'vendor-timeout': { type: 'string' },
      expect: { type: 'string' },
      fix: { type: 'boolean', default: false },
      report: { type: 'string' },
      json: { type: 'string' },
      corpus: { type: 'string', default: '.fairwire/corpus' },
      'no-corpus': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
    { positionals: false },
  );
  const known = allComponents().map((e) => e.component);
  const components = (values.component ?? known).flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean);
  for (const c of components) if (!known.includes(c)) throw new UsageError(`unknown component '${c}' (known: ${known.join(', ')})`);
  if (components.length === 0) throw new UsageError('no component to check');
  if (values.fix && !values.expect) throw new UsageError('--fix needs --expect FILE');
  const replay = values.replay ? parseReplay(values.replay) : undefined;
  if (replay && (components.length !== 1 || values.property?.length !== 1)) {
    throw new UsageError('--replay needs exactly one --component and one --property');
  }
  const seed = seedOption('--seed', values.seed) ?? seedOption('FAIRWIRE_SEED', process.env.FAIRWIRE_SEED) ?? randomInt(0, 2 ** 31);
  const budget = positiveInteger('--time-budget', values['time-budget']);
  const runs = positiveInteger('--runs', values.runs);
  const flakyTries = positiveInteger('--flaky-tries', values['flaky-tries']);
  const vendorTimeoutMs = positiveInteger('--vendor-timeout', values['vendor-timeout']);
  // Where the results go is checked (and created) now: a run must never end unable to write them.
  const reportDir = outputDir(values.report, '--report');
  const json = outputFile(values.json, '--json');
  if (values.fix) outputFile(values.expect, '--expect (rewritten by --fix)');
  // The corpus is written only when something fails: checked, not created.
  if (!values['no-corpus']) outputDir(values.corpus, '--corpus', { create: false });
  return {
    components,
    adapter: values.adapter!,
    seed,
    ...(runs !== undefined ? { runs } : {}),
    ...(values.property ? { propertyIds: values.property } : {}),
    ...(budget !== undefined ? { timeBudgetMs: budget * 1000 } : {}),
    ...(values.shard ? { shard: parseShard(values.shard) } : {}),
    ...(replay ? { replay } : {}),
    ...(flakyTries !== undefined ? { flakyTries } : {}),
    ...(vendorTimeoutMs !== undefined ? { vendorTimeoutMs } : {}),
    ...(values.expect ? { expectFile: values.expect } : {}),
    fix: values.fix!,
    ...(reportDir !== undefined ? { reportDir } : {}),
    ...(json !== undefined ? { json } : {}),
    corpusDir: values['no-corpus'] ? null : values.corpus!,
    quiet: values.quiet!,
    argv,
  };
}

export async function runConform(options: ConformCliOptions, io: CommandIo): Promise<number> {
  const progress = new Progress(io.stderr, options.quiet);
  io.stderr.write(`fairwire conform: seed ${options.seed} (rerun this exact run with ${option('seed', options.seed)})\n`);
  // First Ctrl-C / SIGTERM: finish the case in flight, mark the rest not-run, write the reports,
  // exit 130 / 143. A second signal quits at once.
  const stop = interruptible({ log: (line) => progress.log(line), finishing: 'finishing the case in flight and writing the reports' });
  try {
    const outcome = await conform({
      ...options,
      signal: stop.signal,
      command: ['npx fairwire conform', ...(options.argv ?? process.argv.slice(3)).map(shellWord)].join(' '),
      onPlan: (component, units) => progress.plan(component, units),
      onEvent: (component, e) => progress.event(component, e),
      log: (line) => progress.log(line),
    });
    progress.done();
    if (options.json) {
      const { writeAtomic } = await import('../../properties/report.ts');
      writeAtomic(options.json, `${toCanonicalJson(outcome.report, 2)}\n`);
    }
    io.stdout.write(formatSummary(outcome.report));
    for (const f of outcome.reportFiles) io.stderr.write(`report: ${f}\n`);
    if (options.json) io.stderr.write(`report: ${options.json}\n`);
    for (const f of outcome.savedCounterexamples) io.stderr.write(`counterexample saved: ${f} (replayed first next run; rerun alone with: npx fairwire replay ${shellWord(f)})\n`);
    if (options.fix) {
      io.stdout.write(
        outcome.expectationChanges.length
          ? `${options.expectFile} updated:\n${outcome.expectationChanges.join('\n')}\n`
          : `${options.expectFile}: no change needed\n`,
      );
    }
    if (stop.received) io.stdout.write(`interrupted by ${stop.received}: the summary above is what ran; exit ${stop.exitCode(0)}\n`);
    return stop.exitCode(outcome.report.exitCode);
  } catch (err) {
    progress.done();
    if (err instanceof ConformUsageError || err instanceof ExpectationsError || err instanceof SubjectError) {
      throw new UsageError(err.message);
    }
    throw err;
  } finally {
    stop.dispose();
  }
}

export const conformCommand: Command = {
  path: ['conform'],
  summary: 'run the property catalogs against an implementation (the main job)',
  get help() {
    return HELP.replace('{components}', allComponents().map((e) => e.component).join(', ') || 'none registered').replace(
      '{adapters}',
      adapterSpecHelp(undefined, '                       ', ['roles:<role>=<SPEC>,... component exchange: one SPEC per inbound role, the rest reference']),
    );
  },
  run: (argv, io) => runConform(parseConformArgs(argv), io),
};

export { EXIT };
