import { parseArgs } from 'node:util';
import { allComponents, componentEntry } from '../../properties/catalogs.ts';
import { killMatrix, killMatrixMarkdown } from '../../properties/kill-matrix.ts';
import { UsageError, type Command } from '../command.ts';
import { parseSeed } from './conform.ts';

const HELP = `fairwire kill-matrix — the suite's self-test: is every mutant caught?

Usage: fairwire kill-matrix [--component NAME ...] [--seed S] [--markdown]

Runs each deliberately wrong implementation (adapters/mutants/) through its
component's catalog until a property fails (or the adapter is reported faulty).
Exit 0 when every mutant is killed, 1 when one survives.

Examples:
  npx fairwire kill-matrix
  npx fairwire kill-matrix --component fast --markdown > kill-matrix.md
`;

export const killMatrixCommand: Command = {
  path: ['kill-matrix'],
  summary: 'check that every mutant (known bug) is caught by its catalog',
  help: HELP,
  async run(argv, io) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { component: { type: 'string', multiple: true }, seed: { type: 'string' }, markdown: { type: 'boolean', default: false } },
      }));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const names = (values.component ?? allComponents().map((e) => e.component)).flatMap((c) => c.split(','));
    const entries = names.map((n) => {
      const e = componentEntry(n);
      if (!e) throw new UsageError(`unknown component '${n}'`);
      return e;
    });
    const seed = parseSeed(values.seed, '--seed') ?? 20261121;
    const rows = await killMatrix(entries, seed, (r) =>
      io.stderr.write(`${r.killed ? 'killed  ' : 'SURVIVED'} ${r.component}/${r.mutant}${r.killed ? ` by ${r.by} (${r.runs} runs)` : ''}\n`),
    );
    if (values.markdown) io.stdout.write(killMatrixMarkdown(rows));
    else io.stdout.write(`${rows.filter((r) => r.killed).length}/${rows.length} mutants killed (seed ${seed})\n`);
    return rows.every((r) => r.killed) ? 0 : 1;
  },
};
