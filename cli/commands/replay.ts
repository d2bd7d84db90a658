import { existsSync } from 'node:fs';
import { fromTaggedJson } from '../../spec/tagged-json.ts';
import { readCorpusEntry } from '../../properties/corpus.ts';
import { UsageError, type Command } from '../command.ts';
import { runConform } from './conform.ts';

const HELP = `fairwire replay — rerun one saved counterexample

Usage: fairwire replay FILE [--adapter SPEC]

FILE is a corpus entry written by 'fairwire conform' when a property failed
(.fairwire/corpus/<vendor>/<property>/<hash>.json). The property runs once on
exactly that input, against the adapter it was found with (or --adapter).
Exit 0 when the property now holds, 1 when it still fails.

Example:
  npx fairwire replay .fairwire/corpus/mutant-fast-tail-appends/fast.decode.equivalence/1f2e3d4c5b6a7980.json
`;

export const replayCommand: Command = {
  path: ['replay'],
  summary: 'rerun one saved counterexample from the corpus',
  help: HELP,
  async run(argv, io) {
    const files = argv.filter((a) => !a.startsWith('--'));
    const ai = argv.indexOf('--adapter');
    const adapter = ai >= 0 ? argv[ai + 1] : undefined;
    if (ai >= 0 && !adapter) throw new UsageError('--adapter needs a value');
    const file = files.find((f) => f !== adapter);
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
        extraExamples: new Map([[entry.property, [fromTaggedJson(entry.data)]]]),
        corpusDir: null,
        fix: false,
        quiet: true,
      },
      io,
    );
  },
};
