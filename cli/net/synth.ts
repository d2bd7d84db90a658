import fc from 'fast-check';
import type { CanonicalMessage } from '../../reference/fast/canonical.ts';
import { FastEncoder } from '../../reference/fast/encoder.ts';
import { formatIpv4, multicastMac, parseIpv4 } from '../../reference/net/address.ts';
import { buildFrame } from '../../reference/net/build.ts';
import type { CaptureRecord, WriteOptions } from '../../reference/net/capture.ts';
import { writeCapture } from '../../reference/net/capture-io.ts';
import type { FrameSpec, IgmpMessage, Ipv4Spec, VlanTag } from '../../reference/net/frame-spec.ts';
import { bytesToHex } from '../../reference/net/hex.ts';
import { marketDataTemplates, messagesArb } from './market-data.ts';

/**
 * `net synth`: a seeded, valid capture mixing what a market-data NIC sees: FAST over UDP
 * multicast (several messages per datagram, each datagram encoded from fresh dictionaries, as
 * feeds reset per packet), ARP, IGMPv2/v3 and unicast noise, some of it 802.1Q-tagged.
 */
export const SYNTH_FEEDS = [
  { group: '239.192.10.1', port: 30001 },
  { group: '239.192.10.2', port: 30002 },
  { group: '233.200.79.5', port: 41000 },
] as const;
export const SYNTH_VLAN = 100;
const EXCHANGE_MAC = '02:1b:00:00:00:01';
const EXCHANGE_IP = '10.20.0.1';
const HOST_MAC = '02:00:00:00:00:01';
const HOST_IP = '10.20.0.100';

export interface SynthOptions {
  readonly count: number;
  readonly seed: number;
  readonly fcs: boolean;
  readonly format: WriteOptions['format'];
  readonly byteOrder?: WriteOptions['byteOrder'];
  readonly resolution?: WriteOptions['resolution'];
}

export interface SynthFrame {
  readonly spec: FrameSpec;
  readonly tsNs: bigint;
  /** The FAST messages in this frame's datagram, when it carries market data. */
  readonly messages: CanonicalMessage[] | null;
  readonly feed: { readonly group: string; readonly port: number } | null;
}

type Item =
  | { kind: 'fast'; feed: number; tagged: boolean; seed: number }
  | { kind: 'arp'; op: 1 | 2; host: number }
  | { kind: 'igmp'; which: 'v2-report' | 'v2-leave' | 'v3-report' | 'query'; feed: number; tagged: boolean }
  | { kind: 'unicast'; size: number; port: number }
  | { kind: 'ipv6'; size: number };

const itemArb: fc.Arbitrary<Item> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('fast' as const), feed: fc.nat({ max: SYNTH_FEEDS.length - 1 }), tagged: fc.boolean(), seed: fc.integer() }), weight: 12 },
  { arbitrary: fc.record({ kind: fc.constant('arp' as const), op: fc.constantFrom(1 as const, 2 as const), host: fc.integer({ min: 2, max: 250 }) }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('igmp' as const),
      which: fc.constantFrom('v2-report' as const, 'v2-leave' as const, 'v3-report' as const, 'query' as const),
      feed: fc.nat({ max: SYNTH_FEEDS.length - 1 }),
      tagged: fc.boolean(),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('unicast' as const), size: fc.integer({ min: 0, max: 300 }), port: fc.integer({ min: 1024, max: 65535 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('ipv6' as const), size: fc.integer({ min: 46, max: 120 }) }), weight: 1 },
);

export function synthesize(o: SynthOptions): { frames: SynthFrame[]; file: Uint8Array } {
  if (!Number.isSafeInteger(o.count) || o.count < 0 || o.count > 10_000_000) throw new RangeError('count must be 0..10000000');
  const items = o.count === 0 ? [] : fc.sample(fc.tuple(itemArb, fc.integer({ min: 1, max: 2000 })), { seed: o.seed, numRuns: o.count });
  const seq = SYNTH_FEEDS.map(() => 1);
  const encoder = new FastEncoder(marketDataTemplates());
  const ns = (o.resolution ?? 'us') === 'ns';
  let ts = 1_763_700_000_000_000_000n;
  const frames: SynthFrame[] = items.map(([item, gapUs], i) => {
    ts += BigInt(gapUs) * 1000n + (ns ? BigInt((i * 7919) % 1000) : 0n);
    const tag = (t: boolean): VlanTag | null => (t ? { pcp: 5, dei: false, vid: SYNTH_VLAN } : null);
    switch (item.kind) {
      case 'fast': {
        const feed = SYNTH_FEEDS[item.feed]!;
        const [messages] = fc.sample(messagesArb(seq[item.feed]!, ts / 1_000_000n), { seed: item.seed, numRuns: 1 });
        seq[item.feed]! += messages!.length;
        encoder.reset();
        const data = bytesToHex(encoder.encodeStream(messages!));
        const spec = ipv4(multicastMac(parseIpv4(feed.group)), EXCHANGE_MAC, tag(item.tagged), EXCHANGE_IP, feed.group, 64, [], {
          kind: 'udp',
          srcPort: 20000 + item.feed,
          dstPort: feed.port,
          zeroChecksum: false,
          data,
        });
        return { spec: { ...spec, fcs: o.fcs }, tsNs: ts, messages: messages!, feed };
      }
      case 'arp': {
        const other = `10.20.0.${item.host}`;
        const otherMac = `02:00:00:00:01:${item.host.toString(16).padStart(2, '0')}`;
        const spec: FrameSpec =
          item.op === 1
            ? { dst: 'ff:ff:ff:ff:ff:ff', src: otherMac, vlan: null, body: { kind: 'arp', op: 1, sha: otherMac, spa: other, tha: '00:00:00:00:00:00', tpa: HOST_IP }, fcs: o.fcs }
            : { dst: otherMac, src: HOST_MAC, vlan: null, body: { kind: 'arp', op: 2, sha: HOST_MAC, spa: HOST_IP, tha: otherMac, tpa: other }, fcs: o.fcs };
        return { spec, tsNs: ts, messages: null, feed: null };
      }
      case 'igmp': {
        const g = SYNTH_FEEDS[item.feed]!.group;
        const m: IgmpMessage =
          item.which === 'v3-report'
            ? { type: 'v3-report', records: [{ recordType: 4, group: g, sources: [], aux: '' }] }
            : item.which === 'query'
              ? { type: 'query', maxResp: 100, group: '0.0.0.0' }
              : { type: item.which, group: g };
        const dst = item.which === 'v3-report' ? '224.0.0.22' : item.which === 'v2-leave' ? '224.0.0.2' : item.which === 'query' ? '224.0.0.1' : g;
        const src = item.which === 'query' ? EXCHANGE_MAC : HOST_MAC;
        const spec = ipv4(multicastMac(parseIpv4(dst)), src, tag(item.tagged), item.which === 'query' ? '10.20.0.254' : HOST_IP, dst, 1, [{ type: 148, data: '0000' }], { kind: 'igmp', message: m }, 48);
        return { spec: { ...spec, fcs: o.fcs }, tsNs: ts, messages: null, feed: null };
      }
      case 'unicast': {
        const data = bytesToHex(Uint8Array.from({ length: item.size }, (_, k) => (k * 31 + i) & 255));
        const spec = ipv4(HOST_MAC, EXCHANGE_MAC, null, EXCHANGE_IP, HOST_IP, 63, [], { kind: 'udp', srcPort: 9000, dstPort: item.port, zeroChecksum: i % 5 === 0, data });
        return { spec: { ...spec, fcs: o.fcs }, tsNs: ts, messages: null, feed: null };
      }
      case 'ipv6': {
        const data = bytesToHex(Uint8Array.from({ length: item.size }, (_, k) => (k + i) & 255));
        return { spec: { dst: '33:33:00:00:00:01', src: EXCHANGE_MAC, vlan: null, body: { kind: 'raw', ethertype: 0x86dd, data }, fcs: o.fcs }, tsNs: ts, messages: null, feed: null };
      }
    }
  });
  const records: CaptureRecord[] = frames.map((f) => {
    const data = buildFrame(f.spec);
    return { tsNs: f.tsNs, data, originalLength: data.length, fcs: o.fcs };
  });
  const file = writeCapture(records, { format: o.format, byteOrder: o.byteOrder ?? 'le', resolution: o.resolution ?? 'us', fcs: o.fcs });
  return { frames, file };
}

function ipv4(
  dstMac: string,
  srcMac: string,
  vlan: VlanTag | null,
  src: string,
  dst: string,
  ttl: number,
  options: Ipv4Spec['options'],
  payload: Ipv4Spec['payload'],
  dscp = 0,
): Omit<FrameSpec, 'fcs'> & { fcs: boolean } {
  return {
    dst: dstMac,
    src: srcMac,
    vlan,
    body: { kind: 'ipv4', dscp, ecn: 0, id: 0, df: true, mf: false, fragmentOffset: 0, ttl, src, dst: formatIpv4(parseIpv4(dst)), options, payload },
    fcs: false,
  };
}
