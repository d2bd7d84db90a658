import { NetError } from './errors.ts';

/**
 * Addresses in canonical text form: MAC "01:00:5e:7f:00:01" (lowercase), IPv4 dotted quad.
 * Internally an IPv4 address is an unsigned 32-bit number.
 */
const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

export function parseMac(text: string): Uint8Array {
  const t = text.toLowerCase();
  if (!MAC_RE.test(t)) throw new NetError('bad-address', `not a MAC address: ${JSON.stringify(text)}`);
  return Uint8Array.from(t.split(':').map((h) => parseInt(h, 16)));
}

export function formatMac(bytes: Uint8Array, offset = 0): string {
  let s = '';
  for (let i = 0; i < 6; i++) {
    if (i) s += ':';
    s += (bytes[offset + i] ?? 0).toString(16).padStart(2, '0');
  }
  return s;
}

export function isMac(text: string): boolean {
  return MAC_RE.test(text.toLowerCase());
}

export function parseIpv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) throw new NetError('bad-address', `not an IPv4 address: ${JSON.stringify(text)}`);
  let v = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) {
      throw new NetError('bad-address', `not an IPv4 address: ${JSON.stringify(text)}`);
    }
    v = v * 256 + Number(p);
  }
  return v;
}

export function formatIpv4(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

export function readIpv4(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

export function writeIpv4(bytes: Uint8Array, offset: number, v: number): void {
  bytes[offset] = (v >>> 24) & 255;
  bytes[offset + 1] = (v >>> 16) & 255;
  bytes[offset + 2] = (v >>> 8) & 255;
  bytes[offset + 3] = v & 255;
}

/** 224.0.0.0/4 */
export function isMulticastIpv4(v: number): boolean {
  return v >>> 28 === 0xe;
}

/**
 * RFC 1112 §6.4: the group's low 23 bits placed into 01:00:5e:00:00:00. 32 groups share
 * each MAC, which is why a host must filter on the IP destination as well.
 */
export function multicastMacLow24(group: number): number {
  return group & 0x7fffff;
}

export function multicastMac(group: number): string {
  const low = multicastMacLow24(group);
  return formatMac(Uint8Array.of(0x01, 0x00, 0x5e, (low >>> 16) & 255, (low >>> 8) & 255, low & 255));
}

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';
/** 224.0.0.1 all systems, 224.0.0.2 all routers, 224.0.0.22 IGMPv3-capable routers. */
export const ALL_HOSTS = 0xe0000001;
export const ALL_ROUTERS = 0xe0000002;
export const IGMPV3_ROUTERS = 0xe0000016;
export const LIMITED_BROADCAST = 0xffffffff;
