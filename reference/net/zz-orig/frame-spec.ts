/**
 * The canonical description of a frame (spec/net/frames.md): what the builder takes and what
 * the parser gives back (the parser adds the derived fields: lengths, checksums, validity).
 * Plain JSON: addresses as text, bytes as lowercase hex strings, key order as declared here.
 */
export interface VlanTag {
  /** Priority code point, 0..7. */
  readonly pcp: number;
  /** Drop eligible indicator. */
  readonly dei: boolean;
  /** VLAN id, 0..4094 (0: priority tag only). */
  readonly vid: number;
}

export interface FrameSpec {
  readonly dst: string;
  readonly src: string;
  readonly vlan: VlanTag | null;
  readonly body: ArpSpec | Ipv4Spec | RawL3Spec;
  /** Append the 4-byte FCS. */
  readonly fcs: boolean;
}

export interface ArpSpec {
  readonly kind: 'arp';
  /** 1 request, 2 reply. */
  readonly op: number;
  readonly sha: string;
  readonly spa: string;
  readonly tha: string;
  readonly tpa: string;
}

/** Any other EtherType; the data includes whatever padding was on the wire. */
export interface RawL3Spec {
  readonly kind: 'raw';
  readonly ethertype: number;
  readonly data: string;
}

export interface IpOption {
  /** The whole option type octet (copied flag, class, number): 1 NOP, 148 Router Alert, ... */
  readonly type: number;
  /** Option value after the type and length octets; always "" for NOP (type 1). */
  readonly data: string;
}

export interface Ipv4Spec {
  readonly kind: 'ipv4';
  readonly dscp: number;
  readonly ecn: number;
  readonly id: number;
  readonly df: boolean;
  readonly mf: boolean;
  /** In 8-byte units, 0..8191. */
  readonly fragmentOffset: number;
  readonly ttl: number;
  readonly src: string;
  readonly dst: string;
  /** Encoded in order, then padded with End-of-Option-List octets to a 4-byte boundary. */
  readonly options: readonly IpOption[];
  readonly payload: UdpSpec | IgmpSpec | RawL4Spec;
}

export interface UdpSpec {
  readonly kind: 'udp';
  readonly srcPort: number;
  readonly dstPort: number;
  /** Send checksum 0 ("none", allowed on IPv4) instead of computing it. */
  readonly zeroChecksum: boolean;
  readonly data: string;
}

export interface IgmpSpec {
  readonly kind: 'igmp';
  readonly message: IgmpMessage;
}

/** Any other protocol, or the payload of a fragment (never interpreted). */
export interface RawL4Spec {
  readonly kind: 'raw';
  readonly protocol: number;
  readonly data: string;
}

export type IgmpMessage =
  | { readonly type: 'query'; readonly maxResp: number; readonly group: string }
  | {
      readonly type: 'v3-query';
      readonly maxRespCode: number;
      readonly group: string;
      readonly sFlag: boolean;
      readonly qrv: number;
      readonly qqic: number;
      readonly sources: readonly string[];
    }
  | { readonly type: 'v1-report'; readonly group: string }
  | { readonly type: 'v2-report'; readonly group: string }
  | { readonly type: 'v2-leave'; readonly group: string }
  | { readonly type: 'v3-report'; readonly records: readonly IgmpGroupRecord[] };

/** RFC 3376 §4.2.12 record types. */
export const IGMP_RECORD = {
  MODE_IS_INCLUDE: 1,
  MODE_IS_EXCLUDE: 2,
  CHANGE_TO_INCLUDE_MODE: 3,
  CHANGE_TO_EXCLUDE_MODE: 4,
  ALLOW_NEW_SOURCES: 5,
  BLOCK_OLD_SOURCES: 6,
} as const;

export interface IgmpGroupRecord {
  readonly recordType: number;
  readonly group: string;
  readonly sources: readonly string[];
  /** Auxiliary data, a multiple of 4 bytes. */
  readonly aux: string;
}

export const ETHERTYPE = { IPV4: 0x0800, ARP: 0x0806, VLAN: 0x8100, QINQ: 0x88a8 } as const;
export const IPPROTO = { IGMP: 2, UDP: 17 } as const;
export const IGMP_TYPE = { QUERY: 0x11, V1_REPORT: 0x12, V2_REPORT: 0x16, V2_LEAVE: 0x17, V3_REPORT: 0x22 } as const;
export const IP_OPTION = { EOL: 0, NOP: 1, ROUTER_ALERT: 148 } as const;

/** Ethernet minimum frame without FCS (64 with it); standard and jumbo MTUs. */
export const MIN_FRAME = 60;
export const STANDARD_MTU = 1500;
export const JUMBO_MTU = 9000;
