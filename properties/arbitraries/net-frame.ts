import fc from 'fast-check';
import type { NetCapabilities } from '../../adapters/net.ts';
import { ALL_HOSTS, BROADCAST_MAC, formatIpv4, isMulticastIpv4, multicastMac, parseIpv4 } from '../../reference/net/address.ts';
import type { FrameSpec, IgmpMessage, IpOption, Ipv4Spec, VlanTag } from '../../reference/net/frame-spec.ts';
import { bytesToHex } from '../../reference/net/hex.ts';
import { groupArb, portArb, unicastIpArb, unicastMacArb, type NetScenario } from './net-config.ts';

/**
 * Frame specs. `frameSpecArb` draws any well-formed frame inside the capabilities (for the codec
 * properties); `targetedFrameArb` draws frames aimed at a configured NIC: at its MAC and IP, at
 * joined groups and their MAC aliases, at open and closed ports, ARP for it and for others,
 * IGMP queries, with and without its VLAN tag, so that every verdict is reached often.
 */
const hexArb = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((b) => bytesToHex(b));

export const vlanArb: fc.Arbitrary<VlanTag> = fc.record({
  pcp: fc.integer({ min: 0, max: 7 }),
  dei: fc.boolean(),
  vid: fc.integer({ min: 0, max: 4094 }),
});

/** Options that fit in 40 bytes: NOP, Router Alert, and generic TLVs (no EOL: it ends the list). */
export const ipOptionsArb: fc.Arbitrary<IpOption[]> = fc
  .array(
    fc.oneof(
      fc.constant({ type: 1, data: '' }),
      fc.constant({ type: 148, data: '0000' }),
      fc.record({ type: fc.integer({ min: 2, max: 255 }).filter((t) => t !== 148), data: hexArb(0, 6) }),
    ),
    { maxLength: 5 },
  )
  .map((opts) => {
    const out: IpOption[] = [];
    let n = 0;
    for (const o of opts) {
      const size = o.type === 1 ? 1 : 2 + o.data.length / 2;
      if (n + size > 40) break;
      out.push(o);
      n += size;
    }
    return out;
  });

const groupRecordArb = fc.record({
  recordType: fc.integer({ min: 1, max: 6 }),
  group: groupArb,
  sources: fc.array(unicastIpArb, { maxLength: 3 }),
  aux: fc.uint8Array({ maxLength: 8 }).map((b) => bytesToHex(b.subarray(0, b.length & ~3))),
});

export function igmpMessageArb(caps: NetCapabilities): fc.Arbitrary<IgmpMessage> {
  const v2 = [
    fc.record({ type: fc.constant('query' as const), maxResp: fc.integer({ min: 0, max: 255 }), group: fc.oneof(fc.constant('0.0.0.0'), groupArb) }),
    fc.record({ type: fc.constant('v1-report' as const), group: groupArb }),
    fc.record({ type: fc.constant('v2-report' as const), group: groupArb }),
    fc.record({ type: fc.constant('v2-leave' as const), group: groupArb }),
  ];
  if (!caps.igmpv3) return fc.oneof(...v2);
  return fc.oneof(
    ...v2,
    fc.record({
      type: fc.constant('v3-query' as const),
      maxRespCode: fc.integer({ min: 0, max: 255 }),
      group: fc.oneof(fc.constant('0.0.0.0'), groupArb),
      sFlag: fc.boolean(),
      qrv: fc.integer({ min: 0, max: 7 }),
      qqic: fc.integer({ min: 0, max: 255 }),
      sources: fc.array(unicastIpArb, { maxLength: 3 }),
    }),
    fc.record({ type: fc.constant('v3-report' as const), records: fc.array(groupRecordArb, { maxLength: 3 }) }),
  );
}

interface Ipv4Head {
  dscp: number;
  ecn: number;
  id: number;
  df: boolean;
  ttl: number;
  options: IpOption[];
}

function ipHeadArb(caps: NetCapabilities): fc.Arbitrary<Ipv4Head> {
  return fc.record({
    dscp: fc.integer({ min: 0, max: 63 }),
    ecn: fc.integer({ min: 0, max: 3 }),
    id: fc.integer({ min: 0, max: 0xffff }),
    df: fc.boolean(),
    ttl: fc.integer({ min: 0, max: 255 }),
    // Options on a third of the packets: enough to catch a stack that ignores IHL.
    options: caps.ipOptions ? fc.oneof({ arbitrary: fc.constant<IpOption[]>([]), weight: 2 }, { arbitrary: ipOptionsArb, weight: 1 }) : fc.constant<IpOption[]>([]),
  });
}

/** Any well-formed frame within the capabilities. Fragments carry raw payloads (never interpreted). */
export function frameSpecArb(caps: NetCapabilities, opts: { fcs?: boolean } = {}): fc.Arbitrary<FrameSpec> {
  const maxData = caps.jumbo ? 8900 : 1400;
  const dataArb = fc.oneof({ arbitrary: hexArb(0, 200), weight: 8 }, { arbitrary: hexArb(0, maxData), weight: 1 });
  const l4 = fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('udp' as const), srcPort: fc.integer({ min: 0, max: 65535 }), dstPort: fc.integer({ min: 0, max: 65535 }), zeroChecksum: fc.boolean(), data: dataArb }), weight: 6 },
    { arbitrary: fc.record({ kind: fc.constant('igmp' as const), message: igmpMessageArb(caps) }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('raw' as const), protocol: fc.integer({ min: 0, max: 255 }).filter((p) => p !== 2 && p !== 17), data: hexArb(0, 100) }), weight: 1 },
  );
  const ipv4: fc.Arbitrary<Ipv4Spec> = fc
    .record({
      head: ipHeadArb(caps),
      src: fc.oneof(unicastIpArb, fc.ipV4()),
      dst: fc.oneof(unicastIpArb, groupArb, fc.ipV4()),
      frag: fc.oneof({ arbitrary: fc.constant(null), weight: 5 }, { arbitrary: fc.record({ mf: fc.boolean(), off: fc.integer({ min: 0, max: 8191 }) }), weight: 1 }),
      payload: l4,
      fragData: hexArb(0, 100),
      fragProto: fc.integer({ min: 0, max: 255 }),
    })
    .map(({ head, src, dst, frag, payload, fragData, fragProto }) => {
      const isFrag = frag !== null && (frag.mf || frag.off !== 0);
      return {
        kind: 'ipv4' as const,
        ...head,
        mf: isFrag ? frag.mf : false,
        fragmentOffset: isFrag ? frag.off : 0,
        src,
        dst,
        payload: isFrag ? { kind: 'raw' as const, protocol: fragProto, data: fragData } : payload,
      };
    });
  const arp = fc.record({
    kind: fc.constant('arp' as const),
    op: fc.oneof(fc.constantFrom(1, 2), fc.integer({ min: 0, max: 0xffff })),
    sha: unicastMacArb,
    spa: fc.ipV4(),
    tha: unicastMacArb,
    tpa: fc.ipV4(),
  });
  const raw = fc.record({
    kind: fc.constant('raw' as const),
    ethertype: fc.integer({ min: 0x0600, max: 0xffff }).filter((t) => t !== 0x0800 && t !== 0x0806 && t !== 0x8100),
    // >= 46 bytes: shorter payloads get padding that cannot be told from data.
    data: hexArb(46, 120),
  });
  return fc.record({
    dst: fc.oneof(unicastMacArb, fc.constant(BROADCAST_MAC), groupArb.map((g) => multicastMac(parseIpv4(g)))),
    src: unicastMacArb,
    vlan: caps.vlan ? fc.option(vlanArb, { freq: 3, nil: null }) : fc.constant(null),
    body: fc.oneof({ arbitrary: ipv4, weight: 6 }, { arbitrary: arp, weight: 1 }, { arbitrary: raw, weight: 1 }),
    fcs: opts.fcs !== undefined ? fc.constant(opts.fcs) : caps.fcs ? fc.boolean() : fc.constant(false),
  });
}

/** A frame aimed at the configured NIC (see the module comment). */
export type FrameMix = 'all' | 'multicast-udp' | 'arp-request' | 'deliverable';

export function targetedFrameArb(s: NetScenario, caps: NetCapabilities, mix: FrameMix = 'all'): fc.Arbitrary<FrameSpec> {
  const c = s.config;
  const ipv4Frame = (head: Ipv4Head, src: string, dst: string, payload: Ipv4Spec['payload']) => ipv4FrameTo(c.mac, head, src, dst, payload);
  const joinArb = fc.constantFrom(...c.joins);
  const aliasArb = s.aliases.length ? fc.constantFrom(...s.aliases) : groupArb;
  const otherPort = portArb;
  const mcastUdp = fc.oneof(
    { arbitrary: joinArb.map((j) => ({ dst: j.group, port: fc.constant(j.port) })), weight: 5 },
    { arbitrary: joinArb.map((j) => ({ dst: j.group, port: otherPort })), weight: 1 },
    { arbitrary: aliasArb.map((g) => ({ dst: g, port: fc.constantFrom(...c.joins.map((j) => j.port)) })), weight: 3 },
    { arbitrary: groupArb.map((g) => ({ dst: g, port: otherPort })), weight: 1 },
  );
  const ucastUdp = fc.oneof(
    { arbitrary: fc.constant({ dst: c.ip, port: c.ports.length ? fc.constantFrom(...c.ports) : otherPort }), weight: 2 },
    { arbitrary: fc.constant({ dst: c.ip, port: otherPort }), weight: 1 },
    { arbitrary: fc.constant({ dst: '255.255.255.255', port: c.ports.length ? fc.constantFrom(...c.ports) : otherPort }), weight: 1 },
    { arbitrary: unicastIpArb.map((ip) => ({ dst: ip, port: otherPort })), weight: 1 },
  );
  const deliverable = joinArb.map((j) => ({ dst: j.group, port: fc.constant(j.port) }));
  const udpTarget =
    mix === 'multicast-udp' ? mcastUdp : mix === 'deliverable' ? deliverable : fc.oneof({ arbitrary: mcastUdp, weight: 3 }, { arbitrary: ucastUdp, weight: 1 });
  const udp = udpTarget
    .chain(({ dst, port }) =>
      fc.record({
        head: ipHeadArb(caps),
        src: unicastIpArb,
        dst: fc.constant(dst),
        srcPort: portArb,
        dstPort: port,
        zeroChecksum: mix === 'deliverable' ? fc.constant(false) : fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
        data: fc.oneof({ arbitrary: hexArb(0, 120), weight: 12 }, { arbitrary: hexArb(1400, mix === 'deliverable' ? c.mtu - 68 : caps.jumbo ? 8900 : 1472), weight: 1 }),
      }),
    )
    .map((r) => ipv4Frame(r.head, r.src, r.dst, { kind: 'udp', srcPort: r.srcPort, dstPort: r.dstPort, zeroChecksum: r.zeroChecksum, data: r.data }));
  const arp = fc
    .record({
      op: mix === 'arp-request' ? fc.constant(1) : fc.oneof({ arbitrary: fc.constant(1), weight: 4 }, { arbitrary: fc.constant(2), weight: 2 }, { arbitrary: fc.integer({ min: 0, max: 9 }), weight: 1 }),
      sha: unicastMacArb,
      spa: unicastIpArb,
      tpa: fc.oneof({ arbitrary: fc.constant(c.ip), weight: 3 }, { arbitrary: unicastIpArb, weight: 1 }),
      toUs: fc.boolean(),
    })
    .map((r) => ({
      l2dst: r.op === 2 && r.toUs ? c.mac : BROADCAST_MAC,
      body: { kind: 'arp' as const, op: r.op, sha: r.sha, spa: r.spa, tha: r.op === 1 ? '00:00:00:00:00:00' : c.mac, tpa: r.tpa },
    }));
  const igmp = fc
    .record({
      message: fc.oneof(
        fc.record({ type: fc.constant('query' as const), maxResp: fc.integer({ min: 0, max: 255 }), group: fc.oneof(fc.constant('0.0.0.0'), joinArb.map((j) => j.group), aliasArb) }),
        caps.igmpv3
          ? fc.record({
              type: fc.constant('v3-query' as const),
              maxRespCode: fc.integer({ min: 0, max: 255 }),
              group: fc.oneof(fc.constant('0.0.0.0'), joinArb.map((j) => j.group)),
              sFlag: fc.boolean(),
              qrv: fc.integer({ min: 0, max: 7 }),
              qqic: fc.integer({ min: 0, max: 255 }),
              sources: fc.array(unicastIpArb, { maxLength: 2 }),
            })
          : fc.record({ type: fc.constant('v2-report' as const), group: joinArb.map((j) => j.group) }),
        fc.record({ type: fc.constant('v2-report' as const), group: joinArb.map((j) => j.group) }),
      ),
      ttl: fc.oneof({ arbitrary: fc.constant(1), weight: 6 }, { arbitrary: fc.integer({ min: 0, max: 255 }), weight: 1 }),
      src: unicastIpArb,
    })
    .map((r) => {
      const m = r.message;
      const g = m.type === 'query' || m.type === 'v3-query' ? (m.group === '0.0.0.0' ? formatIpv4(ALL_HOSTS) : m.group) : m.group;
      return ipv4Frame({ dscp: 48, ecn: 0, id: 0, df: true, ttl: r.ttl, options: [{ type: 148, data: '0000' }] }, r.src, g, { kind: 'igmp', message: m });
    });
  const other = fc.oneof(
    fc.record({ head: ipHeadArb(caps), src: unicastIpArb, proto: fc.constantFrom(1, 6, 89), data: hexArb(0, 60) }).map((r) => ipv4Frame(r.head, r.src, c.ip, { kind: 'raw', protocol: r.proto, data: r.data })),
    hexArb(46, 80).map((data) => ({ l2dst: c.mac, body: { kind: 'raw' as const, ethertype: 0x86dd, data } })),
  );
  const body =
    mix === 'arp-request'
      ? arp
      : mix === 'all'
        ? fc.oneof({ arbitrary: udp, weight: 10 }, { arbitrary: arp, weight: 2 }, { arbitrary: igmp, weight: 3 }, { arbitrary: other, weight: 1 })
        : udp;
  const exact = mix === 'deliverable' || mix === 'arp-request';
  const myVlan: VlanTag | null = c.vlan === null ? null : { pcp: 0, dei: false, vid: c.vlan };
  return fc
    .record({
      b: body,
      src: unicastMacArb,
      l2: exact ? fc.constant('right' as const) : fc.oneof({ arbitrary: fc.constant('right' as const), weight: 12 }, { arbitrary: fc.constant('other-mac' as const), weight: 1 }),
      vlan: exact
        ? fc.constant(myVlan)
        : caps.vlan
        ? fc.oneof(
            { arbitrary: fc.constant<VlanTag | null>(myVlan), weight: 10 },
            { arbitrary: fc.option(vlanArb, { nil: null }), weight: 1 },
            // Same VLAN id with another priority / DEI: must be accepted alike.
            { arbitrary: vlanArb.map<VlanTag | null>((v) => (myVlan ? { ...v, vid: myVlan.vid } : v)), weight: 1 },
          )
        : fc.constant<VlanTag | null>(null),
      other: unicastMacArb,
    })
    .map(({ b, src, l2, vlan, other }) => ({ dst: l2 === 'right' ? b.l2dst : other, src, vlan, body: b.body, fcs: c.fcs }));
}

function ipv4FrameTo(ourMac: string, head: Ipv4Head, src: string, dst: string, payload: Ipv4Spec['payload']): { l2dst: string; body: Ipv4Spec } {
  const d = parseIpv4(dst);
  return {
    l2dst: isMulticastIpv4(d) ? multicastMac(d) : dst === '255.255.255.255' ? BROADCAST_MAC : ourMac,
    body: { kind: 'ipv4', ...head, mf: false, fragmentOffset: 0, src, dst, payload },
  };
}
