import { buildFrame } from './build.ts';
import { crc32 } from './crc32.ts';
import { Nic } from './nic.ts';
import { steeringForJoins } from './nic-config.ts';
const joins = [{ group: '239.192.10.1', port: 30001 }, { group: '239.192.10.2', port: 30002 }];
const nic = new Nic({ mac: '02:00:00:00:00:01', ip: '10.20.0.100', fcs: true, mtu: 1500, vlan: null, igmpVersion: 3, joins, ports: [], steering: steeringForJoins(joins) });
const fs: Uint8Array[] = [];
for (let i = 0; i < 1024; i++) {
  const j = joins[i % 2]!;
  const data = Array.from({ length: 82 }, (_, k) => ((k * 13 + i * 7) & 255).toString(16).padStart(2, '0')).join('');
  fs.push(buildFrame({ dst: `01:00:5e:40:0a:0${(i % 2) + 1}`, src: '02:1b:00:00:00:01', vlan: null, body: { kind: 'ipv4', dscp: 0, ecn: 0, id: i & 0xffff, df: true, mf: false, fragmentOffset: 0, ttl: 64, src: '10.20.0.1', dst: j.group, options: [], payload: { kind: 'udp', srcPort: 20000, dstPort: j.port, zeroChecksum: false, data } }, fcs: true }));
}
function main(): void {
const mode = process.argv[2] ?? 'rx';
let s = 0;
const n = Number(process.argv[3] ?? 5_000_000);
for (let i = 0; i < 300000; i++) s += nic.receiveCode(fs[i & 1023]!);
const c0 = process.cpuUsage(); const t0 = process.hrtime.bigint();
if (mode === 'rx') for (let i = 0; i < n; i++) s += nic.receiveCode(fs[i & 1023]!);
else for (let i = 0; i < n; i++) s ^= crc32(fs[i & 1023]!, 0, 124);
const c = process.cpuUsage(c0); const w = Number(process.hrtime.bigint() - t0);
console.log(mode, 'M/cpu-s', (n / ((c.user + c.system) / 1e6) / 1e6).toFixed(2), 'M/wall-s', (n / (w / 1e9) / 1e6).toFixed(2), s === 0.5 ? '' : '');
}
main();
