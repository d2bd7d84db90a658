/**
 * Slice-by-N tables of the IEEE 802.3 CRC-32 (reflected polynomial 0xEDB88320): table 0 is the
 * bytewise table; table s maps a byte to its CRC contribution s bytes further on, so a loop can
 * fold N bytes per step with look-ups only (JS slice-by-8 in crc32.ts, wasm slice-by-16 in
 * checksum-kernel.ts).
 */
export function crcTables(slices: number): Int32Array {
  const t = new Int32Array(slices * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let s = 1; s < slices; s++) {
      c = t[c & 255]! ^ (c >>> 8);
      t[s * 256 + n] = c;
    }
  }
  return t;
}
