import { parseArgs } from 'node:util';
import { shellWord } from '../../properties/command-line.ts';
import { validateReport, writeReports } from '../../properties/report.ts';
import { MergeRefusal, mergeShards } from '../../properties/report-merge.ts';
import { ReportFileError, readReportFile } from '../../properties/report-read.ts';
import { CommandFailure, EXIT, UsageError, type Command } from '../command.ts';
import { outputDir } from '../output-path.ts';
import { formatSummary } from './conform-summary.ts';

const HELP = `fairwire report merge — the shards of one run as one report

Usage: fairwire report merge SHARD.json ... [--report DIR]

Takes the report.json of every shard of one \`conform --shard K/N\` run (run on a CI
matrix, each with --report) and writes the report of the whole run: one
report.json, one junit.xml and one report.html in DIR, the table on stdout, and
the exit code the unsharded run would have had. A property whose runs were split
over several shards is put back together: runs add up, its failures are kept one
per signature (the earliest unit's, as the unsharded run reports them), and
--expect gating is judged again over the whole run from the same file.

Refused (exit 2, saying why): shards of different seeds, adapters, N, components,
--runs, --property selections or expectations files; a shard missing or given
twice; a report that is not a shard; a file that is missing or not a fairwire
report.json.

Options:
  --report DIR   write report.json, junit.xml and report.html there

Exit: the whole run's, as conform's: 0 pass · 1 a failure (or a gating
failure) · 2 refused, usage · 3 an adapter fault.

Examples:
  npx fairwire report merge shard-*/report.json --report reports/
  npx fairwire report merge shard-1/report.json shard-2/report.json shard-3/report.json
`;

export const reportMergeCommand: Command = {
  path: ['report', 'merge'],
  summary: 'merge the report.json files of the shards of one run into one report',
  help: HELP,
  async run(argv, io) {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, allowPositionals: true, options: { report: { type: 'string' } } });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const files = parsed.positionals;
    if (files.length === 0) throw new UsageError('which shard reports? (fairwire report merge shard-*/report.json --report DIR)');
    const fail = (message: string) => new CommandFailure(`fairwire report merge: ${message.split('\n').join('\nfairwire report merge: ')}`, EXIT.usage);
    let report;
    try {
      const shards = files.map((file) => ({ file, report: readReportFile(file) }));
      const command = ['npx fairwire report merge', ...files.map(shellWord), ...(parsed.values.report ? ['--report', shellWord(parsed.values.report)] : [])].join(' ');
      report = mergeShards(shards, { command });
    } catch (err) {
      if (err instanceof ReportFileError || err instanceof MergeRefusal) throw fail(err.message);
      throw err;
    }
    validateReport(report);
    // Checked (and created) once the shards are known to merge: a refused merge leaves no folder behind.
    const dir = outputDir(parsed.values.report, '--report');
    io.stdout.write(`${formatSummary(report)}\n`);
    if (dir !== undefined) {
      const written = await writeReports(dir, report);
      io.stderr.write(`reports: ${written.join(', ')}\n`);
    }
    return report.exitCode;
  },
};
