import {
  ALL_HOSTS,
  ALL_ROUTERS,
  formatIpv4,
  formatMac,
  IGMPV3_ROUTERS,
  isMulticastIpv4,
  LIMITED_BROADCAST,
  multicastMacLow24,
  parseIpv4,
  parseMac,
} from './address.ts';
import { ArpCache } from './arp-cache.ts';
import { buildFrame } from './build.ts';
import { fold16, pseudoHeaderSum, sum16 } from './checksum.ts';
import { FrameScratch } from './checksum-kernel.ts';
import { crc32, readFcs } from './crc32.ts';
import { ETHERTYPE, IGMP_RECORD, IGMP_TYPE, IPPROTO, type FrameSpec, type IgmpMessage } from './frame-spec.ts';
import { bytesToHex } from './hex.ts';
import { validateNicConfig, type NicConfig } from './nic-config.ts';
import { DROP_REASONS, type DropReason, type RxCounters, type RxPath, type Verdict } from './verdict.ts';

/** Outcome codes of the allocation-free receive path; drop reasons follow from DROP_BASE. */
export const OUT = { DELIVER: 0, REPLY_ARP: 1, REPLY_IGMP: 2, CONSUME_ARP: 3, CONSUME_IGMP: 4 } as const;
export const DROP_BASE = 5;
const D = Object.fromEntries(DROP_REASONS.map((r, i) => [r, DROP_BASE + i])) as Record<DropReason, number>;
const OUTCOME_KEYS: readonly string[] = ['deliver', 'reply', 'reply', 'arp-learned', 'igmp-query', ...DROP_REASONS];
const PATH_FAST = 0;
const PATH_SLOW = 1;

/**
 * Inside the NIC an IPv4 address is a signed 32-bit integer (`address | 0`): V8 keeps those as
 * small integers, whereas unsigned addresses of 128.0.0.0 and above (every multicast group) are
 * heap-allocated doubles, boxed on every Map look-up and call. formatIpv4 and the masks below
 * read either form.
 */
const ALL_HOSTS_I32 = ALL_HOSTS | 0;
const BROADCAST_I32 = LIMITED_BROADCAST | 0;

/** Big-endian 32 bits at b[o, o+4) as a signed integer (an IPv4 address in NIC form). */
function be32(b: Uint8Array, o: number): number {
  return (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
}

/** Ascending unsigned order of addresses in NIC form. */
function byAddress(x: number, y: number): number {
  return (x >>> 0) - (y >>> 0);
}

/** Where the last received frame's fields are, for the caller to read without allocation. */
export interface RxInfo {
  /** PATH_FAST (0) or PATH_SLOW (1). Addresses are signed 32-bit (`>>> 0` for the unsigned value). */
  path: number;
  vlan: number;
  src: number;
  dst: number;
  srcPort: number;
  dstPort: number;
  payloadStart: number;
  payloadEnd: number;
  replies: Uint8Array[];
}

/**
 * The NIC + host stack model. receive() runs, in order: steering (on raw headers, as an XDP
 * program would, before any verification), then on the chosen path every check of
 * spec/net/frames.md, first failure wins. The few decisions a buggy stack typically gets wrong
 * are protected methods so that a mutant can override exactly one.
 */
export class Nic {
  readonly config: NicConfig;
  readonly arp = new ArpCache();
  readonly rx: RxInfo = { path: 0, vlan: -1, src: 0, dst: 0, srcPort: 0, dstPort: 0, payloadStart: 0, payloadEnd: 0, replies: [] };
  private readonly macHi: number;
  private readonly macLo: number;
  protected readonly ip: number;
  private readonly fcs: boolean;
  private readonly mtu: number;
  /** group (NIC form, signed) -> UDP ports joined on it. */
  protected readonly groups = new Map<number, Set<number>>();
  /** low 24 bits of multicast MACs in the hardware filter -> number of groups mapped there. */
  private readonly macFilter = new Map<number, number>();
  private readonly ports: Set<number>;
  private readonly rules: Int32Array;
  private readonly ruleCount: number;
  /** The received frame copied once into wasm memory for its FCS and checksums. */
  private readonly scratch = new FrameScratch();
  private readonly counts: Int32Array[] = [
    new Int32Array(DROP_BASE + DROP_REASONS.length),
    new Int32Array(DROP_BASE + DROP_REASONS.length),
  ];

  constructor(config: NicConfig) {
    validateNicConfig(config);
    this.config = config;
    const m = parseMac(config.mac);
    this.macHi = (m[0]! << 8) | m[1]!;
    this.macLo = ((m[2]! << 24) | (m[3]! << 16) | (m[4]! << 8) | m[5]!) >>> 0;
    this.ip = parseIpv4(config.ip) | 0;
    this.fcs = config.fcs;
    this.mtu = config.mtu;
    this.ports = new Set(config.ports);
    this.macFilterAdd(ALL_HOSTS);
    for (const j of config.joins) this.joinPort(parseIpv4(j.group) | 0, j.port);
    this.ruleCount = config.steering.length;
    this.rules = new Int32Array(3 * this.ruleCount);
    config.steering.forEach((r, i) => {
      this.rules[3 * i] = r.dst === null ? -1 : parseIpv4(r.dst) | 0;
      this.rules[3 * i + 1] = r.dstPort ?? -1;
      this.rules[3 * i + 2] = r.vlan ?? -1;
    });
  }

  // ---- membership ---------------------------------------------------------------------------

  /** Opens `port` on `group`; returns the IGMP frames to send (none if the group was joined). */
  join(group: string, port: number): Uint8Array[] {
    const g = parseIpv4(group) | 0;
    const first = !this.groups.has(g);
    this.joinPort(g, port);
    return first ? [this.igmpFrame(this.membershipMessage(g, true))] : [];
  }

  /** Closes `port` on `group`; returns the IGMP frames to send (a leave when the last port goes). */
  leave(group: string, port: number): Uint8Array[] {
    const g = parseIpv4(group) | 0;
    const ports = this.groups.get(g);
    if (!ports || !ports.delete(port)) return [];
    if (ports.size > 0) return [];
    this.groups.delete(g);
    const key = this.groupMacKey(g);
    const n = (this.macFilter.get(key) ?? 1) - 1;
    if (n <= 0) this.macFilter.delete(key);
    else this.macFilter.set(key, n);
    return [this.igmpFrame(this.membershipMessage(g, false))];
  }

  joinedGroups(): string[] {
    return [...this.groups.keys()].sort(byAddress).map(formatIpv4);
  }

  private joinPort(g: number, port: number): void {
    let ports = this.groups.get(g);
    if (!ports) {
      ports = new Set();
      this.groups.set(g, ports);
      this.macFilterAdd(g);
    }
    ports.add(port);
  }

  private macFilterAdd(g: number): void {
    const key = this.groupMacKey(g);
    this.macFilter.set(key, (this.macFilter.get(key) ?? 0) + 1);
  }

  // ---- receive ------------------------------------------------------------------------------

  /** Canonical verdict for one frame. */
  receive(frame: Uint8Array): Verdict {
    const code = this.receiveCode(frame);
    const r = this.rx;
    const path: RxPath = r.path === PATH_FAST ? 'fast' : 'slow';
    switch (code) {
      case OUT.DELIVER:
        return {
          action: 'deliver',
          path,
          vlan: r.vlan < 0 ? null : r.vlan,
          src: formatIpv4(r.src),
          srcPort: r.srcPort,
          dst: formatIpv4(r.dst),
          dstPort: r.dstPort,
          payload: bytesToHex(frame, r.payloadStart, r.payloadEnd),
        };
      case OUT.REPLY_ARP:
      case OUT.REPLY_IGMP:
        return { action: 'reply', path, reason: code === OUT.REPLY_ARP ? 'arp-request' : 'igmp-query', frames: r.replies.map((f) => bytesToHex(f)) };
      case OUT.CONSUME_ARP:
        return { action: 'consume', path, reason: 'arp-learned' };
      case OUT.CONSUME_IGMP:
        return { action: 'consume', path, reason: 'igmp-query' };
      default:
        return { action: 'drop', path, reason: DROP_REASONS[code - DROP_BASE]! };
    }
  }

  /**
   * The hot path: outcome code (OUT.* or DROP_BASE + index in DROP_REASONS); details in `rx`.
   * No allocation unless the frame needs a reply.
   */
  receiveCode(b: Uint8Array): number {
    const end = this.fcs ? b.length - 4 : b.length;
    this.scratch.reset();
    const path = this.steer(b, end);
    const code = this.verify(b, end);
    this.rx.path = path;
    this.account(path, code);
    return code;
  }

  counters(): RxCounters {
    const out: RxCounters = { fast: {}, slow: {} };
    for (const [p, name] of [[PATH_FAST, 'fast'], [PATH_SLOW, 'slow']] as const) {
      const c = this.counts[p]!;
      for (let i = 0; i < c.length; i++) {
        if (c[i]) out[name][OUTCOME_KEYS[i]!] = (out[name][OUTCOME_KEYS[i]!] ?? 0) + c[i]!;
      }
    }
    return out;
  }

  protected account(path: number, code: number): void {
    this.counts[path]![code]!++;
  }

  /** XDP-style: reads headers only, verifies nothing; anything unreadable goes the slow way. */
  private steer(b: Uint8Array, end: number): number {
    if (this.ruleCount === 0 || end < 14) return PATH_SLOW;
    let et = (b[12]! << 8) | b[13]!;
    let at = 14;
    let vid = -1;
    if (et === ETHERTYPE.VLAN) {
      if (end < 18) return PATH_SLOW;
      vid = ((b[14]! << 8) | b[15]!) & 0xfff;
      et = (b[16]! << 8) | b[17]!;
      at = 18;
    }
    if (et !== ETHERTYPE.IPV4 || end - at < 20 || b[at]! >>> 4 !== 4 || b[at + 9] !== IPPROTO.UDP) return PATH_SLOW;
    if ((((b[at + 6]! << 8) | b[at + 7]!) & 0x3fff) !== 0) return PATH_SLOW;
    const u = at + this.ipHeaderBytes(b[at]! & 15);
    if (u + 4 > end) return PATH_SLOW;
    const dst = be32(b, at + 16);
    const port = (b[u + 2]! << 8) | b[u + 3]!;
    const r = this.rules;
    for (let i = 0; i < r.length; i += 3) {
      if ((r[i] === -1 || r[i] === dst) && (r[i + 1] === -1 || r[i + 1] === port) && (r[i + 2] === -1 || r[i + 2] === vid)) return PATH_FAST;
    }
    return PATH_SLOW;
  }

  private verify(b: Uint8Array, end: number): number {
    const rx = this.rx;
    if (end < 14) return D.truncated;
    if (this.fcs) {
      if (b.length < 64) return D.runt;
      if (!this.fcsOk(b, end)) return D['bad-fcs'];
    }
    let et = (b[12]! << 8) | b[13]!;
    let at = 14;
    let vid = -1;
    if (et === ETHERTYPE.VLAN) {
      if (end < 18) return D.truncated;
      vid = ((b[14]! << 8) | b[15]!) & 0xfff;
      et = (b[16]! << 8) | b[17]!;
      at = 18;
    }
    if (end - at > this.mtu) return D.oversize;
    const want = this.config.vlan;
    if (want === null ? vid > 0 : vid !== want) return D['vlan-filtered'];
    rx.vlan = vid;
    // Destination MAC filter: ours, broadcast, or a multicast MAC of a joined group.
    const dHi = (b[0]! << 8) | b[1]!;
    const dLo = ((b[2]! << 24) | (b[3]! << 16) | (b[4]! << 8) | b[5]!) >>> 0;
    if (!(dHi === this.macHi && dLo === this.macLo) && !(dHi === 0xffff && dLo === 0xffffffff)) {
      if (!(dHi === 0x0100 && b[2] === 0x5e && this.macFilter.has(dLo & 0xffffff))) return D['mac-filtered'];
    }
    if (et === ETHERTYPE.ARP) return this.receiveArp(b, at, end);
    if (et !== ETHERTYPE.IPV4) return D['unsupported-ethertype'];

    // IPv4
    if (end - at < 20) return D.truncated;
    const v0 = b[at]!;
    if (v0 >>> 4 !== 4) return D['bad-ip-version'];
    if ((v0 & 15) < 5) return D['bad-ip-header-length'];
    const hlen = this.ipHeaderBytes(v0 & 15);
    const hend = at + hlen;
    if (hend > end) return D.truncated;
    if (this.sumFolded(b, at, hend, 0) !== 0xffff) return D['bad-ip-checksum'];
    const total = (b[at + 2]! << 8) | b[at + 3]!;
    if (total < hlen) return D['bad-ip-length'];
    const pend = at + total;
    if (pend > end) return D.truncated;
    if (!optionsWellFormed(b, at + 20, hend)) return D['bad-ip-options'];
    if (this.isFragment((b[at + 6]! << 8) | b[at + 7]!)) return D.fragment;
    const src = be32(b, at + 12);
    const dst = be32(b, at + 16);
    rx.src = src;
    rx.dst = dst;
    const multicast = isMulticastIpv4(dst);
    if (multicast) {
      if (dst !== ALL_HOSTS_I32 && !this.groupAccepted(dst)) return D['not-joined'];
    } else if (dst !== this.ip && dst !== BROADCAST_I32) return D['not-for-us'];
    const proto = b[at + 9]!;
    if (proto === IPPROTO.IGMP) return this.receiveIgmp(b, at, hend, pend, dst);
    if (proto !== IPPROTO.UDP) return D['unsupported-protocol'];

    // UDP
    if (pend - hend < 8) return D.truncated;
    const ulen = (b[hend + 4]! << 8) | b[hend + 5]!;
    if (ulen < 8 || hend + ulen > pend) return D['bad-udp-length'];
    if (!this.udpChecksumOk(b, hend, ulen, src, dst)) return D['bad-udp-checksum'];
    const dport = (b[hend + 2]! << 8) | b[hend + 3]!;
    rx.srcPort = (b[hend]! << 8) | b[hend + 1]!;
    rx.dstPort = dport;
    if (multicast ? !this.groupPortOpen(dst, dport) : !this.ports.has(dport)) return D['port-closed'];
    rx.payloadStart = hend + 8;
    rx.payloadEnd = hend + ulen;
    return OUT.DELIVER;
  }

  private receiveArp(b: Uint8Array, at: number, end: number): number {
    if (end - at < 28) return D.truncated;
    if (((b[at]! << 8) | b[at + 1]!) !== 1 || ((b[at + 2]! << 8) | b[at + 3]!) !== ETHERTYPE.IPV4 || b[at + 4] !== 6 || b[at + 5] !== 4) {
      return D['arp-unsupported'];
    }
    const op = (b[at + 6]! << 8) | b[at + 7]!;
    if (op !== 1 && op !== 2) return D['arp-unsupported'];
    const sha = formatMac(b, at + 8);
    const spa = be32(b, at + 14) >>> 0;
    const tpa = be32(b, at + 24);
    // RFC 826: update an existing entry for the sender; add it only if the packet is for us.
    const merged = this.arp.has(spa);
    if (merged) this.arp.set(spa, sha);
    if (tpa !== this.ip) return D['arp-not-for-us'];
    if (!merged) this.arp.set(spa, sha);
    if (op === 2) return OUT.CONSUME_ARP;
    this.rx.replies = [this.arpReply(sha, spa, this.rx.vlan)];
    return OUT.REPLY_ARP;
  }

  private receiveIgmp(b: Uint8Array, at: number, hend: number, pend: number, dst: number): number {
    if (b[at + 8] !== 1) return D['igmp-bad-ttl'];
    const len = pend - hend;
    if (len < 8) return D.truncated;
    if (this.sumFolded(b, hend, pend, 0) !== 0xffff) return D['bad-igmp-checksum'];
    const type = b[hend]!;
    if (type === IGMP_TYPE.V1_REPORT || type === IGMP_TYPE.V2_REPORT || type === IGMP_TYPE.V2_LEAVE || type === IGMP_TYPE.V3_REPORT) {
      return D['igmp-ignored'];
    }
    if (type !== IGMP_TYPE.QUERY) return D['igmp-unsupported'];
    if (len !== 8 && (len < 12 || len !== 12 + 4 * ((b[hend + 10]! << 8) | b[hend + 11]!))) return D['igmp-bad-length'];
    const group = be32(b, hend + 4);
    let targets: number[];
    if (group === 0) {
      if (dst !== ALL_HOSTS_I32) return D['igmp-ignored'];
      targets = [...this.groups.keys()].sort(byAddress);
    } else {
      if (group !== dst) return D['igmp-ignored'];
      targets = this.groups.has(group) ? [group] : [];
    }
    if (targets.length === 0) return OUT.CONSUME_IGMP;
    // The model answers at once (a real host waits a random time up to Max Resp Time).
    this.rx.replies = this.queryReply(targets);
    return OUT.REPLY_IGMP;
  }

  // ---- decisions a mutant may override --------------------------------------------------------

  protected fcsOk(b: Uint8Array, end: number): boolean {
    const k = this.scratch.fcsValid(b, end);
    return k >= 0 ? k === 1 : crc32(b, 0, end) === readFcs(b, end);
  }

  /** More-fragments set or a non-zero offset: any fragment, the first one included. */
  protected isFragment(flagsWord: number): boolean {
    return (flagsWord & 0x3fff) !== 0;
  }

  /** IHL is in 32-bit words. */
  protected ipHeaderBytes(ihl: number): number {
    return ihl * 4;
  }

  /** RFC 768: zero means no checksum; otherwise verify with the pseudo-header. */
  protected udpChecksumOk(b: Uint8Array, u: number, ulen: number, src: number, dst: number): boolean {
    if (b[u + 6] === 0 && b[u + 7] === 0) return true;
    return this.sumFolded(b, u, u + ulen, pseudoHeaderSum(src, dst, IPPROTO.UDP, ulen)) === 0xffff;
  }

  /**
   * fold16(sum16(...)) over the frame, through its wasm copy when it has one. Not a decision:
   * protected so that tests can swap in the bytewise oracle (nic-fast-path.test.ts).
   */
  protected sumFolded(b: Uint8Array, start: number, end: number, initial: number): number {
    const k = this.scratch.sumFolded(b, start, end, initial);
    return k >= 0 ? k : fold16(sum16(b, start, end, initial));
  }

  /** Low 24 bits of the multicast MAC for a group (RFC 1112: 01:00:5e + low 23 bits). */
  protected groupMacKey(group: number): number {
    return multicastMacLow24(group);
  }

  /** The IP layer accepts a multicast destination only for joined groups. */
  protected groupAccepted(group: number): boolean {
    return this.groups.has(group);
  }

  protected groupPortOpen(group: number, port: number): boolean {
    return this.groups.get(group)?.has(port) === true;
  }

  /** RFC 3376 §5.1: a join is a state change to EXCLUDE({}), a leave to INCLUDE({}). */
  protected membershipMessage(group: number, join: boolean): IgmpMessage {
    const g = formatIpv4(group);
    if (this.config.igmpVersion === 2) return join ? { type: 'v2-report', group: g } : { type: 'v2-leave', group: g };
    const recordType = join ? IGMP_RECORD.CHANGE_TO_EXCLUDE_MODE : IGMP_RECORD.CHANGE_TO_INCLUDE_MODE;
    return { type: 'v3-report', records: [{ recordType, group: g, sources: [], aux: '' }] };
  }

  /** Current-state reports for the queried groups: v2 one report each, v3 one report of EXCLUDE({}) records. */
  protected queryReply(groups: readonly number[]): Uint8Array[] {
    if (this.config.igmpVersion === 2) return groups.map((g) => this.igmpFrame({ type: 'v2-report', group: formatIpv4(g) }));
    const records = groups.map((g) => ({ recordType: IGMP_RECORD.MODE_IS_EXCLUDE, group: formatIpv4(g), sources: [], aux: '' }));
    return [this.igmpFrame({ type: 'v3-report', records })];
  }

  protected arpReply(requesterMac: string, requesterIp: number, vid: number): Uint8Array {
    return buildFrame({
      dst: requesterMac,
      src: this.config.mac,
      vlan: vid < 0 ? null : { pcp: 0, dei: false, vid },
      body: { kind: 'arp', op: 2, sha: this.config.mac, spa: this.config.ip, tha: requesterMac, tpa: formatIpv4(requesterIp) },
      fcs: this.fcs,
    });
  }

  /**
   * An IGMP message as this host sends it (RFC 2236 §2, RFC 3376 §4): TTL 1, Router Alert,
   * precedence Internetwork Control; v2 reports to the group, leaves to 224.0.0.2, v3 reports
   * to 224.0.0.22.
   */
  protected igmpFrame(m: IgmpMessage): Uint8Array {
    const ipDst = m.type === 'v2-leave' ? ALL_ROUTERS : m.type === 'v3-report' ? IGMPV3_ROUTERS : parseIpv4('group' in m ? m.group : '0.0.0.0');
    const low = this.groupMacKey(ipDst);
    const spec: FrameSpec = {
      dst: formatMac(Uint8Array.of(1, 0, 0x5e, (low >>> 16) & 255, (low >>> 8) & 255, low & 255)),
      src: this.config.mac,
      vlan: this.config.vlan === null ? null : { pcp: 0, dei: false, vid: this.config.vlan },
      body: {
        kind: 'ipv4',
        dscp: 48,
        ecn: 0,
        id: 0,
        df: true,
        mf: false,
        fragmentOffset: 0,
        ttl: 1,
        src: this.config.ip,
        dst: formatIpv4(ipDst),
        options: [{ type: 148, data: '0000' }],
        payload: { kind: 'igmp', message: m },
      },
      fcs: this.fcs,
    };
    return buildFrame(spec);
  }
}

/** Every option fits the header (EOL ends the list; NOP is one byte; others carry a length >= 2). */
function optionsWellFormed(b: Uint8Array, o: number, hend: number): boolean {
  while (o < hend) {
    const t = b[o]!;
    if (t === 0) return true;
    if (t === 1) {
      o++;
      continue;
    }
    if (o + 1 >= hend) return false;
    const len = b[o + 1]!;
    if (len < 2 || o + len > hend) return false;
    o += len;
  }
  return true;
}
