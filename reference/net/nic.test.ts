import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFrame } from './build.ts';
import type { FrameSpec, Ipv4Spec } from './frame-spec.ts';
import { DEFAULT_NIC_CONFIG, type NicConfig } from './nic-config.ts';
import { Nic } from './nic.ts';
import { parseFrame } from './parse.ts';
import { DROP_REASONS } from './verdict.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

const config: NicConfig = {
  ...DEFAULT_NIC_CONFIG,
  mac: '02:00:00:00:00:01',
  ip: '10.0.0.1',
  joins: [{ group: '239.129.1.1', port: 5000 }],
  ports: [7000],
  steering: [{ dst: '239.129.1.1', dstPort: 5000, vlan: null }],
};

function udp(dst: string, port: number, over: Partial<Ipv4Spec> = {}, l2dst?: string, fcs = false): Uint8Array {
  const d = dst.split('.').map(Number);
  const mcast = d[0]! >= 224 && d[0]! <= 239;
  const mac = l2dst ?? (mcast ? `01:00:5e:${(d[1]! & 0x7f).toString(16).padStart(2, '0')}:${d[2]!.toString(16).padStart(2, '0')}:${d[3]!.toString(16).padStart(2, '0')}` : config.mac);
  const spec: FrameSpec = {
    dst: mac,
    src: '02:00:00:00:00:02',
    vlan: null,
    body: { kind: 'ipv4', dscp: 0, ecn: 0, id: 1, df: false, mf: false, fragmentOffset: 0, ttl: 9, src: '10.0.0.2', dst, options: [], payload: { kind: 'udp', srcPort: 1, dstPort: port, zeroChecksum: false, data: 'abcd' }, ...over },
    fcs,
  };
  return buildFrame(spec);
}

describe('Nic', () => {
  it('delivers joined (group, port) on the fast path, unicast to an open port on the slow path', () => {
    const nic = new Nic(config);
    expect(nic.receive(udp('239.129.1.1', 5000))).toEqual({ action: 'deliver', path: 'fast', vlan: null, src: '10.0.0.2', srcPort: 1, dst: '239.129.1.1', dstPort: 5000, payload: 'abcd' });
    expect(nic.receive(udp('10.0.0.1', 7000))).toMatchObject({ action: 'deliver', path: 'slow', dstPort: 7000 });
    expect(nic.receive(udp('10.0.0.1', 7001))).toEqual({ action: 'drop', path: 'slow', reason: 'port-closed' });
    expect(nic.receive(udp('239.129.1.1', 5001))).toEqual({ action: 'drop', path: 'slow', reason: 'port-closed' });
  });

  it('drops a group that shares the joined MAC (239.1.1.1 and 239.129.1.1) at the IP layer', () => {
    const nic = new Nic(config);
    expect(nic.receive(udp('239.1.1.1', 5000))).toEqual({ action: 'drop', path: 'slow', reason: 'not-joined' });
    expect(nic.receive(udp('239.1.1.2', 5000))).toEqual({ action: 'drop', path: 'slow', reason: 'mac-filtered' });
  });

  it('drops fragments, bad checksums, TTL-1-less IGMP, and counts every frame once', () => {
    const nic = new Nic(config);
    expect(nic.receive(udp('239.129.1.1', 5000, { mf: true })).action).toBe('drop');
    expect(nic.receive(udp('239.129.1.1', 5000, { fragmentOffset: 3 }))).toMatchObject({ reason: 'fragment' });
    const bad = udp('239.129.1.1', 5000);
    bad[bad.length - 20]! ^= 1;
    expect(nic.receive(bad)).toMatchObject({ reason: 'bad-udp-checksum', path: 'fast' });
    const zero = udp('239.129.1.1', 5000);
    zero[40] = 0;
    zero[41] = 0;
    expect(nic.receive(zero).action).toBe('deliver');
    const c = nic.counters();
    expect(c).toEqual({ fast: { deliver: 1, 'bad-udp-checksum': 1 }, slow: { fragment: 2 } });
  });

  it('with FCS: runts and bad FCS are dropped first', () => {
    const nic = new Nic({ ...config, fcs: true });
    const f = udp('239.129.1.1', 5000, {}, undefined, true);
    expect(nic.receive(f).action).toBe('deliver');
    expect(nic.receive(f.slice(0, 63))).toMatchObject({ reason: 'runt' });
    const g = f.slice();
    g[7]! ^= 0x80;
    expect(nic.receive(g)).toMatchObject({ reason: 'bad-fcs' });
  });

  it('answers an ARP request for its address and learns the sender', () => {
    const nic = new Nic(config);
    const req = buildFrame({ dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:09', vlan: null, body: { kind: 'arp', op: 1, sha: '02:00:00:00:00:09', spa: '10.0.0.9', tha: '00:00:00:00:00:00', tpa: '10.0.0.1' }, fcs: false });
    const v = nic.receive(req);
    expect(v.action).toBe('reply');
    if (v.action !== 'reply') return;
    const p = parseFrame(Buffer.from(v.frames[0]!, 'hex'), { fcs: false });
    expect(p.dst).toBe('02:00:00:00:00:09');
    expect(p.body).toEqual({ kind: 'arp', op: 2, sha: '02:00:00:00:00:01', spa: '10.0.0.1', tha: '02:00:00:00:00:09', tpa: '10.0.0.9' });
    expect(nic.arp.lookup(0x0a000009)).toBe('02:00:00:00:00:09');
  });

  it('join and leave emit IGMP; a general query is answered with the joined groups', () => {
    const nic = new Nic({ ...config, igmpVersion: 2 });
    const j = nic.join('239.2.2.2', 6000);
    expect(j).toHaveLength(1);
    expect(nic.join('239.2.2.2', 6001)).toHaveLength(0);
    const p = parseFrame(j[0]!, { fcs: false });
    expect(p.dst).toBe('01:00:5e:02:02:02');
    expect(p.body?.kind === 'ipv4' && p.body.payload?.kind === 'igmp' && p.body.payload.message).toEqual({ type: 'v2-report', group: '239.2.2.2' });
    const q = buildFrame({
      dst: '01:00:5e:00:00:01',
      src: '02:00:00:00:00:fe',
      vlan: null,
      body: { kind: 'ipv4', dscp: 48, ecn: 0, id: 0, df: false, mf: false, fragmentOffset: 0, ttl: 1, src: '10.0.0.254', dst: '224.0.0.1', options: [{ type: 148, data: '0000' }], payload: { kind: 'igmp', message: { type: 'query', maxResp: 100, group: '0.0.0.0' } } },
      fcs: false,
    });
    const v = nic.receive(q);
    expect(v.action === 'reply' && v.frames.length).toBe(2);
    expect(nic.leave('239.2.2.2', 6000)).toHaveLength(0);
    const l = nic.leave('239.2.2.2', 6001);
    const lp = parseFrame(l[0]!, { fcs: false });
    expect(lp.body?.kind === 'ipv4' && lp.body.dst).toBe('224.0.0.2');
  });

  it('never throws on arbitrary bytes and always accounts the frame', () => {
    const nic = new Nic({ ...config, fcs: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
        const v = nic.receive(b);
        expect(['deliver', 'reply', 'consume', 'drop']).toContain(v.action);
        if (v.action === 'drop') expect(DROP_REASONS).toContain(v.reason);
      }),
      { seed: SEED, numRuns: 300 },
    );
    const c = nic.counters();
    expect(Object.values(c.fast).concat(Object.values(c.slow)).reduce((a, b) => a + b, 0)).toBe(300);
  });
});
