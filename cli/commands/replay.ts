import { existsSync } from 'node:fs';
import { fromTaggedJson } from '../../spec/tagged-json.ts';
import { readCorpusEntry } from '../../properties/corpus.ts';
import { UsageError, type Command } from '../command.ts';
import { runConform } from './conform.ts';
import { parseCommandOptions, positiveInteger } from '../options.ts';
import { adapterSpecHelp } from './adapter-help.ts';

const HELP = `fairwire replay — rerun one saved counterexample

Usage: fairwire replay FILE [--adapter SPEC] [--flaky-tries K]

Options:
  --adapter SPEC     run it against another implementation than the one it was found with:
{adapters}
  --flaky-tries K    tries of a failure, each on a fresh subject (default 3)

FILE is a corpus entry written by 'fairwire conform' when a property failed
(.fairwire/corpus/<vendor>/<property>/<hash>.json). The property runs once on
exactly that input, against the adapter it was found with (or --adapter), and a
failure is tried K times (default 3), each on a fresh subject: failing on some
tries only is 'flaky'.
Exit codes: 0 the property now holds · 1 it still fails · 2 usage error (a missing or
unreadable FILE) · 3 an adapter fault (crash, hang, or the vendor could not be started).

Examples (a run that saves a counterexample, then its replay):
  npx fairwire conform --component fast --adapter mutant:fast-tail-appended --property fast.decode.equivalence --seed 1   # exit 1
  npx fairwire replay .fairwire/corpus/mutant-fast-tail-appended/fast.decode.equivalence/369ed13ea19f5a69.json   # still fails: exit 1
`;

export const replayCommand: Command = {
  path: ['replay'],
  summary: 'rerun one saved counterexample from the corpus',
  get help() {
    return HELP.replace('{adapters}', adapterSpecHelp(undefined, '                       '));
  },
  async run(argv, io) {
    const { values, positionals } = parseCommandOptions(argv, { adapter: { type: 'string' }, 'flaky-tries': { type: 'string' } });
    const adapter = values.adapter;
    const flakyTries = positiveInteger('--flaky-tries', values['flaky-tries']);
    if (positionals.length > 1) throw new UsageError(`one corpus file at a time, got ${positionals.length}`);
    const file = positionals[0];
    if (!file) throw new UsageError('which corpus file? (fairwire replay FILE)');
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
    let entry;
    try {
      entry = readCorpusEntry(file);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    return runConform(
      {
        components: [entry.component],
        adapter: adapter ?? entry.adapter,
        seed: entry.seed,
        runs: 1,
        propertyIds: [entry.property],
        ...(flakyTries !== undefined ? { flakyTries } : {}),
        extraExamples: new Map([[entry.property, [fromTaggedJson(entry.data)]]]),
        corpusDir: null,
        fix: false,
        quiet: true,
      },
      io,
    );
  },
};
