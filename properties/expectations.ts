import { existsSync, readFileSync } from 'node:fs';
import { formatSchemaErrors, schemaValidator } from '../spec/schemas.ts';
import { writeAtomic } from './report.ts';
import type { PropertyResult } from './runner.ts';

/**
 * Regression gating: a vendor's list of known failures (spec/expectations.schema.json).
 * A run fails on an unexpected failure, an unexpected pass (a listed property that passed),
 * or a stale entry (a listed property that no longer exists). Properties this run did not
 * execute (other shards, filters, skipped) are not judged.
 */
export interface ExpectedFailure {
  readonly property: string;
  readonly reason: string;
  readonly ticket?: string;
}

export interface Expectations {
  readonly vendor: string;
  readonly failures: readonly ExpectedFailure[];
}

export interface GatingOutcome {
  readonly file: string;
  readonly unexpectedFailures: string[];
  readonly unexpectedPasses: string[];
  readonly staleEntries: string[];
  readonly knownFailures: string[];
}

export class ExpectationsError extends Error {
  override readonly name = 'ExpectationsError';
}

export function loadExpectations(file: string, vendor: string): Expectations {
  if (!existsSync(file)) return { vendor, failures: [] };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ExpectationsError(`${file}: not JSON: ${(err as Error).message}`);
  }
  const validate = schemaValidator('expectations.schema.json');
  if (!validate(data)) throw new ExpectationsError(`${file}: ${formatSchemaErrors(validate.errors)}`);
  const e = data as Expectations;
  const seen = new Set<string>();
  for (const f of e.failures) {
    if (seen.has(f.property)) throw new ExpectationsError(`${file}: ${f.property} is listed twice`);
    seen.add(f.property);
  }
  return e;
}

/** Judges results against the expectations; `knownIds` are all property ids that exist. */
export function gate(
  file: string,
  expectations: Expectations,
  results: readonly PropertyResult[],
  knownIds: ReadonlySet<string>,
): GatingOutcome {
  const listed = new Map(expectations.failures.map((f) => [f.property, f]));
  const outcome: GatingOutcome = { file, unexpectedFailures: [], unexpectedPasses: [], staleEntries: [], knownFailures: [] };
  for (const r of results) {
    const isListed = listed.has(r.id);
    if (r.status === 'failed') (isListed ? outcome.knownFailures : outcome.unexpectedFailures).push(r.id);
    else if (r.status === 'passed' && isListed && !r.interrupted) outcome.unexpectedPasses.push(r.id);
  }
  for (const f of expectations.failures) if (!knownIds.has(f.property)) outcome.staleEntries.push(f.property);
  return outcome;
}

export function gatingFailed(g: GatingOutcome): boolean {
  return g.unexpectedFailures.length + g.unexpectedPasses.length + g.staleEntries.length > 0;
}

/** `--fix`: the list this run says is true. Returns the new expectations and a human summary of changes. */
export function fixExpectations(
  expectations: Expectations,
  outcome: GatingOutcome,
  results: readonly PropertyResult[],
): { next: Expectations; changes: string[] } {
  const drop = new Set([...outcome.unexpectedPasses, ...outcome.staleEntries]);
  const changes: string[] = [];
  const failures: ExpectedFailure[] = expectations.failures.filter((f) => {
    if (!drop.has(f.property)) return true;
    changes.push(`- removed ${f.property} (${outcome.staleEntries.includes(f.property) ? 'no such property any more' : 'now passes'})`);
    return false;
  });
  for (const id of outcome.unexpectedFailures) {
    const r = results.find((x) => x.id === id);
    const reason = (r?.message ?? 'failed').split('\n')[0]!.slice(0, 200);
    failures.push({ property: id, reason });
    changes.push(`+ added ${id}: ${reason}`);
  }
  failures.sort((a, b) => a.property.localeCompare(b.property));
  return { next: { vendor: expectations.vendor, failures }, changes };
}

export function saveExpectations(file: string, e: Expectations): void {
  writeAtomic(file, `${JSON.stringify(e, null, 2)}\n`);
}
