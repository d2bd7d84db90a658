import { strict as assert } from 'node:assert';
import { Given, Then, When } from '@cucumber/cucumber';
import type { NetCapabilities, NetStackAdapter } from '../../adapters/net.ts';
import { multicastMac, parseIpv4 } from '../../reference/net/address.ts';
import { buildFrame } from '../../reference/net/build.ts';
import { crc32, writeFcs } from '../../reference/net/crc32.ts';
import { IGMP_RECORD, type FrameSpec, type Ipv4Spec, type UdpSpec } from '../../reference/net/frame-spec.ts';
import { bytesToHex, hexToBytes } from '../../reference/net/hex.ts';
import { DEFAULT_NIC_CONFIG, type NicConfig } from '../../reference/net/nic-config.ts';
import { parseFrame } from '../../reference/net/parse.ts';
import type { RxCounters, Verdict } from '../../reference/net/verdict.ts';
import type { FairwireWorld } from '../support/world.ts';
import { expectThat } from './expect-that.ts';

/**
 * Network verdict steps (spec/net/frames.md): a host (its addresses, groups, open ports, fast-path
 * rules) in; a frame built from fields by fairwire's own builder, or given as hex; the stack's
 * verdict and drop reason out. Frames are never built by the stack under test, so a vendor's
 * codec cannot hide a bug in its receive path. A frame using a feature the stack does not
 * declare (FCS, IPv4 options, ARP, IGMPv3, steering) makes the scenario skipped, never passed.
 */
interface NetState {
  config: Omit<NicConfig, 'joins' | 'ports' | 'steering' | 'fcs' | 'igmpVersion'> & {
    fcs: boolean;
    igmpVersion: 2 | 3;
    joins: { group: string; port: number }[];
    ports: number[];
    steering: NicConfig['steering'][number][];
  };
  configured: boolean;
  verdicts: { what: string; verdict: Verdict }[];
  sent?: { what: string; frames: Uint8Array[] };
}

const PEER_MAC = '02:00:00:00:00:09';
const PEER_IP = '10.0.0.9';
const PEER_PORT = 4000;
const states = new WeakMap<FairwireWorld, NetState>();

function state(w: FairwireWorld): NetState {
  const s = states.get(w);
  assert.ok(s, 'no host given (start with "Given a host at 10.0.0.1 with MAC 02:00:00:00:00:01")');
  return s;
}

/** The stack under test, configured with everything the Given steps said (once per scenario). */
async function stack(w: FairwireWorld): Promise<NetStackAdapter> {
  const s = state(w);
  const a = await w.adapter<NetStackAdapter>('net');
  if (!s.configured) {
    await a.configure({ ...s.config, joins: [...s.config.joins], ports: [...s.config.ports], steering: [...s.config.steering] });
    s.configured = true;
  }
  return a;
}

/** Capabilities a scenario needs and the stack lacks: the scenario is skipped, with the reason logged. */
async function lacking(w: FairwireWorld, needs: readonly (keyof NetCapabilities)[]): Promise<string | undefined> {
  const a = await w.adapter<NetStackAdapter>('net');
  const missing = needs.filter((c) => !a.capabilities[c]);
  if (missing.length === 0) return undefined;
  w.log(`skipped: this scenario needs ${missing.join(', ')}, which ${a.name} does not declare in its capabilities`);
  return 'skipped';
}

Given('a host at {word} with MAC {word}', function (this: FairwireWorld, ip: string, mac: string) {
  states.set(this, { config: { ...DEFAULT_NIC_CONFIG, ip, mac, joins: [], ports: [], steering: [] }, configured: false, verdicts: [] });
});

Given('the host has joined group {word} port {int}', function (this: FairwireWorld, group: string, port: number) {
  state(this).config.joins.push({ group, port });
});

Given('the host has joined group {word} port {int}, steered to the fast path', async function (this: FairwireWorld, group: string, port: number) {
  const s = state(this);
  s.config.joins.push({ group, port });
  s.config.steering.push({ dst: group, dstPort: port, vlan: null });
  return lacking(this, ['steering']);
});

Given('the host has UDP port {int} open', function (this: FairwireWorld, port: number) {
  state(this).config.ports.push(port);
});

Given("the host's port carries the Ethernet FCS", async function (this: FairwireWorld) {
  state(this).config.fcs = true;
  return lacking(this, ['fcs']);
});

Given('the host speaks IGMPv{int}', async function (this: FairwireWorld, version: number) {
  assert.ok(version === 2 || version === 3, `IGMP version must be 2 or 3, got ${version}`);
  state(this).config.igmpVersion = version;
  return version === 3 ? lacking(this, ['igmpv3']) : undefined;
});

/** A UDP datagram from the peer (10.0.0.9:4000) to `dst`, addressed to the right MAC for it. */
function datagram(s: NetState, dst: string, port: number, text: string): FrameSpec {
  const multicast = (parseIpv4(dst) >>> 28) === 0xe;
  const udp: UdpSpec = { kind: 'udp', srcPort: PEER_PORT, dstPort: port, zeroChecksum: false, data: Buffer.from(text, 'utf8').toString('hex') };
  const ip: Ipv4Spec = { kind: 'ipv4', dscp: 0, ecn: 0, id: 1, df: true, mf: false, fragmentOffset: 0, ttl: 64, src: PEER_IP, dst, options: [], payload: udp };
  return { dst: multicast ? multicastMac(parseIpv4(dst)) : s.config.mac, src: PEER_MAC, vlan: null, body: ip, fcs: s.config.fcs };
}

type Change = { needs?: (keyof NetCapabilities)[]; spec?: (f: FrameSpec) => FrameSpec; bytes?: (b: Uint8Array, fcs: boolean) => void; cut?: number };

const ip = (f: FrameSpec): Ipv4Spec => f.body as Ipv4Spec;
const withIp = (f: FrameSpec, change: Partial<Ipv4Spec>): FrameSpec => ({ ...f, body: { ...ip(f), ...change } });
const withUdp = (f: FrameSpec, change: Partial<UdpSpec>): FrameSpec => withIp(f, { payload: { ...(ip(f).payload as UdpSpec), ...change } });
/** Offsets in an untagged frame whose IPv4 header has no options. */
const IP_AT = 14;
const UDP_AT = IP_AT + 20;
const refreshFcs = (b: Uint8Array, fcs: boolean) => {
  if (fcs) writeFcs(b, b.length - 4, crc32(b, 0, b.length - 4));
};

/** The ways a scenario may spoil (or vary) the datagram, in the operator's words. */
const CHANGES: Record<string, Change> = {
  'with no UDP checksum (zero, allowed on IPv4)': { spec: (f) => withUdp(f, { zeroChecksum: true }) },
  'with a Router Alert option in its IPv4 header': { needs: ['ipOptions'], spec: (f) => withIp(f, { options: [{ type: 148, data: '0000' }] }) },
  'with the "don\'t fragment" flag clear': { spec: (f) => withIp(f, { df: false }) },
  'with a wrong Ethernet FCS': {
    needs: ['fcs'],
    bytes: (b, fcs) => {
      assert.ok(fcs, 'a wrong FCS needs a port that carries it: say "Given the host\'s port carries the Ethernet FCS"');
      b[b.length - 1]! ^= 0xff;
    },
  },
  'addressed to the MAC of another host': { spec: (f) => ({ ...f, dst: '02:00:00:00:00:77' }) },
  'tagged with VLAN 7': { needs: ['vlan'], spec: (f) => ({ ...f, vlan: { pcp: 0, dei: false, vid: 7 } }) },
  'with version 6 in its IPv4 header': {
    bytes: (b, fcs) => {
      b[IP_AT] = 0x60 | (b[IP_AT]! & 0x0f);
      refreshFcs(b, fcs);
    },
  },
  'with a wrong IPv4 header checksum': {
    bytes: (b, fcs) => {
      b[IP_AT + 11]! ^= 0x01;
      refreshFcs(b, fcs);
    },
  },
  'with a wrong UDP checksum': {
    bytes: (b, fcs) => {
      b[UDP_AT + 7]! ^= 0x01;
      refreshFcs(b, fcs);
    },
  },
  'with a UDP length beyond the packet': {
    bytes: (b, fcs) => {
      b[UDP_AT + 5] = b[UDP_AT + 5]! + 40;
      refreshFcs(b, fcs);
    },
  },
  'sent as the first fragment (more fragments, offset 0)': { spec: (f) => withIp(f, { df: false, mf: true }) },
  'sent as a later fragment (offset 185)': { spec: (f) => withIp(f, { df: false, fragmentOffset: 185 }) },
  'cut after 20 bytes': { cut: 20 },
};

async function receive(w: FairwireWorld, what: string, frame: Uint8Array): Promise<void> {
  const s = state(w);
  const verdict = await (await stack(w)).receive(frame);
  s.verdicts.push({ what, verdict });
}

When(/^the host receives a UDP datagram to (\S+) port (\d+) carrying "([^"]*)"(?: (.+))?$/, async function (this: FairwireWorld, dst: string, port: string, text: string, change: string | undefined) {
  const s = state(this);
  const c: Change = change ? (CHANGES[change.trim()] ?? assert.fail(`unknown change "${change}"; known: ${Object.keys(CHANGES).join('; ')}`)) : {};
  const skip = await lacking(this, c.needs ?? []);
  if (skip) return skip;
  const spec = c.spec ? c.spec(datagram(s, dst, Number(port), text)) : datagram(s, dst, Number(port), text);
  const built = buildFrame(spec);
  const frame = c.cut === undefined ? built : built.slice(0, c.cut);
  c.bytes?.(frame, s.config.fcs);
  await receive(this, `the datagram to ${dst} port ${port}${change ? ` ${change}` : ''}`, frame);
  return undefined;
});

When('the host receives the frame {string}', async function (this: FairwireWorld, hex: string) {
  const clean = hex.replace(/\s+/g, '');
  assert.match(clean, /^(?:[0-9a-fA-F]{2})*$/, 'the frame must be given as pairs of hex digits');
  await receive(this, `the frame ${hex}`, hexToBytes(clean));
});

When('{word} at {word} asks by ARP who has {word}', async function (this: FairwireWorld, spa: string, sha: string, tpa: string) {
  const skip = await lacking(this, ['arp']);
  if (skip) return skip;
  const s = state(this);
  const frame = buildFrame({ dst: 'ff:ff:ff:ff:ff:ff', src: sha, vlan: null, body: { kind: 'arp', op: 1, sha, spa, tha: '00:00:00:00:00:00', tpa }, fcs: s.config.fcs });
  await receive(this, `the ARP request from ${spa} for ${tpa}`, frame);
  return undefined;
});

When(/^a general IGMPv(2|3) membership query arrives$/, async function (this: FairwireWorld, version: string) {
  const skip = await lacking(this, version === '3' ? ['igmpv3'] : []);
  if (skip) return skip;
  const s = state(this);
  const message =
    version === '3'
      ? ({ type: 'v3-query', maxRespCode: 100, group: '0.0.0.0', sFlag: false, qrv: 2, qqic: 125, sources: [] } as const)
      : ({ type: 'query', maxResp: 100, group: '0.0.0.0' } as const);
  const frame = buildFrame({
    dst: multicastMac(parseIpv4('224.0.0.1')),
    src: '02:00:00:00:00:fe',
    vlan: null,
    fcs: s.config.fcs,
    body: { kind: 'ipv4', dscp: 48, ecn: 0, id: 0, df: false, mf: false, fragmentOffset: 0, ttl: 1, src: '10.0.0.254', dst: '224.0.0.1', options: [{ type: 148, data: '0000' }], payload: { kind: 'igmp', message } },
  });
  await receive(this, `the IGMPv${version} general query`, frame);
  return undefined;
});

When('the host joins group {word} port {int}', async function (this: FairwireWorld, group: string, port: number) {
  const frames = await (await stack(this)).join(group, port);
  state(this).sent = { what: `joining ${group} port ${port}`, frames };
});

function last(w: FairwireWorld): { what: string; verdict: Verdict } {
  const v = state(w).verdicts.at(-1);
  assert.ok(v, 'no frame was received (say "When the host receives ...")');
  return v;
}

const describe = (v: Verdict): string => {
  switch (v.action) {
    case 'deliver':
      return `delivered on the ${v.path} path from ${v.src}:${v.srcPort} to ${v.dst}:${v.dstPort} with payload ${v.payload || '(empty)'}`;
    case 'drop':
      return `dropped on the ${v.path} path because "${v.reason}"`;
    case 'reply':
      return `answered (${v.reason}) on the ${v.path} path with ${v.frames.length} frame(s)`;
    case 'consume':
      return `consumed (${v.reason}) on the ${v.path} path`;
  }
};

Then(/^it is delivered to the application on the (fast|slow) path with payload "([^"]*)"$/, function (this: FairwireWorld, path: string, text: string) {
  const { what, verdict } = last(this);
  const payload = Buffer.from(text, 'utf8').toString('hex');
  const ok = verdict.action === 'deliver' && verdict.path === path && verdict.payload === payload && verdict.src === PEER_IP && verdict.srcPort === PEER_PORT;
  expectThat(
    ok,
    `${what} should have been delivered to the application on the ${path} path, from ${PEER_IP}:${PEER_PORT}, with payload "${text}" (${payload}); ` +
      `the stack instead ${describe(verdict)}. A subscriber would ${verdict.action === 'deliver' ? 'get the wrong data' : 'miss this market data'}.`,
  );
});

Then(/^it is dropped on the (fast|slow) path because "([a-z0-9-]+)"$/, function (this: FairwireWorld, path: string, reason: string) {
  const { what, verdict } = last(this);
  const ok = verdict.action === 'drop' && verdict.path === path && verdict.reason === reason;
  expectThat(
    ok,
    `${what} should have been dropped on the ${path} path with the reason "${reason}"; the stack instead ${describe(verdict)}.` +
      (verdict.action === 'deliver' ? ' The application received data it must never see.' : ' Operators reading the drop counters would look for the wrong fault.'),
  );
});

Then(/^the (fast|slow) path counted exactly: (.+)$/, async function (this: FairwireWorld, path: 'fast' | 'slow', list: string) {
  const counters: RxCounters = await (await stack(this)).counters();
  const want = Object.fromEntries(list === 'nothing' ? [] : list.split(/, | and /).map((item) => {
    const m = /^(\d+) (\S+)$/.exec(item.trim());
    assert.ok(m, `a count must read like "1 deliver" or "2 bad-udp-checksum", got "${item}"`);
    return [m[2]!, Number(m[1])];
  }));
  const got = counters[path];
  const show = (c: Record<string, number>) => Object.entries(c).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing';
  expectThat(show(got) === show(want), `the ${path}-path counters should read "${show(want)}" but read "${show(got)}": every frame must be counted once, on the path that handled it, or the operator's drop statistics lie`);
});

Then('it replies with one ARP reply to {word} saying {word} is at {word}', function (this: FairwireWorld, requester: string, ip: string, mac: string) {
  const { what, verdict } = last(this);
  expectThat(verdict.action === 'reply' && verdict.frames.length === 1, `${what} should get exactly one ARP reply; the stack instead ${describe(verdict)}`);
  const p = parseFrame(hexToBytes(verdict.frames[0]!), { fcs: false });
  const b = p.body;
  const got = b?.kind === 'arp' ? `op ${b.op} to ${p.dst}: ${b.spa} is at ${b.sha}, for ${b.tpa} at ${b.tha}` : `a non-ARP frame ${verdict.frames[0]}`;
  const want = `op 2 to ${requester}: ${ip} is at ${mac}, for ${b?.kind === 'arp' ? b.tpa : '?'} at ${requester}`;
  expectThat(got === want, `the ARP reply should go to the requester ${requester} (op 2, "${ip} is at ${mac}"), but it was ${got}; a reply broadcast to everyone or with wrong addresses leaves the requester unable to reach us`);
});

Then('it answers with one IGMPv3 report to 224.0.0.22 listing {word} as MODE_IS_EXCLUDE', function (this: FairwireWorld, group: string) {
  const { what, verdict } = last(this);
  expectThat(verdict.action === 'reply', `${what} should be answered with a membership report; the stack instead ${describe(verdict)}`);
  const reports = verdict.frames.map((f) => igmpOf(hexToBytes(f)));
  const want = `v3-report to 224.0.0.22: MODE_IS_EXCLUDE ${group}`;
  expectThat(reports.length === 1 && reports[0] === want, `an IGMPv3 host must answer a query with one v3 report to 224.0.0.22 with a MODE_IS_EXCLUDE({}) record per group (RFC 3376 §5.2); it sent ${reports.join(' | ') || 'nothing'}. The router may stop forwarding the group and the host would lose its market data.`);
});

Then('it sends one IGMPv3 report to 224.0.0.22 with a CHANGE_TO_EXCLUDE_MODE record for {word}', function (this: FairwireWorld, group: string) {
  const sent = state(this).sent;
  assert.ok(sent, 'nothing was joined (say "When the host joins group ...")');
  const reports = sent.frames.map(igmpOf);
  const want = `v3-report to 224.0.0.22: CHANGE_TO_EXCLUDE_MODE ${group}`;
  expectThat(reports.length === 1 && reports[0] === want, `${sent.what} should send one IGMPv3 state-change report (CHANGE_TO_EXCLUDE_MODE, RFC 3376 §5.1); it sent ${reports.join(' | ') || 'nothing'}. A current-state record instead of a state change may leave the router not forwarding the group.`);
});

Then('no IGMP report is sent', function (this: FairwireWorld) {
  const sent = state(this).sent;
  assert.ok(sent, 'nothing was joined (say "When the host joins group ...")');
  expectThat(sent.frames.length === 0, `${sent.what} should send nothing, as the group was already joined on another port; it sent ${sent.frames.map(igmpOf).join(' | ')}`);
});

const RECORD_NAMES = new Map<number, string>(Object.entries(IGMP_RECORD).map(([k, v]) => [v, k]));

/** An IGMP frame in a line: "v3-report to 224.0.0.22: CHANGE_TO_EXCLUDE_MODE 239.1.1.1". */
function igmpOf(frame: Uint8Array): string {
  const p = parseFrame(frame, { fcs: false });
  const body = p.body;
  if (body?.kind !== 'ipv4' || body.payload?.kind !== 'igmp') return `a non-IGMP frame ${bytesToHex(frame)}`;
  const m = body.payload.message;
  if (m.type === 'v3-report') return `v3-report to ${body.dst}: ${m.records.map((r) => `${RECORD_NAMES.get(r.recordType) ?? r.recordType} ${r.group}`).join(', ')}`;
  return `${m.type} to ${body.dst}${'group' in m ? `: ${m.group}` : ''}`;
}
