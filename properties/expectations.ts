import { existsSync, readFileSync } from 'node:fs';
import { formatSchemaErrors, schemaValidator } from '../spec/schemas.ts';
import { writeAtomic } from './report.ts';
import type { PropertyResult } from './runner.ts';

/**
 * Regression gating: a vendor's list of known failures (spec/expectations.schema.json), each
 * with the signature of the failure it excuses (Mismatch.signature(): kind and abstracted path).
 * A run fails on
 * - an unexpected failure: an unlisted property failed (or was flaky), or a listed one failed
 *   with another signature (a different bug in the same property must not hide behind the old
 *   entry). The signature compared is the result's (its first finding's); further findings of
 *   the same property are information only;
 * - an unexpected pass: a listed property ran all its cases and passed;
 * - a stale entry: no such property any more, an entry without a signature (written before
 *   signatures existed), or a listed property that faulted, was skipped, did not run or was
 *   vacuous (the entry cannot be checked).
 * Properties this run did not execute (other shards, filters) are not judged.
 */
export interface ExpectedFailure {
  readonly property: string;
  /** Required by the schema; an old entry without one is loaded and reported stale. */
  readonly signature?: string;
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
  /** One line per problem, saying why (both signatures for a signature change). */
  readonly notes: string[];
}

export class ExpectationsError extends Error {
  override readonly name = 'ExpectationsError';
}

const MISSING_SIGNATURE = '\u0000missing';

export function loadExpectations(file: string, vendor: string): Expectations {
  if (!existsSync(file)) return { vendor, failures: [] };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ExpectationsError(`${file}: not JSON: ${(err as Error).message}`);
  }
  // An entry written before signatures existed is still read (and reported stale), so that
  // `--fix` can record its signature; everything else must match the schema.
  const failures = (data as { failures?: unknown } | null)?.failures;
  const lacking = new Set<number>();
  if (Array.isArray(failures)) {
    failures.forEach((f, i) => {
      if (f && typeof f === 'object' && !Array.isArray(f) && !('signature' in f)) lacking.add(i);
    });
  }
  const checked = lacking.size === 0
    ? data
    : { ...(data as object), failures: (failures as object[]).map((f, i) => (lacking.has(i) ? { ...f, signature: MISSING_SIGNATURE } : f)) };
  const validate = schemaValidator('expectations.schema.json');
  if (!validate(checked)) throw new ExpectationsError(`${file}: ${formatSchemaErrors(validate.errors)}`);
  const e = data as Expectations;
  const seen = new Set<string>();
  for (const f of e.failures) {
    if (seen.has(f.property)) throw new ExpectationsError(`${file}: ${f.property} is listed twice`);
    seen.add(f.property);
  }
  return e;
}

const UNCHECKABLE = new Set<PropertyResult['status']>(['fault', 'skipped', 'not-run', 'vacuous']);

/** Judges results against the expectations; `knownIds` are all property ids that exist. */
export function gate(
  file: string,
  expectations: Expectations,
  results: readonly PropertyResult[],
  knownIds: ReadonlySet<string>,
): GatingOutcome {
  const listed = new Map(expectations.failures.map((f) => [f.property, f]));
  const outcome: GatingOutcome = { file, unexpectedFailures: [], unexpectedPasses: [], staleEntries: [], knownFailures: [], notes: [] };
  const stale = (id: string, why: string) => {
    if (!outcome.staleEntries.includes(id)) outcome.staleEntries.push(id);
    outcome.notes.push(`${id}: stale entry: ${why}`);
  };
  for (const r of results) {
    const entry = listed.get(r.id);
    // A flaky failure is a failure: an unlisted one fails the run, a listed signature is known.
    if (r.status === 'failed' || r.status === 'flaky') {
      if (!entry) {
        outcome.unexpectedFailures.push(r.id);
        outcome.notes.push(`${r.id}: unexpected failure (signature ${r.signature ?? 'none'})`);
      } else if (entry.signature === undefined) {
        stale(r.id, `listed without a signature (it now fails with '${r.signature ?? 'none'}'); run --fix to record its signature`);
      } else if (entry.signature !== r.signature) {
        outcome.unexpectedFailures.push(r.id);
        outcome.notes.push(`${r.id}: unexpected failure: listed for signature '${entry.signature}', failed with '${r.signature ?? 'none'}'`);
      } else {
        outcome.knownFailures.push(r.id);
      }
    } else if (entry && r.status === 'passed' && !r.interrupted) {
      outcome.unexpectedPasses.push(r.id);
      outcome.notes.push(`${r.id}: unexpected pass: listed (${entry.signature ?? 'no signature'}) but passed ${r.runs} runs`);
    } else if (entry && UNCHECKABLE.has(r.status)) {
      stale(r.id, `the listed property was ${r.status}${r.reason ? ` (${r.reason})` : ''}, so the entry cannot be checked`);
    }
  }
  for (const f of expectations.failures) {
    if (!knownIds.has(f.property)) stale(f.property, 'no such property');
    else if (f.signature === undefined && !outcome.staleEntries.includes(f.property) && !outcome.unexpectedPasses.includes(f.property)) {
      stale(f.property, 'listed without a signature; run --fix to record its signature');
    }
  }
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
  knownIds: ReadonlySet<string>,
): { next: Expectations; changes: string[] } {
  const byId = new Map(results.map((r) => [r.id, r]));
  const changes: string[] = [];
  const failures: ExpectedFailure[] = [];
  for (const f of expectations.failures) {
    const r = byId.get(f.property);
    if (!knownIds.has(f.property)) {
      changes.push(`- removed ${f.property} (no such property any more)`);
    } else if (outcome.unexpectedPasses.includes(f.property)) {
      changes.push(`- removed ${f.property} (now passes)`);
    } else if (r?.status === 'skipped') {
      changes.push(`- removed ${f.property} (skipped: ${r.reason ?? 'the subject lacks a capability'})`);
    } else if ((r?.status === 'failed' || r?.status === 'flaky') && r.signature !== undefined && r.signature !== f.signature) {
      failures.push({ ...f, signature: r.signature });
      changes.push(
        f.signature === undefined
          ? `~ ${f.property}: recorded signature '${r.signature}'`
          : `~ ${f.property}: signature '${f.signature}' -> '${r.signature}'`,
      );
    } else {
      // Kept as is, including entries this run could not check (fault, not run, vacuous).
      failures.push(f);
    }
  }
  const listed = new Set(expectations.failures.map((f) => f.property));
  for (const id of outcome.unexpectedFailures) {
    if (listed.has(id)) continue; // a signature change, handled above
    const r = byId.get(id);
    const reason = (r?.message ?? 'failed').split('\n')[0]!.slice(0, 200);
    failures.push({ property: id, signature: r?.signature ?? 'mismatch', reason });
    changes.push(`+ added ${id} (${r?.signature ?? 'mismatch'}): ${reason}`);
  }
  failures.sort((a, b) => a.property.localeCompare(b.property));
  const schema = (expectations as { $schema?: unknown }).$schema;
  return { next: { ...(typeof schema === 'string' ? { $schema: schema } : {}), vendor: expectations.vendor, failures }, changes };
}

export function saveExpectations(file: string, e: Expectations): void {
  // Key order as the schema lists them, so files diff well.
  const schema = (e as { $schema?: unknown }).$schema;
  const ordered = {
    ...(typeof schema === 'string' ? { $schema: schema } : {}),
    vendor: e.vendor,
    failures: e.failures.map((f) => ({ property: f.property, signature: f.signature, reason: f.reason, ...(f.ticket !== undefined ? { ticket: f.ticket } : {}) })),
  };
  writeAtomic(file, `${JSON.stringify(ordered, null, 2)}\n`);
}
