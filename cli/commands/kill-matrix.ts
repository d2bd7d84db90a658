import { allComponents, componentEntry } from '../../properties/catalogs.ts';
import { boundedRuns, killMatrix, matrixJson, matrixMarkdown, matrixProblems, matrixText, type RunsFor } from '../../properties/kill-matrix.ts';
import { UsageError, type Command } from '../command.ts';
import { parseCommandOptions, positiveInteger, seedOption } from '../options.ts';
import { interruptible } from '../signals.ts';
import type { ComponentEntry } from '../../properties/components.ts';

const HELP = `fairwire kill-matrix — the suite's self-test: which property catches which known bug?

Usage: fairwire kill-matrix [--component NAME ...] [--mutant NAME ...] [--seed S]
                            [--runs N | --bounded N] [--markdown | --json]

Runs every deliberately wrong implementation (adapters/mutants/) against every
property of its component — not stopping at the first kill — and the reference
as row zero. Cells: K killed (failed, fault or unexpected pass), . survived,
- n/a (the subject lacks a capability), ! error (the property did not run all
its runs: never counted as survived). * marks a mutant's stated killer.

Checks (any violation: exit 1, each printed to stderr):
  every mutant is killed by at least one property;
  every property in a mutant's killedBy really kills it;
  every property (expected failures aside) kills at least one mutant;
  the reference passes every property and skips none (a skip means a
  misspelled capability in 'requires'); no cell is an error.

Options:
  --component NAME   only these components (repeat or comma-separate; default all)
  --mutant NAME      only these mutants (the reference row always runs)
  --seed S           run seed (default 20261121, the one npm test uses)
  --runs N           runs per cell (default: each property's own, usually 100)
  --bounded N        npm test's budget: stated killers and the reference at full
                     runs, every other cell N runs (process mutants at most 5)
  --markdown         the README's tables (mutants x properties, unique kills)
  --json             the matrix, per-property kills and problems as JSON

Ctrl-C or SIGTERM: the cell in flight finishes, the matrix so far is printed (later cells
show ! and did not run, the checks are not judged), exit 130 / 143; a second signal quits.

Exit codes: 0 every check holds · 1 a check fails · 2 usage · 130 / 143 interrupted.

Examples:
  npx fairwire kill-matrix
  npx fairwire kill-matrix --component matching --bounded 10
  npx fairwire kill-matrix --markdown > kill-matrix.md
`;

export const killMatrixCommand: Command = {
  path: ['kill-matrix'],
  summary: 'run every mutant against every property and check the suite can catch every bug',
  help: HELP,
  async run(argv, io) {
    const { values } = parseCommandOptions(
      argv,
      {
        component: { type: 'string', multiple: true },
        mutant: { type: 'string', multiple: true },
        seed: { type: 'string' },
        runs: { type: 'string' },
        bounded: { type: 'string' },
        markdown: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      { positionals: false },
    );
    if (values.markdown && values.json) throw new UsageError('--markdown and --json are exclusive');
    if (values.runs !== undefined && values.bounded !== undefined) throw new UsageError('--runs and --bounded are exclusive');
    const names = (values.component ?? allComponents().map((e) => e.component)).flatMap((c) => c.split(','));
    const entries = names.map((n) => {
      const e = componentEntry(n);
      if (!e) throw new UsageError(`unknown component '${n}' (known: ${allComponents().map((x) => x.component).join(', ')})`);
      return e;
    });
    const wanted = values.mutant?.flatMap((m) => m.split(','));
    for (const w of wanted ?? []) {
      if (!entries.some((e) => e.mutants.some((m) => m.name === w))) throw new UsageError(`unknown mutant '${w}' in the selected components`);
    }
    const seed = seedOption('--seed', values.seed) ?? 20261121;
    const runs = positiveInteger('--runs', values.runs);
    const bounded = positiveInteger('--bounded', values.bounded);
    let runsFor: RunsFor | undefined;
    let runsPolicy = 'each property’s default runs';
    if (runs !== undefined) {
      runsFor = () => runs;
      runsPolicy = `${runs}`;
    } else if (bounded !== undefined) {
      runsFor = boundedRuns(bounded, Math.min(bounded, 5));
      runsPolicy = `stated killers and the reference at default runs, other cells ${bounded} (process mutants ${Math.min(bounded, 5)})`;
    }
    io.stderr.write(`kill matrix: seed ${seed}, runs per cell: ${runsPolicy}\n`);
    // First signal: the cell in flight finishes, every later cell is skipped at once (its subject
    // refuses to start), and the partial matrix is printed; exit 130 / 143.
    const stop = interruptible({ log: (l) => io.stderr.write(`kill matrix: ${l}\n`), finishing: 'finishing the cell in flight and printing the matrix so far' });
    let ran = 0;
    try {
      const matrix = await killMatrix(
        entries.map((e) => stoppable(e, stop.signal)),
        {
          seed,
          runsPolicy,
          ...(runsFor ? { runsFor } : {}),
          ...(wanted ? { mutantFilter: (m) => wanted.includes(m.name) } : {}),
          onCell: (row, cell) => {
            if (stop.signal.aborted && cell.runs === 0) return;
            ran++;
            io.stderr.write(`  ${row.component}/${row.subject} × ${cell.property}: ${cell.verdict} (${cell.status}, ${cell.runs} runs, ${(cell.durationMs / 1000).toFixed(1)}s)\n`);
          },
        },
      );
      io.stdout.write(values.json ? matrixJson(matrix) : values.markdown ? matrixMarkdown(matrix) : matrixText(matrix));
      const cells = matrix.components.reduce((n, c) => n + c.properties.length * (1 + c.mutants.length), 0);
      if (stop.received) {
        // The checks need the whole matrix: an interrupted one is reported as what ran, not judged.
        io.stderr.write(`kill matrix: interrupted by ${stop.received} after ${ran} of ${cells} cells (the cells after it show ! and did not run); checks not judged\n`);
        return stop.exitCode(1);
      }
      // With only some mutants, a property may kill none of those selected: that check needs them all.
      const problems = matrixProblems(matrix).filter((p) => !wanted || p.kind !== 'property-kills-nothing');
      if (wanted) io.stderr.write('(--mutant: "every property kills a mutant" is not checked on a selection)\n');
      for (const p of problems) io.stderr.write(`FAIL ${p.kind}: ${p.component}${p.subject ? `/${p.subject}` : ''}${p.property ? ` × ${p.property}` : ''}: ${p.detail}\n`);
      const mutants = matrix.components.reduce((n, c) => n + c.mutants.length, 0);
      io.stderr.write(`${mutants} mutants × ${matrix.components.reduce((n, c) => n + c.properties.length, 0)} properties, seed ${seed}: ${problems.length === 0 ? 'every check holds' : `${problems.length} problem(s)`}\n`);
      return problems.length === 0 ? 0 : 1;
    } finally {
      stop.dispose();
    }
  },
};

/** The entry with subjects that refuse to start once `signal` is aborted: the matrix skips the cell at once. */
function stoppable(entry: ComponentEntry, signal: AbortSignal): ComponentEntry {
  const guard =
    <T>(create: () => T) =>
    (): T => {
      if (signal.aborted) throw new Error('not run: interrupted');
      return create();
    };
  return { ...entry, reference: guard(entry.reference), mutants: entry.mutants.map((m) => ({ ...m, create: guard(m.create) })) };
}
