import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { readCapture } from '../../reference/net/capture-io.ts';
import { Nic } from '../../reference/net/nic.ts';
import { DEFAULT_NIC_CONFIG, type NicConfig } from '../../reference/net/nic-config.ts';
import { parseFrame, specOf } from '../../reference/net/parse.ts';
import { netInspectCommand } from '../commands/net-inspect.ts';

// The Linux kernel as an oracle: two network namespaces joined by a veth pair (created and
// deleted here, addresses only inside them). B joins a group with a socket; A sends multicast to
// that group and to one sharing nothing, and unicast to a closed port. dumpcap captures on B's
// side. Our parser must read every frame with valid checksums (offload is turned off with
// ethtool so the kernel writes real checksums), our NIC configured as B must deliver exactly
// what B's socket received, and our ARP reply and IGMPv3 join must equal the kernel's frames.
const need = ['ip', 'dumpcap', 'ethtool', 'tshark'];
const missing = need.filter((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);
const probe = missing.length === 0 && process.getuid?.() === 0 ? spawnSync('ip', ['netns', 'add', `fwprobe${process.pid}`]) : null;
if (probe?.status === 0) spawnSync('ip', ['netns', 'del', `fwprobe${process.pid}`]);
const skipReason =
  missing.length > 0 ? `missing ${missing.join(', ')} (Debian: iproute2, tshark, ethtool)` : process.getuid?.() !== 0 ? 'not root' : probe?.status !== 0 ? `ip netns unavailable: ${probe?.stderr}` : '';
if (skipReason) console.warn(`kernel oracle test skipped: ${skipReason}`);

const A_MAC = '02:99:00:00:00:01';
const B_MAC = '02:99:00:00:00:02';
const A_IP = '10.199.0.1';
const B_IP = '10.199.0.2';
const GROUP = '239.199.1.1';
const OTHER_GROUP = '239.199.1.2';
const PORT = 5000;

function sh(cmd: string[]): void {
  const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')}: ${r.stderr || r.error}`);
}

/** A bounded child: `done` resolves with its stdout; `ready` when its stderr first mentions `cue`. */
function start(cmd: string[], timeoutMs: number, cue?: string): { done: Promise<string>; ready: Promise<void>; stop: () => void } {
  const p = spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let cued: () => void = () => {};
  const ready = new Promise<void>((r) => (cued = r));
  p.stdout.on('data', (d) => (out += d));
  p.stderr.on('data', (d) => {
    err += d;
    if (cue && err.includes(cue)) cued();
  });
  const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
  const done = new Promise<string>((resolve, reject) => {
    p.on('close', (code, signal) => {
      clearTimeout(t);
      cued();
      if (code === 0 || signal === 'SIGINT') resolve(out);
      else reject(new Error(`${cmd.slice(0, 5).join(' ')} exited ${code ?? signal}: ${err}`));
    });
  });
  return { done, ready, stop: () => p.kill('SIGINT') };
}

const LISTENER = `const d=require('dgram');const s=d.createSocket({type:'udp4',reuseAddr:true});
let n=0;s.on('message',(m)=>{console.log(m.toString('hex'));if(++n===4)process.exit(0);});
s.bind(${PORT},()=>{s.addMembership('${GROUP}','${B_IP}');console.error('ready')});setTimeout(()=>process.exit(0),8000);`;
const SENDER = `const d=require('dgram');const s=d.createSocket('udp4');
s.bind(()=>{s.setMulticastInterface('${A_IP}');s.setMulticastTTL(1);let n=0;
const go=()=>{if(n>=6){s.close();const u=d.createSocket('udp4');u.send(Buffer.from('0102','hex'),${PORT + 1},'${B_IP}',()=>u.close());return;}
s.send(Buffer.from('fa57'+n.toString(16).padStart(2,'0')+'00'.repeat(n*20),'hex'),${PORT},n%3===1?'${OTHER_GROUP}':'${GROUP}',()=>{n++;go();});};go();});`;

describe.skipIf(skipReason !== '')('the Linux kernel as an oracle (veth in network namespaces)', () => {
  it('kernel frames parse with valid checksums; our NIC as B delivers what B received; ARP reply and IGMPv3 join match', async () => {
    const ns = `fw${process.pid}`;
    const A = `${ns}a`;
    const B = `${ns}b`;
    const dir = mkdtempSync(join(tmpdir(), 'fairwire-kernel-'));
    const file = join(dir, 'b.pcapng');
    try {
      sh(['ip', 'netns', 'add', A]);
      sh(['ip', 'netns', 'add', B]);
      sh(['ip', 'link', 'add', 'vA', 'netns', A, 'address', A_MAC, 'type', 'veth', 'peer', 'name', 'vB', 'netns', B, 'address', B_MAC]);
      for (const [n, dev, ip] of [[A, 'vA', A_IP], [B, 'vB', B_IP]] as const) {
        // Best effort: fewer IPv6 frames (MLD, ND) in the capture; they are parsed as raw either way.
        spawnSync('ip', ['netns', 'exec', n, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
        spawnSync('ip', ['netns', 'exec', n, 'sysctl', '-qw', `net.ipv6.conf.${dev}.disable_ipv6=1`]);
        sh(['ip', '-n', n, 'addr', 'add', `${ip}/24`, 'dev', dev]);
        sh(['ip', 'netns', 'exec', n, 'ethtool', '-K', dev, 'tx', 'off', 'rx', 'off']);
        sh(['ip', '-n', n, 'link', 'set', dev, 'up']);
        sh(['ip', '-n', n, 'route', 'add', '224.0.0.0/4', 'dev', dev]);
      }
      const capture = start(['ip', 'netns', 'exec', B, 'dumpcap', '-i', 'vB', '-w', file, '-a', 'duration:30'], 40_000, 'Capturing on');
      await capture.ready;
      const listener = start(['ip', 'netns', 'exec', B, process.execPath, '-e', LISTENER], 15_000, 'ready');
      await listener.ready;
      await start(['ip', 'netns', 'exec', A, process.execPath, '-e', SENDER], 15_000).done;
      const received = (await listener.done).trim().split('\n').filter(Boolean);
      await new Promise((r) => setTimeout(r, 300)); // let the last frames reach the capture
      capture.stop();
      await capture.done;

      const records = readCapture(readFileSync(file)).records;
      expect(records.length).toBeGreaterThan(5);
      const config: NicConfig = { ...DEFAULT_NIC_CONFIG, mac: B_MAC, ip: B_IP, igmpVersion: 3, joins: [{ group: GROUP, port: PORT }] };
      const nic = new Nic(config);
      const delivered: string[] = [];
      let arpChecked = false;
      let joinChecked = false;
      let lastArpReply: string | undefined;
      for (const r of records) {
        const p = parseFrame(r.data, { fcs: r.fcs });
        expect(p.error, toCanonicalJson(p)).toBeNull();
        if (p.body?.kind === 'ipv4') {
          expect(p.body.checksumValid).toBe(true);
          const l4 = p.body.payload;
          if (l4?.kind === 'udp') expect(l4.checksumValid).not.toBe(false);
          if (l4?.kind === 'igmp') expect(l4.checksumValid).toBe(true);
        }
        if (p.src === A_MAC) {
          const v = nic.receive(r.data);
          if (v.action === 'deliver') delivered.push(v.payload);
          if (v.action === 'reply') lastArpReply = v.frames[0];
          if (p.body?.kind === 'ipv4' && p.body.payload?.kind === 'udp' && p.body.payload.dstPort === PORT + 1) expect(v).toMatchObject({ action: 'drop', reason: 'port-closed' });
        } else if (p.body?.kind === 'arp' && p.body.op === 2 && lastArpReply) {
          // The kernel's reply and ours, padding aside (veth does not pad to 60 bytes).
          expect(specOf(parseFrame(Buffer.from(lastArpReply, 'hex'), { fcs: false }))).toEqual(specOf(p));
          arpChecked = true;
        } else if (!joinChecked && p.body?.kind === 'ipv4' && p.body.payload?.kind === 'igmp') {
          const ours = new Nic({ ...config, joins: [] }).join(GROUP, PORT);
          expect(ours).toHaveLength(1);
          expect(specOf(parseFrame(ours[0]!, { fcs: false }))).toEqual(specOf(p));
          joinChecked = true;
        }
      }
      expect(received.length).toBe(4);
      expect(delivered).toEqual(received);
      expect(arpChecked, 'saw the kernel ARP reply').toBe(true);
      expect(joinChecked, 'saw the kernel IGMPv3 join').toBe(true);

      // `fairwire net inspect` and tshark read the kernel's capture the same way, frame by frame.
      const inspected = await inspectLines(file, ['--mac', B_MAC, '--ip', B_IP, '--join', `${GROUP}:${PORT}`]);
      const dissected = tsharkFields(file);
      expect(inspected.length).toBe(dissected.length);
      let compared = 0;
      inspected.forEach((line, i) => {
        const t = dissected[i]!;
        const body = line.frame.body;
        if (body?.kind === 'arp') expect(t['arp.opcode']).toBe(String(body.op));
        if (body?.kind !== 'ipv4') return;
        compared++;
        expect([t['ip.src'], t['ip.dst']]).toEqual([body.src, body.dst]);
        expect(t['ip.checksum.status'], 'tshark must verify the IPv4 checksum (-o took effect)').toBe(body.checksumValid ? '1' : '0');
        const l4 = body.payload;
        if (l4?.kind === 'udp') {
          expect(t['udp.dstport']).toBe(String(l4.dstPort));
          // 1 Good, 0 Bad, 2 Unverified (a zero checksum: none sent, allowed on IPv4).
          expect(t['udp.checksum.status']).toBe(l4.checksumValid === null ? '2' : l4.checksumValid ? '1' : '0');
        }
        if (l4?.kind === 'igmp') expect(t['igmp.checksum.status']).toBe(l4.checksumValid ? '1' : '0');
      });
      expect(compared).toBeGreaterThan(5);
    } finally {
      spawnSync('ip', ['netns', 'del', A]);
      spawnSync('ip', ['netns', 'del', B]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface InspectLine {
  frame: { body?: { kind: string; op?: number; src?: string; dst?: string; checksumValid?: boolean; payload?: { kind: string; dstPort?: number; checksumValid?: boolean | null } } };
}

/** Runs `fairwire net inspect FILE ...` in-process; the frame lines (the counters line dropped). */
async function inspectLines(file: string, options: string[]): Promise<InspectLine[]> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const code = await netInspectCommand.run([file, ...options], { stdout, stderr: new PassThrough(), stdin: new PassThrough() });
  expect(code).toBe(0);
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"index"'))
    .map((l) => JSON.parse(l) as InspectLine);
}

const TSHARK_FIELDS = ['ip.src', 'ip.dst', 'ip.checksum.status', 'udp.dstport', 'udp.checksum.status', 'igmp.checksum.status', 'arp.opcode'];

/** tshark's view of each frame, with checksum verification on (veth captures carry no FCS). */
function tsharkFields(file: string): Record<string, string>[] {
  const args = ['-r', file, '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=f'];
  for (const f of TSHARK_FIELDS) args.push('-e', f);
  const out = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => Object.fromEntries(l.split('\t').map((v, i) => [TSHARK_FIELDS[i]!, v] as const).filter(([, v]) => v !== '')));
}
