import fc from 'fast-check';
import { checksumOf, sum16 } from '../../reference/net/checksum.ts';
import { crc32, writeFcs } from '../../reference/net/crc32.ts';

/**
 * Damage applied to a built frame. Some kinds re-fix the checksums afterwards (a well-formed
 * but semantically odd frame: a fragment, a bad IHL with a valid checksum...), so that the
 * later checks of the stack are reached, not only the first checksum.
 */
export type Corruption =
  | { readonly kind: 'none' }
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'truncate'; readonly keep: number }
  | { readonly kind: 'byte'; readonly at: number; readonly value: number }
  | { readonly kind: 'ip-field'; readonly field: 'ihl' | 'version' | 'total-length' | 'udp-length' | 'fragment' | 'ttl' | 'zero-udp-checksum'; readonly value: number };

export const corruptionArb: fc.Arbitrary<Corruption> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('ip-field' as const),
      field: fc.constantFrom('ihl', 'version', 'total-length', 'udp-length', 'fragment', 'fragment', 'ttl', 'zero-udp-checksum'),
      value: fc.nat({ max: 0xffff }),
    }),
    weight: 4,
  },
);

/** Where the IPv4 header starts, or -1 (not IPv4 or too short). */
export function ipStart(b: Uint8Array, fcs: boolean): number {
  const end = fcs ? b.length - 4 : b.length;
  if (end < 14) return -1;
  let et = (b[12]! << 8) | b[13]!;
  let at = 14;
  if (et === 0x8100) {
    if (end < 18) return -1;
    et = (b[16]! << 8) | b[17]!;
    at = 18;
  }
  return et === 0x0800 && end - at >= 20 ? at : -1;
}

export function applyCorruption(frame: Uint8Array, c: Corruption, fcs: boolean): Uint8Array {
  const b = frame.slice();
  switch (c.kind) {
    case 'none':
      return b;
    case 'flip':
      b[c.at % b.length]! ^= 1 << c.bit;
      return b;
    case 'truncate':
      return b.slice(0, c.keep % b.length);
    case 'byte':
      b[c.at % b.length] = c.value;
      return b;
    case 'ip-field': {
      const at = ipStart(b, fcs);
      if (at < 0) return b;
      const end = fcs ? b.length - 4 : b.length;
      const hlen = (b[at]! & 15) * 4;
      switch (c.field) {
        case 'ihl':
          b[at] = (b[at]! & 0xf0) | (c.value & 15);
          break;
        case 'version':
          b[at] = ((c.value & 15) << 4) | (b[at]! & 15);
          break;
        case 'total-length':
          b[at + 2] = (c.value >>> 8) & 255;
          b[at + 3] = c.value & 255;
          break;
        case 'udp-length':
          if (at + hlen + 6 <= end) {
            b[at + hlen + 4] = (c.value >>> 8) & 255;
            b[at + hlen + 5] = c.value & 255;
          }
          break;
        case 'fragment':
          // MF set at offset 0 half the time (a first fragment: a whole UDP header follows).
          b[at + 6] = c.value & 1 ? 0x20 : (c.value >>> 8) & 0x1f;
          b[at + 7] = c.value & 1 ? 0 : c.value & 255;
          break;
        case 'ttl':
          b[at + 8] = c.value & 255;
          break;
        case 'zero-udp-checksum':
          if (b[at + 9] === 17 && at + hlen + 8 <= end) {
            b[at + hlen + 6] = 0;
            b[at + hlen + 7] = 0;
          }
          break;
      }
      // Re-fix the IPv4 header checksum over the header as now declared, and the FCS.
      const nh = (b[at]! & 15) * 4;
      if (nh >= 20 && at + nh <= end) {
        b[at + 10] = 0;
        b[at + 11] = 0;
        const s = checksumOf(sum16(b, at, at + nh));
        b[at + 10] = s >>> 8;
        b[at + 11] = s & 255;
      }
      if (fcs && b.length >= 4) writeFcs(b, end, crc32(b, 0, end));
      return b;
    }
  }
}
