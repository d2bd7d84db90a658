import { parseIpv4, parseMac, writeIpv4 } from './address.ts';
import { checksumOf, pseudoHeaderSum, sum16 } from './checksum.ts';
import { crc32, writeFcs } from './crc32.ts';
import { NetError } from './errors.ts';
import { ETHERTYPE, IPPROTO, MIN_FRAME, type FrameSpec, type IpOption, type Ipv4Spec } from './frame-spec.ts';
import { hexToBytes } from './hex.ts';
import { encodeIgmp } from './igmp.ts';

/**
 * Builds the wire bytes of a frame: headers, every checksum, zero padding up to the 60-byte
 * minimum, then the FCS when asked. Out-of-range fields are a NetError('bad-spec').
 */
export function buildFrame(spec: FrameSpec): Uint8Array {
  const body = buildBody(spec);
  const hdr = spec.vlan ? 18 : 14;
  const unpadded = hdr + body.length;
  const len = Math.max(unpadded, MIN_FRAME);
  const out = new Uint8Array(len + (spec.fcs ? 4 : 0));
  out.set(parseMac(spec.dst), 0);
  out.set(parseMac(spec.src), 6);
  let at = 12;
  if (spec.vlan) {
    const { pcp, dei, vid } = spec.vlan;
    range(pcp, 0, 7, 'vlan.pcp');
    range(vid, 0, 4094, 'vlan.vid');
    put16(out, 12, ETHERTYPE.VLAN);
    put16(out, 14, (pcp << 13) | (dei ? 0x1000 : 0) | vid);
    at = 16;
  }
  put16(out, at, ethertypeOf(spec));
  out.set(body, hdr);
  if (spec.fcs) writeFcs(out, len, crc32(out, 0, len));
  return out;
}

function ethertypeOf(spec: FrameSpec): number {
  const b = spec.body;
  if (b.kind === 'arp') return ETHERTYPE.ARP;
  if (b.kind === 'ipv4') return ETHERTYPE.IPV4;
  range(b.ethertype, 0x0600, 0xffff, 'ethertype');
  if (b.ethertype === ETHERTYPE.VLAN) throw new NetError('bad-spec', 'raw ethertype 0x8100: use the vlan field');
  return b.ethertype;
}

function buildBody(spec: FrameSpec): Uint8Array {
  const b = spec.body;
  switch (b.kind) {
    case 'arp': {
      const out = new Uint8Array(28);
      put16(out, 0, 1); // Ethernet
      put16(out, 2, ETHERTYPE.IPV4);
      out[4] = 6;
      out[5] = 4;
      range(b.op, 0, 0xffff, 'arp.op');
      put16(out, 6, b.op);
      out.set(parseMac(b.sha), 8);
      writeIpv4(out, 14, parseIpv4(b.spa));
      out.set(parseMac(b.tha), 18);
      writeIpv4(out, 24, parseIpv4(b.tpa));
      return out;
    }
    case 'raw':
      return hexToBytes(b.data);
    case 'ipv4':
      return buildIpv4(b);
  }
}

export function encodeIpOptions(options: readonly IpOption[]): Uint8Array {
  const parts: number[] = [];
  for (const o of options) {
    range(o.type, 1, 255, 'ip option type');
    if (o.type === 1) {
      if (o.data !== '') throw new NetError('bad-spec', 'NOP option carries no data');
      parts.push(1);
      continue;
    }
    const d = hexToBytes(o.data);
    if (d.length > 38) throw new NetError('bad-spec', 'ip option too long');
    parts.push(o.type, d.length + 2, ...d);
  }
  while (parts.length % 4) parts.push(0);
  if (parts.length > 40) throw new NetError('bad-spec', 'ip options exceed 40 bytes');
  return Uint8Array.from(parts);
}

function buildIpv4(ip: Ipv4Spec): Uint8Array {
  const opts = encodeIpOptions(ip.options);
  const hlen = 20 + opts.length;
  const p = ip.payload;
  let l4: Uint8Array;
  let protocol: number;
  if (p.kind === 'udp') {
    protocol = IPPROTO.UDP;
    const data = hexToBytes(p.data);
    l4 = new Uint8Array(8 + data.length);
    range(p.srcPort, 0, 0xffff, 'udp.srcPort');
    range(p.dstPort, 0, 0xffff, 'udp.dstPort');
    put16(l4, 0, p.srcPort);
    put16(l4, 2, p.dstPort);
    put16(l4, 4, l4.length);
    l4.set(data, 8);
  } else if (p.kind === 'igmp') {
    protocol = IPPROTO.IGMP;
    l4 = encodeIgmp(p.message);
  } else {
    range(p.protocol, 0, 255, 'ipv4 protocol');
    protocol = p.protocol;
    l4 = hexToBytes(p.data);
  }
  const total = hlen + l4.length;
  if (total > 0xffff) throw new NetError('bad-spec', `IPv4 total length ${total} exceeds 65535`);
  range(ip.dscp, 0, 63, 'dscp');
  range(ip.ecn, 0, 3, 'ecn');
  range(ip.id, 0, 0xffff, 'id');
  range(ip.fragmentOffset, 0, 8191, 'fragmentOffset');
  range(ip.ttl, 0, 255, 'ttl');
  const src = parseIpv4(ip.src);
  const dst = parseIpv4(ip.dst);
  const out = new Uint8Array(total);
  out[0] = 0x40 | (hlen / 4);
  out[1] = (ip.dscp << 2) | ip.ecn;
  put16(out, 2, total);
  put16(out, 4, ip.id);
  put16(out, 6, (ip.df ? 0x4000 : 0) | (ip.mf ? 0x2000 : 0) | ip.fragmentOffset);
  out[8] = ip.ttl;
  out[9] = protocol;
  writeIpv4(out, 12, src);
  writeIpv4(out, 16, dst);
  out.set(opts, 20);
  put16(out, 10, checksumOf(sum16(out, 0, hlen)));
  out.set(l4, hlen);
  if (p.kind === 'udp' && !p.zeroChecksum) {
    const c = checksumOf(sum16(out, hlen, total, pseudoHeaderSum(src, dst, IPPROTO.UDP, l4.length)));
    // RFC 768: a computed zero is sent as all ones (zero means "no checksum").
    put16(out, hlen + 6, c === 0 ? 0xffff : c);
  }
  return out;
}

function put16(b: Uint8Array, at: number, v: number): void {
  b[at] = (v >>> 8) & 255;
  b[at + 1] = v & 255;
}

function range(v: number, lo: number, hi: number, what: string): void {
  if (!Number.isInteger(v) || v < lo || v > hi) throw new NetError('bad-spec', `${what} out of range [${lo}, ${hi}]: ${v}`);
}
