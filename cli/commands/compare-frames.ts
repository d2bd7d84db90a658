import { NetError } from '../../reference/net/errors.ts';
import type { CaptureFrame } from '../../properties/compare/differential.ts';
import type { ByteSource } from '../io/byte-source.ts';
import { captureDatagrams, type Join } from '../net/framing-pcap.ts';

/**
 * The frames of a capture for `fairwire compare`, numbered from 1 as a capture viewer numbers
 * them. len32le is read as a stream (cli/io/byte-source.ts: one chunk plus the frames in flight
 * in memory, files of any size, stdin), so a capture cut short yields every whole frame before the
 * cut, then `onCut` is told where it stopped. raw is one stream by definition and pcap is read
 * whole (captureDatagrams) until a streaming pcap reader exists; a pcap capture that cannot be
 * read at all is a CompareFramingError (raised before the first frame).
 */
export type CompareFraming = 'raw' | 'len32le' | 'pcap';

export class CompareFramingError extends Error {
  override readonly name = 'CompareFramingError';
}

export async function* len32leFrames(src: ByteSource, onCut: (message: string) => void): AsyncGenerator<CaptureFrame> {
  let frame = 0;
  for (;;) {
    if (!(await src.fill(4))) {
      const left = src.available().length;
      if (left > 0) onCut(`len32le: ${left} trailing bytes at offset ${src.offset} after frame ${frame}, too short for a length`);
      return;
    }
    const head = src.available();
    const n = head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! * 0x1000000);
    if (!(await src.fill(4 + n))) {
      onCut(`len32le: frame ${frame + 1} at offset ${src.offset} claims ${n} bytes, only ${src.available().length - 4} remain (a capture cut short?)`);
      return;
    }
    const bytes = src.available().subarray(4, 4 + n);
    src.consume(4 + n);
    yield { bytes, frame: ++frame };
  }
}

/** raw (the whole input, one frame) and pcap (one frame per UDP datagram, with its capture timestamp). */
export function* wholeInputFrames(input: Uint8Array, framing: 'raw' | 'pcap', joins: readonly Join[]): Generator<CaptureFrame> {
  if (framing === 'raw') {
    if (input.length > 0) yield { bytes: input, frame: 1 };
    return;
  }
  let datagrams;
  try {
    datagrams = captureDatagrams(input, joins).datagrams;
  } catch (e) {
    if (e instanceof NetError) throw new CompareFramingError(`pcap: ${e.message}`);
    throw e;
  }
  for (const d of datagrams) yield { bytes: d.payload, frame: d.frame + 1, timestampNs: d.tsNs };
}
