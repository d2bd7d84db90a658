import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCapture, writeCapture } from '../../reference/net/capture-io.ts';
import { parseFrame, type ParsedFrame } from '../../reference/net/parse.ts';
import fc from 'fast-check';
import { ALL_NET_CAPABILITIES } from '../../adapters/net.ts';
import { buildFrame } from '../../reference/net/build.ts';
import { frameSpecArb } from '../../properties/arbitraries/net-frame.ts';
import { synthesize } from './synth.ts';

// An independent oracle: Wireshark's dissectors re-read the captures we write. tshark silently
// ignores an invalid -o value, so the tests assert that every status field is present, and a
// negative control checks that damaged frames are reported Bad (0).
const tshark = spawnSync('tshark', ['-v'], { encoding: 'utf8' });
const HAVE_TSHARK = tshark.status === 0;
if (!HAVE_TSHARK) console.warn('tshark oracle tests skipped: tshark is not installed (Debian package: tshark)');

const FIELDS = [
  'frame.number',
  'frame.time_epoch',
  'eth.fcs',
  'eth.fcs.status',
  'vlan.id',
  'vlan.priority',
  'ip.dst',
  'ip.hdr_len',
  'ip.checksum.status',
  'udp.dstport',
  'udp.checksum.status',
  'udp.payload',
  'igmp.type',
  'igmp.checksum.status',
  'arp.opcode',
];

const dir = mkdtempSync(join(tmpdir(), 'fairwire-tshark-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Layers = Record<string, string[] | undefined>;

function dissect(file: string, fcs: boolean): Layers[] {
  const args = ['-r', file, '-o', `eth.fcs:${fcs ? 'always' : 'never'}`, '-o', 'eth.check_fcs:TRUE', '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-T', 'ek'];
  for (const f of FIELDS) args.push('-e', f);
  const out = execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  return out
    .split('\n')
    .filter((l) => l.startsWith('{"timestamp"'))
    .map((l) => (JSON.parse(l) as { layers: Layers }).layers);
}

const one = (l: Layers, k: string): string | undefined => l[k]?.[0];

function compare(p: ParsedFrame, l: Layers, tsNs: bigint, resolution: 'us' | 'ns'): void {
  const sec = tsNs / 1_000_000_000n;
  const frac = (tsNs % 1_000_000_000n).toString().padStart(9, '0');
  expect(one(l, 'frame_time_epoch')).toBe(`${sec}.${resolution === 'us' ? frac.slice(0, 6) + '000' : frac}`);
  if (p.fcs) {
    expect(one(l, 'eth_fcs_status'), 'FCS status must be present and Good').toBe('1');
    expect(one(l, 'eth_fcs')).toBe(`0x${p.fcs.value}`);
  }
  expect(one(l, 'vlan_id')).toBe(p.vlan ? String(p.vlan.vid) : undefined);
  const b = p.body;
  if (b?.kind === 'arp') expect(one(l, 'arp_opcode')).toBe(String(b.op));
  if (b?.kind !== 'ipv4') return;
  expect(one(l, 'ip_dst')).toBe(b.dst);
  expect(one(l, 'ip_hdr_len')).toBe(String(b.ihl * 4));
  expect(one(l, 'ip_checksum_status'), 'IPv4 checksum status must be present and Good').toBe('1');
  const u = b.payload;
  if (u?.kind === 'udp') {
    expect(one(l, 'udp_dstport')).toBe(String(u.dstPort));
    // 3 = not present (checksum 0): only where we sent none.
    expect(one(l, 'udp_checksum_status')).toBe(u.zeroChecksum ? '3' : '1');
    if (u.data.length) expect(one(l, 'udp_payload')).toBe(u.data);
  }
  if (u?.kind === 'igmp') {
    expect(one(l, 'igmp_checksum_status')).toBe('1');
    expect(Number(one(l, 'igmp_type'))).toBe(Buffer.from(u.message.type === 'v3-report' ? '22' : u.message.type === 'v2-leave' ? '17' : u.message.type === 'v2-report' ? '16' : '11', 'hex')[0]);
  }
}

describe.skipIf(!HAVE_TSHARK)('tshark re-dissects our captures', () => {
  const variants = [
    { format: 'pcap', fcs: true, byteOrder: 'le', resolution: 'us' },
    { format: 'pcap', fcs: false, byteOrder: 'be', resolution: 'ns' },
    { format: 'pcapng', fcs: true, byteOrder: 'be', resolution: 'ns' },
    { format: 'pcapng', fcs: false, byteOrder: 'le', resolution: 'us' },
  ] as const;
  for (const [k, v] of variants.entries()) {
    it(`${v.format} ${v.byteOrder} ${v.resolution} ${v.fcs ? 'with' : 'without'} FCS: every status Good, every field ours`, () => {
      const { file, frames } = synthesize({ count: 300, seed: 100 + k, ...v });
      const path = join(dir, `synth-${k}.${v.format}`);
      writeFileSync(path, file);
      const layers = dissect(path, v.fcs);
      expect(layers).toHaveLength(frames.length);
      const records = readCapture(file).records;
      let ipFrames = 0;
      records.forEach((r, i) => {
        const p = parseFrame(r.data, { fcs: r.fcs });
        expect(p.error).toBeNull();
        if (p.body?.kind === 'ipv4') ipFrames++;
        compare(p, layers[i]!, r.tsNs, v.resolution);
      });
      expect(ipFrames).toBeGreaterThan(200);
    });
  }

  it('random frames (IP options, VLAN PCP/DEI, jumbo, IGMPv3, ARP): statuses Good, headers ours', () => {
    for (const fcs of [true, false]) {
      const specs = fc.sample(frameSpecArb(ALL_NET_CAPABILITIES, { fcs }), { seed: fcs ? 11 : 12, numRuns: 300 });
      const records = specs.map((spec, i) => {
        const data = buildFrame(spec);
        return { tsNs: BigInt(i) * 1000n, data, originalLength: data.length, fcs };
      });
      const path = join(dir, `random-${fcs}.pcap`);
      writeFileSync(path, writeCapture(records, { format: 'pcap', byteOrder: 'le', resolution: 'us', fcs }));
      const layers = dissect(path, fcs);
      expect(layers).toHaveLength(specs.length);
      records.forEach((r, i) => {
        const p = parseFrame(r.data, { fcs });
        const l = layers[i]!;
        if (fcs) expect(one(l, 'eth_fcs_status'), `frame ${i}`).toBe('1');
        expect(one(l, 'vlan_id'), `frame ${i}`).toBe(p.vlan ? String(p.vlan.vid) : undefined);
        if (p.vlan) expect(one(l, 'vlan_priority')).toBe(String(p.vlan.pcp));
        const b = p.body;
        if (b?.kind !== 'ipv4') return;
        expect(one(l, 'ip_hdr_len'), `frame ${i}`).toBe(String(b.ihl * 4));
        expect(one(l, 'ip_checksum_status'), `frame ${i}`).toBe('1');
        // Wireshark stops at options whose contents break their own RFC (e.g. a 3-byte Timestamp);
        // ours are opaque TLVs. Only with NOP / Router Alert does its dissection reach layer 4.
        if (!b.options.every((o) => o.type === 1 || o.type === 148)) return;
        const u = b.payload;
        if (u?.kind === 'udp') expect(one(l, 'udp_checksum_status'), `frame ${i}`).toBe(u.zeroChecksum ? '3' : '1');
        if (u?.kind === 'igmp') expect(one(l, 'igmp_checksum_status'), `frame ${i}`).toBe('1');
      });
    }
  });

  it('negative control: a damaged FCS, IPv4 and UDP checksum are reported Bad', () => {
    const { file } = synthesize({ count: 40, seed: 9, format: 'pcap', fcs: true });
    const cap = readCapture(file);
    const firstUdp = cap.records.findIndex((r) => {
      const p = parseFrame(r.data, { fcs: true });
      return p.body?.kind === 'ipv4' && p.body.payload?.kind === 'udp' && !p.body.payload.zeroChecksum && p.vlan === null;
    });
    expect(firstUdp).toBeGreaterThanOrEqual(0);
    const good = cap.records[firstUdp]!;
    const badFcs = good.data.slice();
    badFcs[badFcs.length - 1]! ^= 1;
    const badIp = good.data.slice();
    badIp[14 + 8]! ^= 1; // TTL: the IPv4 checksum no longer matches
    const badUdp = good.data.slice();
    badUdp[14 + 20 + 9]! ^= 1; // payload byte: the UDP checksum no longer matches
    const recs = [badFcs, badIp, badUdp].map((data) => ({ ...good, data }));
    const path = join(dir, 'bad.pcap');
    writeFileSync(path, writeCapture(recs, { format: 'pcap', byteOrder: 'le', resolution: 'us', fcs: true }));
    const l = dissect(path, true);
    expect(one(l[0]!, 'eth_fcs_status')).toBe('0');
    expect(one(l[1]!, 'ip_checksum_status')).toBe('0');
    expect(one(l[2]!, 'udp_checksum_status')).toBe('0');
  });
});
