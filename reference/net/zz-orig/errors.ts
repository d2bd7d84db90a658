/**
 * Typed failures of the network reference. Frame contents never throw: a bad frame gets a
 * DropReason (nic.ts) or a parse `error` (frame-parse.ts). A NetError is for containers and
 * configuration: a garbage capture file, an unknown link type, a bad address in a config.
 */
export type NetErrorCode =
  | 'capture-truncated'
  | 'capture-bad-magic'
  | 'capture-bad-version'
  | 'capture-bad-block'
  | 'capture-bad-record-length'
  | 'capture-unknown-interface'
  | 'unsupported-link-type'
  | 'bad-address'
  | 'bad-config'
  | 'bad-spec';

export class NetError extends Error {
  override readonly name = 'NetError';
  constructor(
    readonly code: NetErrorCode,
    message: string,
    /** Byte offset in the file or frame where the problem was found. */
    readonly offset?: number,
    /** 0-based index of the frame / record concerned, when there is one. */
    readonly frameIndex?: number,
  ) {
    super(
      `${code}: ${message}` +
        (frameIndex !== undefined ? ` (frame ${frameIndex})` : '') +
        (offset !== undefined ? ` (offset ${offset})` : ''),
    );
  }
}
