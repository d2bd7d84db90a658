/**
 * FAST 1.1 transfer encoding, encoding side (spec §10): stop-bit primitives into one growable
 * buffer that is reused across messages. The mirror of wire-reader.ts.
 *
 * Every primitive writes the shortest encoding unless given `overlong` > 0: that many redundant
 * leading bytes (0x00 before an unsigned or non-negative value, 0x7F before a negative one),
 * which a decoder must accept and report as R6 (integers) / R9 (ascii). Range checks are the
 * caller's (the encoder knows the field type); the writer encodes any bigint exactly, so a
 * nullable uInt64 holding 2^64-1 (sent as 2^64, 65 bits) and uInt64 deltas need no special case.
 *
 * Presence maps are written after the segment body they describe (the body's bits are only
 * known once it is encoded), by `insertPresenceMap`, which shifts the body right in place.
 */

const INITIAL_CAPACITY = 256;

export class WireWriter {
  private buf: Uint8Array;
  /** Number of bytes written. */
  length = 0;

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Forget the content, keep the buffer. */
  clear(): void {
    this.length = 0;
  }

  /** A copy of the bytes written (the buffer is reused, so callers get their own array). */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  /** A view of the bytes written, valid until the next write or clear. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  private ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.length++] = b & 0xff;
  }

  private fill(b: number, count: number): void {
    if (count <= 0) return;
    this.ensure(count);
    this.buf.fill(b, this.length, this.length + count);
    this.length += count;
  }

  /** Unsigned stop-bit integer (§10.6.1), value ≥ 0 of any width. */
  uint(value: bigint, overlong = 0): void {
    if (value < 0n) throw new RangeError(`uint: negative value ${value}`);
    if (value <= 0x1fffffffffffffn) {
      this.uintNumber(Number(value), overlong);
      return;
    }
    let groups = 1;
    for (let v = value >> 7n; v > 0n; v >>= 7n) groups++;
    this.fill(0x00, overlong);
    this.ensure(groups);
    const at = this.length;
    let v = value;
    for (let i = groups - 1; i >= 0; i--) {
      this.buf[at + i] = Number(v & 0x7fn);
      v >>= 7n;
    }
    this.buf[at + groups - 1]! |= 0x80;
    this.length += groups;
  }

  /** Unsigned stop-bit integer from a non-negative safe integer (template ids, lengths). */
  uintNumber(value: number, overlong = 0): void {
    if (!(value >= 0) || !Number.isSafeInteger(value)) throw new RangeError(`uintNumber: ${value}`);
    let groups = 1;
    for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) groups++;
    this.fill(0x00, overlong);
    this.ensure(groups);
    const at = this.length;
    let v = value;
    for (let i = groups - 1; i >= 0; i--) {
      this.buf[at + i] = v % 128;
      v = Math.floor(v / 128);
    }
    this.buf[at + groups - 1]! |= 0x80;
    this.length += groups;
  }

  /** Signed stop-bit integer (§10.6.1): two's complement, sign in bit 6 of the first byte. */
  int(value: bigint, overlong = 0): void {
    if (value >= -0x10000000000000n && value <= 0x10000000000000n) {
      this.intNumber(Number(value), overlong);
      return;
    }
    // Smallest n with -2^(7n-1) <= value < 2^(7n-1).
    let groups = 1;
    let bound = 64n; // 2^(7*groups - 1)
    while (value >= bound || value < -bound) {
      groups++;
      bound <<= 7n;
    }
    this.fill(value < 0n ? 0x7f : 0x00, overlong);
    this.ensure(groups);
    const at = this.length;
    let v = value; // arithmetic shift keeps the sign: the low 7 bits are the two's complement group
    for (let i = groups - 1; i >= 0; i--) {
      this.buf[at + i] = Number(v & 0x7fn);
      v >>= 7n;
    }
    this.buf[at + groups - 1]! |= 0x80;
    this.length += groups;
  }

  /** Signed stop-bit integer from a safe integer (|value| ≤ 2^52, so every step below is exact). */
  intNumber(value: number, overlong = 0): void {
    let groups = 1;
    let bound = 64;
    while (value >= bound || value < -bound) {
      groups++;
      bound *= 128;
    }
    this.fill(value < 0 ? 0x7f : 0x00, overlong);
    this.ensure(groups);
    const at = this.length;
    let v = value;
    for (let i = groups - 1; i >= 0; i--) {
      const low = v - Math.floor(v / 128) * 128; // two's complement low 7 bits, also for v < 0
      this.buf[at + i] = low;
      v = Math.floor(v / 128);
    }
    this.buf[at + groups - 1]! |= 0x80;
    this.length += groups;
  }

  /** Nullable unsigned: NULL is 0, a value is sent +1. */
  nullableUint(value: bigint | null, overlong = 0): void {
    this.uint(value === null ? 0n : value + 1n, overlong);
  }

  /** Nullable signed: NULL is 0, non-negative values are sent +1, negative ones unchanged. */
  nullableInt(value: bigint | null, overlong = 0): void {
    this.int(value === null ? 0n : value >= 0n ? value + 1n : value, overlong);
  }

  /**
   * ASCII string (§10.6.3) from its character codes (each < 0x80; the caller checks).
   * Mandatory: `80` is "", a value starting with "\0" gets the `00` preamble (`00 80` is "\0").
   * Optional (nullable): `80` is NULL and every non-NULL value gets one more `00` in front when
   * it is "" or starts with "\0" (`00 80` is "", `00 00 80` is "\0").
   * `overlong` > 0 adds one redundant `00` preamble (R9) where the value does not need one;
   * where it does (or the value is ""), another `00` would change the value, so none is added.
   */
  ascii(chars: Uint8Array, nullable: boolean, overlong = 0): void {
    const n = chars.length;
    if (this.asciiPreamble(n, n === 0 ? 0 : chars[0]!, nullable, overlong)) return;
    this.ensure(n);
    const at = this.length;
    for (let i = 0; i < n; i++) this.buf[at + i] = chars[i]! & 0x7f;
    this.buf[at + n - 1]! |= 0x80;
    this.length += n;
  }

  /** ASCII string from a JS string whose characters are all < 0x80 (no intermediate array). */
  asciiString(value: string, nullable: boolean, overlong = 0): void {
    const n = value.length;
    if (this.asciiPreamble(n, n === 0 ? 0 : value.charCodeAt(0), nullable, overlong)) return;
    this.ensure(n);
    const at = this.length;
    for (let i = 0; i < n; i++) this.buf[at + i] = value.charCodeAt(i) & 0x7f;
    this.buf[at + n - 1]! |= 0x80;
    this.length += n;
  }

  /** Writes the `00` preamble bytes an ascii value needs; true when that was the whole value (""). */
  private asciiPreamble(n: number, first: number, nullable: boolean, overlong: number): boolean {
    if (n === 0 || first === 0) {
      if (nullable) this.byte(0x00);
      if (n === 0) {
        this.byte(0x80);
        return true;
      }
      this.byte(0x00);
    } else if (overlong > 0) {
      this.byte(0x00);
    }
    return false;
  }

  /** Nullable ASCII NULL. */
  nullAscii(): void {
    this.byte(0x80);
  }

  /** Length-prefixed bytes (§10.6.4 byteVector; unicode is its UTF-8): length is a uInt32, nullable if optional. */
  byteVector(bytes: Uint8Array, nullable: boolean, overlong = 0): void {
    this.uintNumber(nullable ? bytes.length + 1 : bytes.length, overlong);
    this.raw(bytes);
  }

  /** A nullable byteVector / unicode NULL (length NULL). */
  nullByteVector(overlong = 0): void {
    this.uintNumber(0, overlong);
  }

  /** A unicode string written as length-prefixed UTF-8 straight into the buffer. */
  utf8(value: string, nullable: boolean, overlong = 0): void {
    const n = Buffer.byteLength(value, 'utf8');
    this.uintNumber(nullable ? n + 1 : n, overlong);
    this.ensure(n);
    const b = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    b.write(value, this.length, n, 'utf8');
    this.length += n;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /**
   * Inserts a presence map (§10.5) at `at`, shifting bytes [at, length) right. `bits[from, to)`
   * are the segment's bits in template order (non-zero = set), seven per byte, most significant
   * first, stop bit on the last byte.
   * - shortest (full = false): ends at the byte holding the last set bit (trailing zero bits are
   *   left out: a truncated map, which reads as zeros). One byte `80` when no bit is set.
   * - full = true: ceil(bits / 7) bytes (at least one), every bit slot present; this is
   *   overlong (R7) whenever its last byte carries no set bit.
   * `padding` extra all-zero bytes follow either form (overlong, R7).
   * Returns the number of bytes inserted.
   */
  insertPresenceMap(at: number, bits: ArrayLike<number>, from: number, to: number, full = false, padding = 0): number {
    let used = to - from;
    if (!full) while (used > 0 && bits[from + used - 1] === 0) used--;
    const size = Math.max(1, Math.ceil(used / 7)) + Math.max(0, padding);
    this.ensure(size);
    const buf = this.buf;
    buf.copyWithin(at + size, at, this.length);
    buf.fill(0, at, at + size);
    for (let i = 0; i < used; i++) {
      if (bits[from + i] !== 0) buf[at + ((i / 7) | 0)]! |= 0x40 >> i % 7;
    }
    buf[at + size - 1]! |= 0x80;
    this.length += size;
    return size;
  }
}

/** Size in bytes of the shortest unsigned encoding of `value` (≥ 0). */
export function uintSize(value: bigint): number {
  let n = 1;
  for (let v = value >> 7n; v > 0n; v >>= 7n) n++;
  return n;
}

/** Size in bytes of the shortest signed encoding of `value`. */
export function intSize(value: bigint): number {
  let n = 1;
  let bound = 64n;
  while (value >= bound || value < -bound) {
    n++;
    bound <<= 7n;
  }
  return n;
}
