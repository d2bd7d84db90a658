import { parseArgs } from 'node:util';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { formatSchemaErrors, schemaValidator } from '../../spec/schemas.ts';
import { diffMarkdown, diffReports, type ReportDiff } from '../../properties/report-diff.ts';
import { ReportFileError, readReportFile } from '../../properties/report-read.ts';
import { CommandFailure, EXIT, UsageError, type Command } from '../command.ts';

const HELP = `fairwire report diff — what changed between two runs of a vendor

Usage: fairwire report diff OLD.json NEW.json [--json]

Compares two report.json files (conform --report DIR writes them), property by
property, and prints markdown for release notes and CI comments:
  new failures       not failing in OLD (or not in it), failing in NEW
  fixed              failing in OLD, passing (or skipped, expected) in NEW
  status changes     the others: failed -> flaky, failed -> fault, passed -> skipped, ...
  signature changes  failing in both, but with different failure signatures
  added / removed    properties in one run only
  run counts         cases run or asked differ (time budget, --runs)
"Failing" is every status that fails a run: failed, flaky, fault, unexpected-pass,
not-run, vacuous — a known failure (listed by --expect) too. A note says when
the runs differ in seed, adapter, components, shard or --runs.

Options:
  --json   the diff as JSON (spec/report-diff.schema.json) instead of markdown

Exit: 0 no regression · 1 regression: NEW has a failure OLD did not have (a new
failing property, or a new signature of one that was failing) · 2 usage, or a
file that is missing or not a fairwire report.json.

Examples:
  npx fairwire report diff reports/v1.4/report.json reports/v1.5/report.json
  npx fairwire report diff main/report.json pr/report.json > diff.md
  npx fairwire report diff old.json new.json --json
`;

/** The diff's JSON output checked against its schema: one that does not validate is a fairwire bug. */
function validateDiff(diff: ReportDiff): void {
  schemaValidator('report.schema.json'); // the diff schema refers to its definitions
  const validate = schemaValidator('report-diff.schema.json');
  if (!validate(JSON.parse(toCanonicalJson(diff)))) throw new Error(`report diff does not match spec/report-diff.schema.json: ${formatSchemaErrors(validate.errors)}`);
}

export const reportDiffCommand: Command = {
  path: ['report', 'diff'],
  summary: 'what changed between two runs of a vendor',
  help: HELP,
  async run(argv, io) {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const files = parsed.positionals;
    if (files.length !== 2) throw new UsageError(`two report.json files, OLD and NEW, got ${files.length}`);
    let reports;
    try {
      reports = files.map(readReportFile);
    } catch (err) {
      if (err instanceof ReportFileError) throw new CommandFailure(`fairwire report diff: ${err.message}`, EXIT.usage);
      throw err;
    }
    const diff = diffReports(reports[0]!, reports[1]!);
    validateDiff(diff);
    io.stdout.write(parsed.values.json ? `${toCanonicalJson(diff, 2)}\n` : diffMarkdown(diff));
    return diff.regression ? EXIT.failure : EXIT.ok;
  },
};
