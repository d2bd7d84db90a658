import { kernelCrc32 } from './checksum-kernel.ts';
import { crcTables } from './crc-tables.ts';

/**
 * CRC-32 of IEEE 802.3 (reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF). The
 * Ethernet FCS is this CRC sent least significant byte first. crc32() runs the WebAssembly
 * slice-by-16 kernel (checksum-kernel.ts) when the range is long enough to pay for copying the
 * bytes into wasm memory, else slice-by-8 in JS: eight 256-entry tables let the loop consume
 * 8 bytes per iteration with table look-ups only, no per-byte branching.
 */
const TABLES = crcTables(8);

/** CRC-32 of bytes[start, end) as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const k = kernelCrc32(bytes, start, end);
  return k >= 0 ? k : crc32SliceBy8(bytes, start, end);
}

/** The JS path (short ranges, or no WebAssembly); also an oracle for the kernel in tests. */
export function crc32SliceBy8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = TABLES;
  let c = -1;
  let i = start;
  const end8 = end - ((end - start) & 7);
  while (i < end8) {
    const a = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c =
      t[1792 + (a & 255)]! ^
      t[1536 + ((a >>> 8) & 255)]! ^
      t[1280 + ((a >>> 16) & 255)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
    i += 8;
  }
  while (i < end) c = t[(c ^ bytes[i++]!) & 255]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** The bit-at-a-time definition, for tests only: the table version must equal it. */
export function crc32Bitwise(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) {
    c ^= bytes[i]!;
    for (let k = 0; k < 8; k++) c = c & 1 ? (0xedb88320 ^ (c >>> 1)) >>> 0 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** Reads the FCS stored (LSB first) at bytes[at, at+4). */
export function readFcs(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

export function writeFcs(bytes: Uint8Array, at: number, fcs: number): void {
  bytes[at] = fcs & 255;
  bytes[at + 1] = (fcs >>> 8) & 255;
  bytes[at + 2] = (fcs >>> 16) & 255;
  bytes[at + 3] = (fcs >>> 24) & 255;
}

/** True when the last 4 bytes of bytes[0, end) are the FCS of what precedes them. */
export function fcsValid(bytes: Uint8Array, end = bytes.length): boolean {
  return end >= 4 && crc32(bytes, 0, end - 4) === readFcs(bytes, end - 4);
}
