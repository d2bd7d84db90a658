import { randomInt } from 'node:crypto';
import { option, shellWord } from '../../properties/command-line.ts';
import { parseArgs } from 'node:util';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { allComponents } from '../../properties/catalogs.ts';
import { conform, ConformUsageError, type ConformOptions } from '../../properties/conform.ts';
import { ExpectationsError } from '../../properties/expectations.ts';
import { SubjectError } from '../../properties/subject.ts';
import { EXIT, UsageError, type Command, type CommandIo } from '../command.ts';
import { Progress } from '../progress.ts';
import { formatSummary } from './conform-summary.ts';

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
                       reference            the embedded reference implementation
                       mutant:<name>        a deliberately wrong implementation (self-test)
                       cmd:"<command line>" an out-of-process vendor (NDJSON protocol, spec/protocol/)
                       <manifest.json>      a vendor manifest
                       <module.ts|.js>      a module exporting createAdapter(component)
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

Exit codes: 0 all properties hold · 1 a property failed, was flaky, did not run, was vacuous,
            or every property was skipped (or gating failed) · 2 usage or setup error ·
            3 the adapter faulted (crash, hang, protocol violation, or it did not start)

Examples:
  npx fairwire conform                                   # every component, reference adapter
  npx fairwire conform --component fast --adapter mutant:fast-nullable-not-decremented
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

export function parseSeed(v: string | undefined, what: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v) || Number(v) < -(2 ** 31) || Number(v) > 2 ** 32 - 1) {
    throw new UsageError(`${what} must be an integer in [-2^31, 2^32), got '${v}'`);
  }
  return Number(v) | 0;
}

export function parsePositiveInt(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) throw new UsageError(`${what} must be a positive integer, got '${v}'`);
  return Number(v);
}

function parseReplay(v: string): { seed: number; path: string } {
  const m = /^(-?\d+):([\d:]*)$/.exec(v);
  if (!m) throw new UsageError(`--replay wants SEED:PATH as printed with a failure, got '${v}'`);
  return { seed: Number(m[1]) | 0, path: m[2]! };
}

export function parseConformArgs(argv: string[]): ConformOptions & { json?: string; quiet: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
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
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const known = allComponents().map((e) => e.component);
  const components = (values.component ?? known).flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean);
  for (const c of components) if (!known.includes(c)) throw new UsageError(`unknown component '${c}' (known: ${known.join(', ')})`);
  if (components.length === 0) throw new UsageError('no component to check');
  if (values.fix && !values.expect) throw new UsageError('--fix needs --expect FILE');
  const replay = values.replay ? parseReplay(values.replay) : undefined;
  if (replay && (components.length !== 1 || values.property?.length !== 1)) {
    throw new UsageError('--replay needs exactly one --component and one --property');
  }
  const seed = parseSeed(values.seed, '--seed') ?? parseSeed(process.env.FAIRWIRE_SEED, 'FAIRWIRE_SEED') ?? randomInt(0, 2 ** 31);
  const budget = parsePositiveInt(values['time-budget'], '--time-budget');
  const runs = parsePositiveInt(values.runs, '--runs');
  const flakyTries = parsePositiveInt(values['flaky-tries'], '--flaky-tries');
  const vendorTimeoutMs = parsePositiveInt(values['vendor-timeout'], '--vendor-timeout');
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
    ...(values.report ? { reportDir: values.report } : {}),
    ...(values.json ? { json: values.json } : {}),
    corpusDir: values['no-corpus'] ? null : values.corpus!,
    quiet: values.quiet!,
  };
}

export async function runConform(options: ConformOptions & { json?: string; quiet: boolean }, io: CommandIo): Promise<number> {
  const progress = new Progress(io.stderr, options.quiet);
  io.stderr.write(`fairwire conform: seed ${options.seed} (rerun this exact run with ${option('seed', options.seed)})\n`);
  // First Ctrl-C: finish the case in flight, mark the rest not-run, write the reports, exit 130.
  // Second Ctrl-C: quit at once.
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
    progress.log('interrupted: finishing the case in flight and writing the reports (Ctrl-C again to quit now)');
  };
  process.on('SIGINT', onSigint);
  try {
    const outcome = await conform({
      ...options,
      signal: abort.signal,
      command: ['npx fairwire conform', ...process.argv.slice(3).map(shellWord)].join(' '),
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
    for (const f of outcome.savedCounterexamples) io.stderr.write(`counterexample saved: ${f} (replayed first next run; rerun alone with: npx fairwire replay ${f})\n`);
    if (options.fix) {
      io.stdout.write(
        outcome.expectationChanges.length
          ? `${options.expectFile} updated:\n${outcome.expectationChanges.join('\n')}\n`
          : `${options.expectFile}: no change needed\n`,
      );
    }
    return abort.signal.aborted ? 130 : outcome.report.exitCode;
  } catch (err) {
    progress.done();
    if (err instanceof ConformUsageError || err instanceof ExpectationsError || err instanceof SubjectError) {
      throw new UsageError(err.message);
    }
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export const conformCommand: Command = {
  path: ['conform'],
  summary: 'run the property catalogs against an implementation (the main job)',
  get help() {
    return HELP.replace('{components}', allComponents().map((e) => e.component).join(', ') || 'none registered');
  },
  run: (argv, io) => runConform(parseConformArgs(argv), io),
};

export { EXIT };
