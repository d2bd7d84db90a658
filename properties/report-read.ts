import { readFileSync, statSync } from 'node:fs';
import { formatSchemaErrors, schemaValidator } from '../spec/schemas.ts';
import type { RunReport } from './report.ts';

/** A report.json that cannot be used: missing, unreadable, not JSON, or not a fairwire run report. */
export class ReportFileError extends Error {
  override readonly name = 'ReportFileError';
}

/** Larger than any real report (a full run is a few MB); refused before it is read into memory. */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** Reads and validates a report.json (spec/report.schema.json); every problem is a ReportFileError naming the file. */
export function readReportFile(file: string): RunReport {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new ReportFileError(`${file}: is a folder; give its report.json`);
    size = st.size;
  } catch (err) {
    if (err instanceof ReportFileError) throw err;
    throw new ReportFileError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (size > MAX_REPORT_BYTES) throw new ReportFileError(`${file}: ${size} bytes, more than a report.json can be (${MAX_REPORT_BYTES})`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ReportFileError(`${file}: not JSON (${(err as Error).message})`);
  }
  const validate = schemaValidator('report.schema.json');
  if (!validate(value)) throw new ReportFileError(`${file}: not a fairwire report.json (spec/report.schema.json): ${formatSchemaErrors(validate.errors)}`);
  return value as RunReport;
}
