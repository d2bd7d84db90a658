import { formatIpv4, formatMac, readIpv4 } from './address.ts';
import { pseudoHeaderSum, sum16, sumVerifies } from './checksum.ts';
import { crc32, readFcs } from './crc32.ts';
import { NetError } from './errors.ts';
import {
  ETHERTYPE,
  IPPROTO,
  type ArpSpec,
  type FrameSpec,
  type IgmpMessage,
  type IpOption,
  type Ipv4Spec,
  type RawL3Spec,
  type RawL4Spec,
  type VlanTag,
} from './frame-spec.ts';
import { bytesToHex } from './hex.ts';
import { decodeIgmp } from './igmp.ts';

/**
 * The parser: wire bytes -> the canonical frame (spec/net/frames.md), with every derived
 * field (lengths, checksums, their validity). It never throws on frame contents: where a layer
 * cannot be read, `error` says why and at which frame offset, and the layers above are null.
 */
export type ParseErrorCode =
  | 'truncated'
  | 'bad-ip-version'
  | 'bad-ip-header-length'
  | 'bad-ip-length'
  | 'bad-ip-options'
  | 'bad-udp-length'
  | 'igmp-bad-length'
  | 'igmp-unsupported'
  | 'arp-unsupported';

export interface ParseError {
  readonly code: ParseErrorCode;
  readonly offset: number;
}

export interface ParsedFrame {
  /** Bytes on the wire, FCS included. */
  readonly length: number;
  /** value: the 4 trailing bytes as on the wire (hex); valid: they are the CRC-32 of the rest, LSB first. */
  readonly fcs: { readonly value: string; readonly valid: boolean } | null;
  readonly dst: string;
  readonly src: string;
  readonly vlan: VlanTag | null;
  readonly ethertype: number;
  readonly body: ArpSpec | ParsedIpv4 | RawL3Spec | null;
  /** Bytes after the network-layer packet (before the FCS): Ethernet minimum-size padding. */
  readonly padding: number;
  readonly error: ParseError | null;
}

export interface ParsedIpv4 extends Omit<Ipv4Spec, 'payload'> {
  readonly ihl: number;
  readonly totalLength: number;
  readonly protocol: number;
  readonly checksum: number;
  readonly checksumValid: boolean;
  readonly fragment: boolean;
  readonly payload: ParsedUdp | ParsedIgmp | RawL4Spec | null;
}

export interface ParsedUdp {
  readonly kind: 'udp';
  readonly srcPort: number;
  readonly dstPort: number;
  readonly length: number;
  readonly checksum: number;
  /** null when the checksum is zero (not computed by the sender). */
  readonly checksumValid: boolean | null;
  readonly zeroChecksum: boolean;
  readonly data: string;
}

export interface ParsedIgmp {
  readonly kind: 'igmp';
  readonly checksum: number;
  readonly checksumValid: boolean;
  readonly message: IgmpMessage;
}

export interface ParseOptions {
  /** The last 4 bytes are the FCS. */
  readonly fcs: boolean;
}

export function parseFrame(b: Uint8Array, { fcs }: ParseOptions): ParsedFrame {
  const length = b.length;
  const end = fcs ? length - 4 : length;
  const fcsField = fcs && length >= 4 ? { value: bytesToHex(b, end, end + 4), valid: crc32(b, 0, end) === readFcs(b, end) } : null;
  if (end < 14) {
    return { length, fcs: fcsField, dst: '', src: '', vlan: null, ethertype: 0, body: null, padding: 0, error: { code: 'truncated', offset: Math.max(end, 0) } };
  }
  const dst = formatMac(b, 0);
  const src = formatMac(b, 6);
  let ethertype = (b[12]! << 8) | b[13]!;
  let vlan: VlanTag | null = null;
  let at = 14;
  if (ethertype === ETHERTYPE.VLAN) {
    if (end < 18) return { length, fcs: fcsField, dst, src, vlan, ethertype, body: null, padding: 0, error: { code: 'truncated', offset: end } };
    const tci = (b[14]! << 8) | b[15]!;
    vlan = { pcp: tci >>> 13, dei: (tci & 0x1000) !== 0, vid: tci & 0xfff };
    ethertype = (b[16]! << 8) | b[17]!;
    at = 18;
  }
  const base = { length, fcs: fcsField, dst, src, vlan, ethertype };
  if (ethertype === ETHERTYPE.ARP) {
    if (end - at < 28) return { ...base, body: null, padding: 0, error: { code: 'truncated', offset: end } };
    if (((b[at]! << 8) | b[at + 1]!) !== 1 || ((b[at + 2]! << 8) | b[at + 3]!) !== ETHERTYPE.IPV4 || b[at + 4] !== 6 || b[at + 5] !== 4) {
      return { ...base, body: null, padding: 0, error: { code: 'arp-unsupported', offset: at } };
    }
    const body: ArpSpec = {
      kind: 'arp',
      op: (b[at + 6]! << 8) | b[at + 7]!,
      sha: formatMac(b, at + 8),
      spa: formatIpv4(readIpv4(b, at + 14)),
      tha: formatMac(b, at + 18),
      tpa: formatIpv4(readIpv4(b, at + 24)),
    };
    return { ...base, body, padding: end - at - 28, error: null };
  }
  if (ethertype !== ETHERTYPE.IPV4) {
    return { ...base, body: { kind: 'raw', ethertype, data: bytesToHex(b, at, end) }, padding: 0, error: null };
  }
  return parseIpv4(b, at, end, base);
}

function parseIpv4(
  b: Uint8Array,
  at: number,
  end: number,
  base: Pick<ParsedFrame, 'length' | 'fcs' | 'dst' | 'src' | 'vlan' | 'ethertype'>,
): ParsedFrame {
  const fail = (code: ParseErrorCode, offset: number): ParsedFrame => ({ ...base, body: null, padding: 0, error: { code, offset } });
  if (end - at < 20) return fail('truncated', end);
  if (b[at]! >>> 4 !== 4) return fail('bad-ip-version', at);
  const ihl = b[at]! & 15;
  if (ihl < 5) return fail('bad-ip-header-length', at);
  const hend = at + ihl * 4;
  if (hend > end) return fail('truncated', end);
  const totalLength = (b[at + 2]! << 8) | b[at + 3]!;
  if (totalLength < ihl * 4) return fail('bad-ip-length', at + 2);
  if (at + totalLength > end) return fail('truncated', end);
  const options: IpOption[] = [];
  for (let o = at + 20; o < hend; ) {
    const t = b[o]!;
    if (t === 0) break;
    if (t === 1) {
      options.push({ type: 1, data: '' });
      o++;
      continue;
    }
    if (o + 1 >= hend) return fail('bad-ip-options', o);
    const len = b[o + 1]!;
    if (len < 2 || o + len > hend) return fail('bad-ip-options', o + 1);
    options.push({ type: t, data: bytesToHex(b, o + 2, o + len) });
    o += len;
  }
  const flags = (b[at + 6]! << 8) | b[at + 7]!;
  const df = (flags & 0x4000) !== 0;
  const mf = (flags & 0x2000) !== 0;
  const fragmentOffset = flags & 0x1fff;
  const protocol = b[at + 9]!;
  const srcN = readIpv4(b, at + 12);
  const dstN = readIpv4(b, at + 16);
  const pend = at + totalLength;
  const fragment = mf || fragmentOffset !== 0;
  const head = {
    kind: 'ipv4' as const,
    dscp: b[at + 1]! >>> 2,
    ecn: b[at + 1]! & 3,
    id: (b[at + 4]! << 8) | b[at + 5]!,
    df,
    mf,
    fragmentOffset,
    ttl: b[at + 8]!,
    src: formatIpv4(srcN),
    dst: formatIpv4(dstN),
    options,
    ihl,
    totalLength,
    protocol,
    checksum: (b[at + 10]! << 8) | b[at + 11]!,
    checksumValid: sumVerifies(sum16(b, at, hend)),
    fragment,
  };
  const padding = end - pend;
  const withPayload = (payload: ParsedIpv4['payload'], error: ParseError | null = null): ParsedFrame => ({
    ...base,
    body: { ...head, payload },
    padding,
    error,
  });
  if (fragment || (protocol !== IPPROTO.UDP && protocol !== IPPROTO.IGMP)) {
    return withPayload({ kind: 'raw', protocol, data: bytesToHex(b, hend, pend) });
  }
  if (protocol === IPPROTO.UDP) {
    if (pend - hend < 8) return withPayload(null, { code: 'truncated', offset: pend });
    const ulen = (b[hend + 4]! << 8) | b[hend + 5]!;
    if (ulen < 8 || hend + ulen > pend) return withPayload(null, { code: 'bad-udp-length', offset: hend + 4 });
    const checksum = (b[hend + 6]! << 8) | b[hend + 7]!;
    const valid = checksum === 0 ? null : sumVerifies(sum16(b, hend, hend + ulen, pseudoHeaderSum(srcN, dstN, IPPROTO.UDP, ulen)));
    return withPayload({
      kind: 'udp',
      srcPort: (b[hend]! << 8) | b[hend + 1]!,
      dstPort: (b[hend + 2]! << 8) | b[hend + 3]!,
      length: ulen,
      checksum,
      checksumValid: valid,
      zeroChecksum: checksum === 0,
      data: bytesToHex(b, hend + 8, hend + ulen),
    });
  }
  const ig = decodeIgmp(b, hend, pend);
  if ('error' in ig) return withPayload(null, { code: ig.error, offset: hend + ig.offset });
  return withPayload({ kind: 'igmp', checksum: ig.checksum, checksumValid: ig.checksumValid, message: ig.message });
}

/** The builder input that yields this frame (derived fields dropped). Only for error-free frames. */
export function specOf(p: ParsedFrame): FrameSpec {
  if (p.error || !p.body) throw new NetError('bad-spec', `frame has a parse error: ${p.error?.code}`);
  return canonicalSpec({ dst: p.dst, src: p.src, vlan: p.vlan, body: p.body, fcs: p.fcs !== null } as FrameSpec);
}

/** The same spec with keys in canonical order and nothing else: what canonical JSON compares. */
export function canonicalSpec(s: FrameSpec): FrameSpec {
  const vlan = s.vlan ? { pcp: s.vlan.pcp, dei: s.vlan.dei, vid: s.vlan.vid } : null;
  const b = s.body;
  let body: FrameSpec['body'];
  if (b.kind === 'arp') body = { kind: 'arp', op: b.op, sha: b.sha, spa: b.spa, tha: b.tha, tpa: b.tpa };
  else if (b.kind === 'raw') body = { kind: 'raw', ethertype: b.ethertype, data: b.data };
  else {
    const p = b.payload;
    const payload: Ipv4Spec['payload'] =
      p.kind === 'udp'
        ? { kind: 'udp', srcPort: p.srcPort, dstPort: p.dstPort, zeroChecksum: p.zeroChecksum, data: p.data }
        : p.kind === 'igmp'
          ? { kind: 'igmp', message: p.message }
          : { kind: 'raw', protocol: p.protocol, data: p.data };
    body = {
      kind: 'ipv4',
      dscp: b.dscp,
      ecn: b.ecn,
      id: b.id,
      df: b.df,
      mf: b.mf,
      fragmentOffset: b.fragmentOffset,
      ttl: b.ttl,
      src: b.src,
      dst: b.dst,
      options: b.options.map((o) => ({ type: o.type, data: o.data })),
      payload,
    };
  }
  return { dst: s.dst, src: s.src, vlan, body, fcs: s.fcs };
}

export function canonicalIgmp(m: IgmpMessage): IgmpMessage {
  switch (m.type) {
    case 'query':
      return { type: m.type, maxResp: m.maxResp, group: m.group };
    case 'v3-query':
      return { type: m.type, maxRespCode: m.maxRespCode, group: m.group, sFlag: m.sFlag, qrv: m.qrv, qqic: m.qqic, sources: [...m.sources] };
    case 'v1-report':
    case 'v2-report':
    case 'v2-leave':
      return { type: m.type, group: m.group };
    case 'v3-report':
      return {
        type: m.type,
        records: m.records.map((r) => ({ recordType: r.recordType, group: r.group, sources: [...r.sources], aux: r.aux })),
      };
  }
}
