import { isMac, isMulticastIpv4, parseIpv4 } from './address.ts';
import { NetError } from './errors.ts';
import { JUMBO_MTU } from './frame-spec.ts';

/**
 * How a NIC model is set up (canonical JSON, spec/net/frames.md). Steering rules send matching
 * UDP traffic to the fast path (the FAST decoder / FPGA model); everything else takes the slow
 * path (the kernel). A null field in a rule matches anything.
 */
export interface NicConfig {
  readonly mac: string;
  readonly ip: string;
  /** Frames on this port carry the 4-byte FCS (a wire tap); false: stripped, as the kernel sees them. */
  readonly fcs: boolean;
  /** Largest IPv4 packet accepted: 1500, or up to 9000 for jumbo frames. */
  readonly mtu: number;
  /** Accept only frames tagged with this VLAN id; null: untagged (or priority-tagged, vid 0) only. */
  readonly vlan: number | null;
  /** The IGMP version the host speaks in its own reports. */
  readonly igmpVersion: 2 | 3;
  /** Multicast subscriptions: a UDP socket on `port` joined to `group`. */
  readonly joins: readonly { readonly group: string; readonly port: number }[];
  /** UDP ports open for unicast / broadcast datagrams. */
  readonly ports: readonly number[];
  readonly steering: readonly SteeringRule[];
}

export interface SteeringRule {
  readonly dst: string | null;
  readonly dstPort: number | null;
  readonly vlan: number | null;
}

export const DEFAULT_NIC_CONFIG: NicConfig = {
  mac: '02:00:00:00:00:01',
  ip: '10.0.0.1',
  fcs: false,
  mtu: 1500,
  vlan: null,
  igmpVersion: 3,
  joins: [],
  ports: [],
  steering: [],
};

/** One fast-path rule per joined (group, port): the usual AF_XDP set-up for market data. */
export function steeringForJoins(joins: NicConfig['joins']): SteeringRule[] {
  return joins.map((j) => ({ dst: j.group, dstPort: j.port, vlan: null }));
}

export function validateNicConfig(c: NicConfig): void {
  const bad = (m: string): never => {
    throw new NetError('bad-config', m);
  };
  if (!isMac(c.mac)) bad(`mac: ${c.mac}`);
  parseIpv4(c.ip);
  if (!Number.isInteger(c.mtu) || c.mtu < 68 || c.mtu > JUMBO_MTU) bad(`mtu must be 68..${JUMBO_MTU}: ${c.mtu}`);
  if (c.vlan !== null && (!Number.isInteger(c.vlan) || c.vlan < 1 || c.vlan > 4094)) bad(`vlan must be 1..4094 or null: ${c.vlan}`);
  if (c.igmpVersion !== 2 && c.igmpVersion !== 3) bad(`igmpVersion must be 2 or 3`);
  const port = (p: number) => Number.isInteger(p) && p >= 0 && p <= 0xffff;
  for (const j of c.joins) {
    if (!isMulticastIpv4(parseIpv4(j.group))) bad(`not a multicast group: ${j.group}`);
    if (!port(j.port)) bad(`bad port ${j.port}`);
  }
  for (const p of c.ports) if (!port(p)) bad(`bad port ${p}`);
  for (const r of c.steering) {
    if (r.dst !== null) parseIpv4(r.dst);
    if (r.dstPort !== null && !port(r.dstPort)) bad(`bad steering port ${r.dstPort}`);
    if (r.vlan !== null && (!Number.isInteger(r.vlan) || r.vlan < 0 || r.vlan > 4094)) bad(`bad steering vlan ${r.vlan}`);
  }
}
