/**
 * FAST 1.1 transfer encoding, decoding side (spec §10): stop-bit primitives over a byte array.
 *
 * Every read is bounds-checked. Running off the end of the data is the dynamic error
 * `EOF_CODE` (Appendix 4 names no code for it, see spec/fast/canonical.md), raised with the
 * offset of the first byte of the element that was cut. Reportable conditions (overlong
 * encodings) go to the `report` callback, which either records them or throws (strict mode).
 *
 * Integers come in three flavours, all exact:
 * - `readUInt` / `readInt`: a JS number, for fields whose range is within ±2^33 (int32, uInt32,
 *   lengths, template ids, exponents, subtraction lengths). A magnitude beyond 2^53 comes back
 *   as ±Infinity, which lies outside every range those callers check, so no value is ever rounded.
 * - `readUIntExact` / `readIntExact`: an `Int64Value`, for int64 / uInt64 and their deltas: the
 *   number path above while the value fits (|v| ≤ 2^53), a bigint only beyond.
 * - `readUIntBig` / `readIntBig`: the same value always as a bigint.
 * Redundant leading bytes never grow the accumulator, so a long overlong integer costs O(n).
 */
import type { Int64Value } from './dictionary.ts';
import { FastError, type DynamicCode, type ReportableCode } from './errors.ts';

/** The code used for "the data ended inside an element" (no Appendix 4 code fits, see canonical.md). */
export const EOF_CODE: DynamicCode = 'D1';

export type ReportSink = (code: ReportableCode, offset: number, message: string) => void;

/** 2^46: multiplying anything at or above it by 128 leaves the exact range of a double. */
const SAFE_SHIFT_LIMIT = 2 ** 46;

/**
 * A presence map (§10.5): the 7 data bits of each byte, most significant first. Bits past the
 * last byte read as 0 (a truncated map is legal, §10.5.1).
 *
 * The bits are read as a number, up to four bytes (28 bits) at a time: `next()` tests one bit of
 * `chunk` and shifts `mask`; the next bytes are loaded only when a chunk is used up, which a map
 * of up to 28 fields never needs.
 */
export class PresenceMap {
  /** Data bits of the loaded bytes; `mask` is the weight of the next bit (0: chunk used up). */
  private chunk = 0;
  private mask = 0;
  /** Offset of the first byte not yet loaded into `chunk`. */
  private cursor: number;
  private readonly end: number;
  private index = 0;
  constructor(
    private readonly bytes: Uint8Array,
    /** Offset of the map's first byte in the stream. */
    readonly offset: number,
    /** Number of bytes the map occupies. */
    readonly length: number,
  ) {
    this.cursor = offset;
    this.end = offset + length;
    this.load();
  }

  /** Loads up to four more bytes into `chunk` (none left: `mask` stays 0). */
  private load(): void {
    const n = Math.min(4, this.end - this.cursor);
    let chunk = 0;
    for (let k = 0; k < n; k++) chunk = (chunk << 7) | (this.bytes[this.cursor + k]! & 0x7f);
    this.cursor += n;
    this.chunk = chunk;
    this.mask = n > 0 ? 1 << (7 * n - 1) : 0;
  }

  /** The next bit, in template order. */
  next(): boolean {
    this.index++;
    if (this.mask === 0) {
      if (this.cursor >= this.end) return false;
      this.load();
    }
    const set = (this.chunk & this.mask) !== 0;
    this.mask >>>= 1;
    return set;
  }

  /** Bits consumed so far. */
  get consumed(): number {
    return this.index;
  }

  /** True when a bit at or after the consumed ones is set (R8: more bits than fields). */
  hasUnusedSetBits(): boolean {
    if (this.mask !== 0 && (this.chunk & ((this.mask << 1) - 1)) !== 0) return true;
    for (let i = this.cursor; i < this.end; i++) if ((this.bytes[i]! & 0x7f) !== 0) return true;
    return false;
  }
}

export class WireReader {
  /** Offset of the next unread byte. */
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    offset: number,
    readonly report: ReportSink,
  ) {
    this.pos = offset;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  eof(start: number, what: string): FastError {
    return new FastError(EOF_CODE, `unexpected end of data in ${what} starting at byte ${start}`, start);
  }

  /** Offset just past the stop-bit byte of the entity starting at `start`; throws at end of data. */
  private stopBitEnd(start: number, what: string): number {
    const bytes = this.bytes;
    let i = start;
    while (i < bytes.length) {
      if ((bytes[i++]! & 0x80) !== 0) return i;
    }
    throw this.eof(start, what);
  }

  /** §10.5: a presence map; R7 when its trailing byte carries no set bit (overlong). */
  readPresenceMap(): PresenceMap {
    const start = this.pos;
    const end = this.stopBitEnd(start, 'presence map');
    this.pos = end;
    const length = end - start;
    if (length > 1 && (this.bytes[end - 1]! & 0x7f) === 0) {
      this.report('R7', start, `overlong presence map (${length} bytes, trailing byte empty)`);
    }
    return new PresenceMap(this.bytes, start, length);
  }

  /** §10.6.1 unsigned integer as a number (±Infinity when ≥ 2^53, see the module comment). */
  readUInt(): number {
    const bytes = this.bytes;
    const start = this.pos;
    // One byte, the common case: its 7 data bits (a single byte is never overlong).
    if (start < bytes.length && (bytes[start]! & 0x80) !== 0) {
      this.pos = start + 1;
      return bytes[start]! & 0x7f;
    }
    let i = start;
    let v = 0;
    for (;;) {
      if (i >= bytes.length) throw this.eof(start, 'unsigned integer');
      const b = bytes[i++]!;
      v = v >= SAFE_SHIFT_LIMIT ? Infinity : v * 128 + (b & 0x7f);
      if (b & 0x80) break;
    }
    this.pos = i;
    if (i - start > 1 && bytes[start] === 0x00) this.report('R6', start, 'overlong unsigned integer');
    return v;
  }

  /** §10.6.1 signed integer (two's complement, sign in bit 6 of the first byte) as a number. */
  readInt(): number {
    const bytes = this.bytes;
    const start = this.pos;
    if (start >= bytes.length) throw this.eof(start, 'signed integer');
    const first = bytes[start]!;
    let v = (first & 0x40) !== 0 ? (first & 0x7f) - 128 : first & 0x7f;
    let i = start + 1;
    if ((first & 0x80) === 0) {
      for (;;) {
        if (i >= bytes.length) throw this.eof(start, 'signed integer');
        const b = bytes[i++]!;
        if (v >= SAFE_SHIFT_LIMIT) v = Infinity;
        else if (v < -SAFE_SHIFT_LIMIT) v = -Infinity;
        else v = v * 128 + (b & 0x7f);
        if (b & 0x80) break;
      }
    }
    this.pos = i;
    this.checkOverlongSigned(start, i);
    return v;
  }

  /** Nullable unsigned (§10.6.1): 0 is NULL, every other value is sent +1. */
  readUIntNullable(): number | null {
    const v = this.readUInt();
    return v === 0 ? null : v - 1;
  }

  /** Nullable signed: 0 is NULL, non-negative values are sent +1, negative ones unchanged. */
  readIntNullable(): number | null {
    const v = this.readInt();
    return v === 0 ? null : v > 0 ? v - 1 : v;
  }

  /** Unsigned integer of any width (a nullable uInt64 needs 65 bits), exact: see the module comment. */
  readUIntExact(): Int64Value {
    const start = this.pos;
    const v = this.readUInt();
    return v !== Infinity ? v : accumulate(this.bytes, start, this.pos, 0n);
  }

  /** Signed integer of any width, exact: a number when |v| ≤ 2^53, else a bigint. */
  readIntExact(): Int64Value {
    const start = this.pos;
    const v = this.readInt();
    if (v !== Infinity && v !== -Infinity) return v;
    const bytes = this.bytes;
    const end = this.pos;
    const negative = (bytes[start]! & 0x40) !== 0;
    // Skip sign-extension bytes (0x00 before a positive, 0x7F before a negative data byte).
    let i = start;
    const filler = negative ? 0x7f : 0x00;
    while (i < end - 1 && bytes[i] === filler && ((bytes[i + 1]! & 0x40) !== 0) === negative) i++;
    return accumulate(bytes, i, end, negative ? -1n : 0n);
  }

  /** Nullable `readUIntExact` (0 is NULL, other values are sent +1). */
  readUIntExactNullable(): Int64Value | null {
    const v = this.readUIntExact();
    return v === 0 ? null : typeof v === 'number' ? v - 1 : v - 1n;
  }

  /** Nullable `readIntExact` (0 is NULL, non-negative values are sent +1). */
  readIntExactNullable(): Int64Value | null {
    const v = this.readIntExact();
    if (v === 0) return null;
    return v < 0 ? v : typeof v === 'number' ? v - 1 : v - 1n;
  }

  /** Unsigned integer as a bigint. */
  readUIntBig(): bigint {
    return BigInt(this.readUIntExact());
  }

  /** Signed integer as a bigint. */
  readIntBig(): bigint {
    return BigInt(this.readIntExact());
  }

  readUIntBigNullable(): bigint | null {
    const v = this.readUIntBig();
    return v === 0n ? null : v - 1n;
  }

  readIntBigNullable(): bigint | null {
    const v = this.readIntBig();
    return v === 0n ? null : v > 0n ? v - 1n : v;
  }

  /** R6 for a signed integer whose first byte is pure sign extension of the second. */
  private checkOverlongSigned(start: number, end: number): void {
    if (end - start < 2) return;
    const a = this.bytes[start]!;
    const b = this.bytes[start + 1]!;
    if ((a === 0x00 && (b & 0x40) === 0) || (a === 0x7f && (b & 0x40) !== 0)) {
      this.report('R6', start, 'overlong signed integer');
    }
  }

  /**
   * §10.6.3 ASCII string. Mandatory: `80` is "", a leading `00` is a preamble that lets the
   * value start with "\0" (`00 80` is "\0"); a preamble before a value that does not need it is
   * overlong (R9). Optional: `80` is NULL, and a leading `00` shifts the mandatory rules
   * (`00 80` is "", `00 00 80` is "\0").
   */
  readAscii(nullable: boolean): string | null {
    const start = this.pos;
    const end = this.stopBitEnd(start, 'ascii string');
    this.pos = end;
    const bytes = this.bytes;
    if (!nullable) return this.mandatoryAscii(start, end);
    if (end - start === 1 && bytes[start] === 0x80) return null;
    if (bytes[start] !== 0x00) return literalAscii(bytes, start, end);
    // Preamble: needed only when the mandatory form of the value starts with 80 ("") or 00.
    const next = bytes[start + 1]!;
    if (next !== 0x00 && !(next === 0x80 && end - start === 2)) this.report('R9', start, 'overlong ascii string');
    return this.mandatoryAscii(start + 1, end);
  }

  /** Mandatory ascii of bytes[start, end) (end just past the stop bit). */
  private mandatoryAscii(start: number, end: number): string {
    const bytes = this.bytes;
    if (end - start === 1 && bytes[start] === 0x80) return '';
    if (bytes[start] !== 0x00) return literalAscii(bytes, start, end);
    // Preamble: needed only when the value itself starts with "\0".
    if ((bytes[start + 1]! & 0x7f) !== 0) this.report('R9', start, 'overlong ascii string');
    return literalAscii(bytes, start + 1, end);
  }

  /**
   * A length-prefixed byte sequence (§10.6.4 byteVector, §10.6.3 unicode): the length is an
   * uInt32, nullable when the field is optional. The length is checked against the remaining
   * data before anything is allocated. The result is a view into the input (no copy).
   */
  readByteVector(nullable: boolean): Uint8Array | null {
    const start = this.pos;
    let length: number;
    if (nullable) {
      const n = this.readUIntNullable();
      if (n === null) return null;
      length = n;
    } else {
      length = this.readUInt();
    }
    if (length > 0xffffffff) {
      // D2: an integer in the stream outside the bounds of its type (the length is a uInt32).
      throw new FastError('D2', `byte vector length ${String(length)} does not fit a uInt32`, start);
    }
    if (length > this.remaining) {
      throw new FastError(
        EOF_CODE,
        `byte vector at byte ${start} claims ${length} bytes, only ${this.remaining} remain`,
        start,
      );
    }
    const v = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return v;
  }
}

function accumulate(bytes: Uint8Array, from: number, end: number, initial: bigint): bigint {
  let v = initial;
  for (let i = from; i < end; i++) {
    const b = bytes[i]!;
    // For a negative value `initial` is -1n: shifting in the data bits of two's complement.
    v = (v << 7n) | BigInt(b & 0x7f);
  }
  return v;
}

function literalAscii(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]! & 0x7f);
  return s;
}
