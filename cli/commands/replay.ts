import { existsSync } from 'node:fs';
import { fromTaggedJson } from '../../spec/tagged-json.ts';
import { readCorpusEntry } from '../../properties/corpus.ts';
import { UsageError, type Command } from '../command.ts';
import { parsePositiveInt, runConform } from './conform.ts';
import { parseArgs } from 'node:util';

const HELP = `fairwire replay — rerun one saved counterexample

Usage: fairwire replay FILE [--adapter SPEC] [--flaky-tries K]

FILE is a corpus entry written by 'fairwire conform' when a property failed
(.fairwire/corpus/<vendor>/<property>/<hash>.json). The property runs once on
exactly that input, against the adapter it was found with (or --adapter), and a
failure is tried K times (default 3), each on a fresh subject: failing on some
tries only is 'flaky'.
Exit 0 when the property now holds, 1 when it still fails (3: a fault).

Example:
  npx fairwire replay .fairwire/corpus/mutant-fast-tail-appends/fast.decode.equivalence/1f2e3d4c5b6a7980.json
`;

export const replayCommand: Command = {
  path: ['replay'],
  summary: 'rerun one saved counterexample from the corpus',
  help: HELP,
  async run(argv, io) {
    let values;
    let positionals;
    try {
      ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { adapter: { type: 'string' }, 'flaky-tries': { type: 'string' } } }));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const adapter = values.adapter;
    const flakyTries = parsePositiveInt(values['flaky-tries'], '--flaky-tries');
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
