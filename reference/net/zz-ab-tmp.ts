import { buildFrame } from './build.ts';
import { Nic } from './nic.ts';
import { Nic as NicOrig } from './zz-orig/nic.ts';
import { steeringForJoins } from './nic-config.ts';
const joins = [{ group: '239.192.10.1', port: 30001 }, { group: '239.192.10.2', port: 30002 }];
const cfg = { mac: '02:00:00:00:00:01', ip: '10.20.0.100', fcs: true, mtu: 1500, vlan: null, igmpVersion: 3 as const, joins, ports: [], steering: steeringForJoins(joins) };
const nicNew = new Nic(cfg);
const nicOrig = new NicOrig(cfg);
const fs: Uint8Array[] = [];
for (let i = 0; i < 1024; i++) {
  const j = joins[i % 2]!;
  const data = Array.from({ length: 82 }, (_, k) => ((k * 13 + i * 7) & 255).toString(16).padStart(2, '0')).join('');
  fs.push(buildFrame({ dst: `01:00:5e:40:0a:0${(i % 2) + 1}`, src: '02:1b:00:00:00:01', vlan: null, body: { kind: 'ipv4', dscp: 0, ecn: 0, id: i & 0xffff, df: true, mf: false, fragmentOffset: 0, ttl: 64, src: '10.20.0.1', dst: j.group, options: [], payload: { kind: 'udp', srcPort: 20000, dstPort: j.port, zeroChecksum: false, data } }, fcs: true }));
}
const N = 300_000;
function loopNew(): number { let s = 0; const c0 = process.cpuUsage(); for (let i = 0; i < N; i++) s += nicNew.receiveCode(fs[i & 1023]!); const c = process.cpuUsage(c0); if (s !== 0) throw new Error('not delivered'); return ((c.user + c.system) * 1000) / N; }
function loopOrig(): number { let s = 0; const c0 = process.cpuUsage(); for (let i = 0; i < N; i++) s += nicOrig.receiveCode(fs[i & 1023]!); const c = process.cpuUsage(c0); if (s !== 0) throw new Error('not delivered'); return ((c.user + c.system) * 1000) / N; }
const a: number[] = [], b: number[] = [];
for (let r = 0; r < 30; r++) { a.push(loopOrig()); b.push(loopNew()); }
const med = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1]!.toFixed(0);
const min = (x: number[]) => Math.min(...x).toFixed(0);
console.log(`cpu ns/frame orig min ${min(a)} med ${med(a)} | new min ${min(b)} med ${med(b)}`);
