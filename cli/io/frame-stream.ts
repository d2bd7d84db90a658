import type { CaptureRecord } from '../../reference/net/capture.ts';
import { NetError } from '../../reference/net/errors.ts';
import { CaptureStreamParser } from '../../reference/net/pcap-stream.ts';
import { datagramOf, joinSet, type Join } from '../net/framing-pcap.ts';
import type { ByteSource } from './byte-source.ts';

/**
 * The frames of a streamed input, in batches (all the whole frames of what has been read), in
 * constant memory: `len32le` (a uint32 little-endian length before each frame) and `pcap` (the
 * UDP datagrams of a pcap or pcapng capture, filtered by --join as `decode --framing pcap`
 * filters them). A frame's bytes stay valid after the next batch (ByteSource never reuses them).
 * An input cut short or damaged yields every whole frame before the damage, then throws a
 * FrameStreamError naming the frame and the input offset.
 */
export interface StreamFrame {
  /** 0-based: the len32le frame, or the capture record the datagram came in. */
  readonly index: number;
  /** Input offset of the frame's first byte (its length word, its capture record). */
  readonly offset: number;
  readonly bytes: Uint8Array;
  /** pcap: the capture timestamp and the datagram's destination. */
  readonly tsNs?: bigint;
  readonly dst?: string;
  readonly dstPort?: number;
}

export class FrameStreamError extends Error {
  override readonly name = 'FrameStreamError';
  constructor(
    message: string,
    /** Input offset where the damage is. */
    readonly offset: number,
    /** 0-based index of the frame (or capture record) that could not be read. */
    readonly frame: number,
  ) {
    super(message);
  }
}

/** A len32le frame longer than this is refused (a damaged length word, not a FAST frame). */
export const MAX_LEN32LE_FRAME = 64 << 20;

export async function* len32leFrames(src: ByteSource): AsyncGenerator<StreamFrame[]> {
  let index = 0;
  for (;;) {
    if (!(await src.fill(4))) {
      const left = src.available().length;
      if (left === 0) return;
      throw new FrameStreamError(`len32le: ${left} trailing bytes at offset ${src.offset} after frame ${index}, too short for a length (the input is cut short)`, src.offset, index);
    }
    const batch: StreamFrame[] = [];
    let b = src.available();
    let view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let at = 0;
    for (;;) {
      if (b.length - at < 4) break;
      const n = view.getUint32(at, true);
      if (n > MAX_LEN32LE_FRAME) {
        src.consume(at);
        if (batch.length > 0) yield batch;
        throw new FrameStreamError(`len32le: frame ${index + 1} at offset ${src.offset} claims ${n} bytes, more than a frame may have (${MAX_LEN32LE_FRAME}): not a len32le stream, or damaged`, src.offset, index);
      }
      if (b.length - at - 4 < n) {
        if (at > 0 || batch.length > 0) break;
        // The first frame is not whole yet: read on until it is, or the input ends.
        if (await src.fill(4 + n)) {
          b = src.available();
          view = new DataView(b.buffer, b.byteOffset, b.byteLength);
          continue;
        }
        throw new FrameStreamError(`len32le: frame ${index + 1} at offset ${src.offset} claims ${n} bytes, only ${src.available().length - 4} remain (the input is cut short)`, src.offset, index);
      }
      batch.push({ index, offset: src.offset + at, bytes: b.subarray(at + 4, at + 4 + n) });
      index++;
      at += 4 + n;
    }
    src.consume(at);
    if (batch.length > 0) yield batch;
    if (src.available().length >= 4 || (await src.more())) continue;
    if (src.available().length === 0) return;
  }
}

export interface RecordAt {
  readonly index: number;
  readonly offset: number;
  readonly record: CaptureRecord;
}

/**
 * The records of a pcap or pcapng capture, in batches. `parser` (given or made) says the
 * format, byte order and resolution once the header is read. A NetError from the parser (a
 * damaged capture) and a capture cut short become a FrameStreamError after the records before.
 */
export async function* captureRecordBatches(src: ByteSource, parser: CaptureStreamParser = new CaptureStreamParser()): AsyncGenerator<RecordAt[]> {
  for (;;) {
    const batch: RecordAt[] = [];
    const b = src.available();
    let at = 0;
    let need = 0;
    let failure: NetError | undefined;
    while (at < b.length || (parser.format === undefined && src.eof)) {
      let s;
      try {
        s = parser.step(b.subarray(at), src.offset + at);
      } catch (err) {
        if (!(err instanceof NetError)) throw err;
        failure = err;
        break;
      }
      if ('need' in s) {
        need = s.need;
        break;
      }
      if (s.record) batch.push({ index: parser.records - 1, offset: src.offset + at, record: s.record });
      at += s.consumed;
    }
    src.consume(at);
    if (batch.length > 0) yield batch;
    if (failure) throw netFailure(failure, parser);
    const left = src.available().length;
    if (need > 0 ? await src.fill(need) : await src.more()) continue;
    if (src.available().length === 0 && parser.format !== undefined) return;
    throw netFailure(parser.truncated(src.offset, src.available().length, Math.max(need, left + 1)), parser);
  }
}

function netFailure(e: NetError, parser: CaptureStreamParser): FrameStreamError {
  return new FrameStreamError(`pcap: ${e.message}`, e.offset ?? 0, e.frameIndex ?? parser.records);
}

/** The UDP datagrams of a capture (valid checksums, not fragments, to a joined group:port when given). */
export async function* pcapFrames(src: ByteSource, joins: readonly Join[] = []): AsyncGenerator<StreamFrame[]> {
  const wanted = joinSet(joins);
  for await (const records of captureRecordBatches(src)) {
    const batch: StreamFrame[] = [];
    for (const { index, offset, record } of records) {
      const d = datagramOf(record, index, wanted);
      if (!('reason' in d)) batch.push({ index, offset, bytes: d.payload, tsNs: d.tsNs, dst: d.dst, dstPort: d.dstPort });
    }
    if (batch.length > 0) yield batch;
  }
}

export type StreamFraming = 'len32le' | 'pcap';

export function frameBatches(src: ByteSource, framing: StreamFraming, joins: readonly Join[] = []): AsyncGenerator<StreamFrame[]> {
  return framing === 'len32le' ? len32leFrames(src) : pcapFrames(src, joins);
}
