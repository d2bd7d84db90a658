/** Why a sequencer refused an input. Bad input never crashes or grows memory without bound. */
export type SequencerErrorCode =
  | 'bad-config'
  | 'bad-participant'
  | 'bad-timestamp'
  | 'time-went-back'
  | 'overflow';

export class SequencerError extends Error {
  override readonly name = 'SequencerError';
  constructor(
    readonly code: SequencerErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/**
 * Timestamps are integer nanoseconds (or any integer unit) as JS numbers: exact below 2^53,
 * i.e. ~104 days of nanoseconds from the session's epoch. Anything else is refused.
 */
export function checkTimestamp(ts: number, what = 'timestamp'): void {
  if (!Number.isSafeInteger(ts)) throw new SequencerError('bad-timestamp', `${what} ${ts} is not a safe integer`);
}

export function checkParticipant(p: number, count: number): void {
  if (!Number.isInteger(p) || p < 0 || p >= count) {
    throw new SequencerError('bad-participant', `participant ${p} outside 0..${count - 1}`);
  }
}
