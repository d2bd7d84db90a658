export type LoqErrorCode = 'bad-config' | 'bad-order' | 'overflow';

/** Why a Limit Order Queue refused an input. */
export class LoqError extends Error {
  override readonly name = 'LoqError';
  constructor(
    readonly code: LoqErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
