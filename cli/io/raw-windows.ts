import { FastDecoder, type DecodedMessage } from '../../reference/fast/decoder.ts';
import { FastError } from '../../reference/fast/errors.ts';
import { EOF_CODE } from '../../reference/fast/wire-reader.ts';
import type { ByteSource } from './byte-source.ts';

/**
 * A raw FAST stream (messages back to back, no frames) in windows of whole messages, so that an
 * engine that decodes a whole buffer at a time can be fed a stream of any size. The boundaries
 * are found by the reference decoder (`walker`, on its own dictionaries, with the command's reset
 * policy and strictness): it starts a message only with RAW_READ_AHEAD bytes ahead of it or with
 * the whole rest of the input in hand, so it never stops inside a message for want of bytes, and
 * an engine never sees a message cut in two (which would leave its dictionaries half updated).
 */
export const RAW_READ_AHEAD = 1 << 20;

export interface RawWindow {
  /** Input offset of bytes[0]. */
  readonly base: number;
  /** Whole messages; on an error, everything read from base on (the engine meets the error itself). */
  readonly bytes: Uint8Array;
  /** The reference's first error (offset within `bytes`): the last window. */
  readonly error: FastError | undefined;
  /** The error is a message running past the read-ahead before the end of the input: it cannot be decoded as a raw stream. */
  readonly tooLong: boolean;
}

/** `visit` sees each message the walker decoded (the reference's own output, offsets within the window). */
export async function* rawWindows(src: ByteSource, walker: FastDecoder, visit?: (d: DecodedMessage) => void): AsyncGenerator<RawWindow> {
  for (;;) {
    const whole = !(await src.fill(RAW_READ_AHEAD));
    const b = src.available();
    if (b.length === 0) return;
    const base = src.offset;
    let pos = 0;
    let error: FastError | undefined;
    while (pos < b.length && (whole || b.length - pos >= RAW_READ_AHEAD)) {
      try {
        const d = walker.decodeMessage(b, pos);
        visit?.(d);
        pos = d.end;
      } catch (e) {
        if (!(e instanceof FastError)) throw e;
        error = e;
        break;
      }
    }
    const tooLong = error !== undefined && error.code === EOF_CODE && !whole;
    yield { base, bytes: error && !tooLong ? b : b.subarray(0, pos), error, tooLong };
    src.consume(pos);
    if (error) return;
  }
}

/** The message for a `tooLong` window. */
export function tooLongMessage(offset: number): string {
  return `the message at offset ${offset} is longer than the ${RAW_READ_AHEAD}-byte read-ahead of a raw stream; frame the stream (--framing len32le) to decode it`;
}
