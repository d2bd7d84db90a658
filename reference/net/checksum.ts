/**
 * The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit
 * big-endian words. Sums are accumulated in a plain number and folded once: the unfolded sum
 * of a 9000-byte jumbo is at most 4500 × 0xffff < 2^29, far inside exact integer range.
 */

/** Unfolded sum of bytes[start, end) as 16-bit big-endian words (odd tail padded with zero). */
export function sum16(bytes: Uint8Array, start: number, end: number, initial = 0): number {
  let s = initial;
  let i = start;
  // Four words per iteration: a quarter of the loop overhead on the hot path.
  const end8 = end - ((end - start) & 7);
  for (; i < end8; i += 8) {
    s +=
      ((bytes[i]! << 8) | bytes[i + 1]!) +
      ((bytes[i + 2]! << 8) | bytes[i + 3]!) +
      ((bytes[i + 4]! << 8) | bytes[i + 5]!) +
      ((bytes[i + 6]! << 8) | bytes[i + 7]!);
  }
  for (; i + 1 < end; i += 2) s += (bytes[i]! << 8) | bytes[i + 1]!;
  if (i < end) s += bytes[i]! << 8;
  return s;
}

/** The word-at-a-time definition, for tests only: sum16 must equal it. */
export function sum16Wordwise(bytes: Uint8Array, start: number, end: number, initial = 0): number {
  let s = initial;
  for (let i = start; i < end; i += 2) s += (bytes[i]! << 8) | (i + 1 < end ? bytes[i + 1]! : 0);
  return s;
}

/** Folds carries into 16 bits. */
export function fold16(s: number): number {
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return s;
}

/** The checksum to store in a header whose checksum field was zero while summing. */
export function checksumOf(sum: number): number {
  return ~fold16(sum) & 0xffff;
}

/** A region including its checksum field verifies when the folded sum is 0xffff. */
export function sumVerifies(sum: number): boolean {
  return fold16(sum) === 0xffff;
}

/** RFC 768 pseudo-header sum: source, destination, zero+protocol, UDP length. */
export function pseudoHeaderSum(src: number, dst: number, protocol: number, length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
}
