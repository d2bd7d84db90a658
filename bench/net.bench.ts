import { buildFrame } from '../reference/net/build.ts';
import { loadavg } from 'node:os';
import { crc32, crc32SliceBy8 } from '../reference/net/crc32.ts';
import { Nic, OUT } from '../reference/net/nic.ts';
import { steeringForJoins, type NicConfig } from '../reference/net/nic-config.ts';
import { formatResult, machine, measure, type BenchResult } from './lib/harness.ts';

/**
 * Parse + verify (FCS, IPv4 header checksum, UDP checksum with pseudo-header) + steer, for
 * 128-byte market-data frames (FCS included), on the reference NIC's allocation-free path: each
 * frame is copied once into the wasm checksum kernel's memory (counted here), which computes
 * the FCS (slice-by-16) and both checksums (reference/net/checksum-kernel.ts).
 * Line rate: a 128-byte frame takes 128 + 8 (preamble) + 12 (gap) = 148 byte times on the
 * wire, so 10 GbE carries 10e9 / (148 * 8) = 8.45 M of them per second.
 */
const FRAME = 128;
const LINE_RATE_10G = 10e9 / ((FRAME + 20) * 8);

const joins = [
  { group: '239.192.10.1', port: 30001 },
  { group: '239.192.10.2', port: 30002 },
];
const config: NicConfig = {
  mac: '02:00:00:00:00:01',
  ip: '10.20.0.100',
  fcs: true,
  mtu: 1500,
  vlan: null,
  igmpVersion: 3,
  joins,
  ports: [],
  steering: steeringForJoins(joins),
};

function frames(n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  // 14 Ethernet + 20 IPv4 + 8 UDP + 82 payload + 4 FCS = 128
  for (let i = 0; i < n; i++) {
    const j = joins[i % joins.length]!;
    const data = Array.from({ length: FRAME - 46 }, (_, k) => ((k * 13 + i * 7) & 255).toString(16).padStart(2, '0')).join('');
    const f = buildFrame({
      dst: `01:00:5e:40:0a:0${(i % 2) + 1}`,
      src: '02:1b:00:00:00:01',
      vlan: null,
      body: { kind: 'ipv4', dscp: 0, ecn: 0, id: i & 0xffff, df: true, mf: false, fragmentOffset: 0, ttl: 64, src: '10.20.0.1', dst: j.group, options: [], payload: { kind: 'udp', srcPort: 20000, dstPort: j.port, zeroChecksum: false, data } },
      fcs: true,
    });
    if (f.length !== FRAME) throw new Error(`frame is ${f.length} bytes`);
    out.push(f);
  }
  return out;
}

function perCpuSecond(work: () => void, ops: number): number {
  const c0 = process.cpuUsage();
  work();
  const c = process.cpuUsage(c0);
  return ops / ((c.user + c.system) / 1e6);
}

export async function run(): Promise<BenchResult[]> {
  const fs = frames(1024);
  const nic = new Nic(config);
  const mask = fs.length - 1;
  let delivered = 0;
  const hot = measure('net rx 128B: FCS+IPv4+UDP verify + steer', (i) => {
    if (nic.receiveCode(fs[i & mask]!) === OUT.DELIVER) delivered++;
  }, { batch: 256, batches: 4000 });
  const fast = nic.counters().fast['deliver'] ?? 0;
  if (delivered === 0 || fast !== delivered) throw new Error('bench frames were not delivered on the fast path');
  const canon = measure('net rx 128B: canonical verdict (allocates)', (i) => {
    nic.receive(fs[i & mask]!);
  }, { batch: 64, batches: 2000 });
  let sink = 0;
  const crc = measure('crc32 124B (wasm slice-by-16, with copy)', (i) => {
    sink ^= crc32(fs[i & mask]!, 0, FRAME - 4);
  }, { batch: 256, batches: 4000 });
  const crcJs = measure('crc32 124B (JS slice-by-8)', (i) => {
    sink ^= crc32SliceBy8(fs[i & mask]!, 0, FRAME - 4);
  }, { batch: 256, batches: 4000 });
  if (sink === 0.5) console.log(sink);
  // The machine may be shared: also count frames per second of this process's own CPU time.
  const cpuRate = perCpuSecond(() => {
    for (let i = 0; i < 2_000_000; i++) nic.receiveCode(fs[i & mask]!);
  }, 2_000_000);
  const crcCpu = perCpuSecond(() => {
    for (let i = 0; i < 2_000_000; i++) sink ^= crc32(fs[i & mask]!, 0, FRAME - 4);
  }, 2_000_000);
  const crcJsCpu = perCpuSecond(() => {
    for (let i = 0; i < 2_000_000; i++) sink ^= crc32SliceBy8(fs[i & mask]!, 0, FRAME - 4);
  }, 2_000_000);
  // Calibration: CPU time of 1e8 dependent integer adds (about 0.1 s on an idle modern core).
  let acc = 0;
  const calibration = perCpuSecond(() => {
    for (let i = 0; i < 1e8; i++) acc = (acc + i) | 0;
  }, 1e8);
  if (acc === 0.5) console.log(acc);
  const pct = (r: BenchResult) => ((100 * r.opsPerSec) / LINE_RATE_10G).toFixed(1);
  return [
    {
      ...hot,
      extra: {
        'frames/s': Math.round(hot.opsPerSec),
        '%10GbE': pct(hot),
        'frames/cpu-s': Math.round(cpuRate),
        '%10GbE(cpu)': ((100 * cpuRate) / LINE_RATE_10G).toFixed(1),
        lineRate: Math.round(LINE_RATE_10G),
        'calib-ms/1e8adds': Math.round(1e11 / calibration),
        // Other processes share the machine: CPU-time rates are the comparable figure, wall rates depend on load.
        load1: loadavg()[0]!.toFixed(2),
      },
    },
    { ...canon, extra: { '%10GbE': pct(canon) } },
    { ...crc, extra: { 'ops/cpu-s': Math.round(crcCpu) } },
    { ...crcJs, extra: { 'ops/cpu-s': Math.round(crcJsCpu) } },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(machine());
  for (const r of await run()) console.log(formatResult(r));
}
