import type { SequencerConfig } from '../../adapters/sequencer.ts';
import type { Schedule } from '../arbitraries/sequencer-schedule.ts';
import type { TimedRelease } from './drive.ts';

/**
 * What the harness knows about one sequencer case when it fails: the schedule it generated, the
 * instance it asked for, and the subject's releases as the harness recorded them (the observed
 * output, never the subject's account of anything else). Attached to the error `check` throws,
 * so `explain` reads the case the verdict was taken on.
 */
export interface SequencerCaseRecord {
  readonly config: SequencerConfig;
  readonly schedule: Schedule;
  /** Absent when the failure came before the run finished (e.g. a refused declaration). */
  released?: readonly TimedRelease[];
  /** When the releases were judged. */
  readonly until: number;
  /** Liveness: each order stamped t must be out by t + bound; `boundText` says what the bound is made of. */
  readonly bound?: number;
  readonly boundText?: string;
}

const records = new WeakMap<object, SequencerCaseRecord>();

/** Runs a check body; an error it throws carries `record` (as it stands then) for `explain`. */
export async function withCaseRecord(record: SequencerCaseRecord, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (typeof err === 'object' && err !== null) records.set(err, { ...record });
    throw err;
  }
}

export function caseRecordOf(err: unknown): SequencerCaseRecord | undefined {
  return typeof err === 'object' && err !== null ? records.get(err) : undefined;
}
