import { describe, expect, it } from 'vitest';
import { buildFrame } from './build.ts';
import type { FrameSpec } from './frame-spec.ts';
import { hexToBytes } from './hex.ts';
import { DEFAULT_NIC_CONFIG, type NicConfig } from './nic-config.ts';
import { Nic } from './nic.ts';
import { parseFrame } from './parse.ts';

/**
 * The NIC keeps IPv4 addresses as signed 32-bit integers internally (a speed choice): addresses
 * at and above 128.0.0.0 are negative there. These cases sit on both sides of 2^31 and would
 * fail if any comparison, map key, sort or format mixed the signed and unsigned forms.
 */
const config: NicConfig = {
  ...DEFAULT_NIC_CONFIG,
  mac: '02:00:00:00:00:01',
  ip: '192.168.1.1',
  joins: [
    { group: '239.255.0.1', port: 5000 },
    { group: '224.1.0.9', port: 5001 },
  ],
  ports: [7000],
  steering: [{ dst: '239.255.0.1', dstPort: 5000, vlan: null }],
};

function udp(src: string, dst: string, dstMac: string, port: number): Uint8Array {
  const spec: FrameSpec = {
    dst: dstMac,
    src: '02:00:00:00:00:02',
    vlan: null,
    body: { kind: 'ipv4', dscp: 0, ecn: 0, id: 1, df: true, mf: false, fragmentOffset: 0, ttl: 9, src, dst, options: [], payload: { kind: 'udp', srcPort: 40000, dstPort: port, zeroChecksum: false, data: '0102' } },
    fcs: false,
  };
  return buildFrame(spec);
}

describe('Nic addresses above 2^31', () => {
  it('delivers unicast, limited broadcast and joined groups with high addresses, and formats them unsigned', () => {
    const nic = new Nic(config);
    expect(nic.receive(udp('172.16.0.2', '192.168.1.1', config.mac, 7000))).toEqual({
      action: 'deliver', path: 'slow', vlan: null, src: '172.16.0.2', srcPort: 40000, dst: '192.168.1.1', dstPort: 7000, payload: '0102',
    });
    expect(nic.receive(udp('255.1.2.3', '255.255.255.255', 'ff:ff:ff:ff:ff:ff', 7000))).toMatchObject({ action: 'deliver', src: '255.1.2.3', dst: '255.255.255.255' });
    expect(nic.receive(udp('10.0.0.2', '192.168.1.2', config.mac, 7000))).toEqual({ action: 'drop', path: 'slow', reason: 'not-for-us' });
    expect(nic.receive(udp('200.0.0.1', '239.255.0.1', '01:00:5e:7f:00:01', 5000))).toMatchObject({ action: 'deliver', path: 'fast', src: '200.0.0.1', dst: '239.255.0.1' });
    // Same MAC as 239.255.0.1 (low 23 bits), other group: the IP layer must still filter.
    expect(nic.receive(udp('200.0.0.1', '239.127.0.1', '01:00:5e:7f:00:01', 5000))).toEqual({ action: 'drop', path: 'slow', reason: 'not-joined' });
  });

  it('answers ARP for a high address, and sorts joined groups and query replies in unsigned order', () => {
    const nic = new Nic({ ...config, igmpVersion: 2 });
    // Not multicast, but keys on both sides of 2^31 (signed order would put 10.0.0.5 last).
    nic.join('128.0.0.0', 1);
    nic.join('10.0.0.5', 1);
    expect(nic.joinedGroups()).toEqual(['10.0.0.5', '128.0.0.0', '224.1.0.9', '239.255.0.1']);
    nic.leave('128.0.0.0', 1);
    const arp = buildFrame({
      dst: 'ff:ff:ff:ff:ff:ff',
      src: '02:00:00:00:00:02',
      vlan: null,
      body: { kind: 'arp', op: 1, sha: '02:00:00:00:00:02', spa: '192.168.1.2', tha: '00:00:00:00:00:00', tpa: '192.168.1.1' },
      fcs: false,
    });
    const v = nic.receive(arp);
    expect(v.action === 'reply' && parseFrame(hexToBytes(v.frames[0]!), { fcs: false }).body).toMatchObject({ op: 2, spa: '192.168.1.1', tpa: '192.168.1.2' });
    const q = buildFrame({
      dst: '01:00:5e:00:00:01',
      src: '02:00:00:00:00:fe',
      vlan: null,
      body: { kind: 'ipv4', dscp: 48, ecn: 0, id: 0, df: false, mf: false, fragmentOffset: 0, ttl: 1, src: '192.168.1.254', dst: '224.0.0.1', options: [{ type: 148, data: '0000' }], payload: { kind: 'igmp', message: { type: 'query', maxResp: 100, group: '0.0.0.0' } } },
      fcs: false,
    });
    const r = nic.receive(q);
    const groups = r.action === 'reply' ? r.frames.map((f) => { const p = parseFrame(hexToBytes(f), { fcs: false }); return p.body?.kind === 'ipv4' ? p.body.dst : ''; }) : [];
    expect(groups).toEqual(['10.0.0.5', '224.1.0.9', '239.255.0.1']);
  });
});
