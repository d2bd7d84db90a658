import fc from 'fast-check';
import type { NetCapabilities } from '../../adapters/net.ts';
import { formatIpv4, formatMac, parseIpv4 } from '../../reference/net/address.ts';
import { steeringForJoins, type NicConfig } from '../../reference/net/nic-config.ts';

/**
 * NIC configurations inside a stack's capabilities. Joined groups have bit 23 set half of the
 * time (the bit a 24-bit MAC mapping gets wrong), and every config keeps an "alias" list:
 * groups that share a joined group's MAC (they differ only in bits 23-27, RFC 1112 §6.4), so
 * that frames for unjoined groups pass the MAC filter and only the IP check can stop them.
 */
export interface NetScenario {
  readonly config: NicConfig;
  /** Multicast groups with the same 23 low bits as a joined group but not joined. */
  readonly aliases: readonly string[];
}

/** A unicast, locally administered MAC. */
export const unicastMacArb: fc.Arbitrary<string> = fc
  .uint8Array({ minLength: 6, maxLength: 6 })
  .map((b) => formatMac(Uint8Array.of((b[0]! & 0xfc) | 0x02, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!)));

export const unicastIpArb: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 }))
  .map(([a, b, c]) => `10.${a}.${b}.${c}`);

/** 232.0.0.0-239.255.255.255 with bit 23 chosen explicitly. */
export const groupArb: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 232, max: 239 }), fc.boolean(), fc.integer({ min: 0, max: 0x7fff }), fc.integer({ min: 1, max: 254 }))
  .map(([top, bit23, mid, low]) => formatIpv4(((top << 24) | (bit23 ? 0x800000 : 0) | (mid << 8) | low) >>> 0));

/** Another group with the same MAC: top 5 bits of the 28-bit group id changed. */
export function aliasOf(group: string, k: number): string {
  const g = parseIpv4(group);
  const hi = (g >>> 23) & 0x1f;
  const nhi = (hi + 1 + (k % 31)) & 0x1f;
  return formatIpv4(((0xe << 28) | (nhi << 23) | (g & 0x7fffff)) >>> 0);
}

export const portArb: fc.Arbitrary<number> = fc.integer({ min: 1024, max: 65535 });

export function netScenarioArb(caps: NetCapabilities, opts: { steering?: boolean } = {}): fc.Arbitrary<NetScenario> {
  return fc
    .record({
      mac: unicastMacArb,
      ip: unicastIpArb,
      fcs: caps.fcs ? fc.boolean() : fc.constant(false),
      jumbo: caps.jumbo ? fc.boolean() : fc.constant(false),
      vlan: caps.vlan ? fc.option(fc.integer({ min: 1, max: 4094 }), { freq: 2, nil: null }) : fc.constant(null),
      igmpVersion: caps.igmpv3 ? fc.constantFrom(2 as const, 3 as const) : fc.constant(2 as const),
      groups: fc.uniqueArray(groupArb, { minLength: 1, maxLength: 4 }),
      ports: fc.uniqueArray(portArb, { minLength: 1, maxLength: 3 }),
      unicastPorts: fc.uniqueArray(portArb, { minLength: 0, maxLength: 2 }),
      aliasK: fc.integer({ min: 0, max: 30 }),
      steerMode: opts.steering === false || !caps.steering ? fc.constant('none' as const) : fc.constantFrom('joins' as const, 'port' as const, 'none' as const),
    })
    .map((r) => {
      const joins = r.groups.map((group, i) => ({ group, port: r.ports[i % r.ports.length]! }));
      const joined = new Set(r.groups);
      const aliases = r.groups.map((g, i) => aliasOf(g, r.aliasK + i)).filter((a) => !joined.has(a));
      const steering =
        r.steerMode === 'joins' ? steeringForJoins(joins) : r.steerMode === 'port' ? [{ dst: null, dstPort: r.ports[0]!, vlan: r.vlan }] : [];
      const config: NicConfig = {
        mac: r.mac,
        ip: r.ip,
        fcs: r.fcs,
        mtu: r.jumbo ? 9000 : 1500,
        vlan: r.vlan,
        igmpVersion: r.igmpVersion,
        joins,
        ports: r.unicastPorts,
        steering,
      };
      return { config, aliases };
    });
}
