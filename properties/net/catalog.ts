import fc from 'fast-check';
import type { NetStackAdapter } from '../../adapters/net.ts';
import { formatIpv4, IGMPV3_ROUTERS, ALL_ROUTERS, multicastMac, parseIpv4 } from '../../reference/net/address.ts';
import { buildFrame } from '../../reference/net/build.ts';
import type { FrameSpec } from '../../reference/net/frame-spec.ts';
import { hexToBytes } from '../../reference/net/hex.ts';
import { canonicalSpec, parseFrame, specOf, type ParsedFrame } from '../../reference/net/parse.ts';
import { canonicalVerdict, counterKey, type RxCounters, type Verdict } from '../../reference/net/verdict.ts';
import { abstractPath, assertSameCanonical, defaultSignature, Mismatch, type Signer } from '../mismatch.ts';
import { defineProperty, type Catalog } from '../property.ts';
import { applyCorruption, corruptionArb, ipStart, type Corruption } from '../arbitraries/net-corrupt.ts';
import { netScenarioArb, groupArb, portArb, type NetScenario } from '../arbitraries/net-config.ts';
import { frameSpecArb, targetedFrameArb } from '../arbitraries/net-frame.ts';

/**
 * The net.* catalog: the frame codec (build / parse), the receive verdicts of a NIC + stack,
 * ARP, IGMP membership and XDP-style steering. Frames fed to the subject are built by the
 * reference builder, so a subject's own codec bugs only show in net.codec.*.
 */
const C = 'net';

export interface RxInput {
  readonly scenario: NetScenario;
  readonly frames: readonly { readonly spec: FrameSpec; readonly corruption: Corruption }[];
}

function rxInputArb(caps: NetStackAdapter['capabilities'], opts: { steering?: boolean; corrupt?: boolean; mix?: Parameters<typeof targetedFrameArb>[2] } = {}) {
  // The scenario does not shrink: shrinking a chain's source regenerates every frame, which
  // multiplies the shrink attempts; the frames (fewer, smaller, undamaged) are what matter.
  return fc.noShrink(netScenarioArb(caps, { steering: opts.steering ?? caps.steering })).chain((scenario) =>
    fc.record({
      scenario: fc.constant(scenario),
      frames: fc.array(
        fc.record({
          spec: targetedFrameArb(scenario, caps, opts.mix ?? 'all'),
          corruption: opts.corrupt === false ? fc.constant<Corruption>({ kind: 'none' }) : corruptionArb,
        }),
        { minLength: 1, maxLength: 10 },
      ),
    }),
  );
}

function wire(f: RxInput['frames'][number], fcs: boolean): Uint8Array {
  return applyCorruption(buildFrame(f.spec), f.corruption, fcs);
}

/** A verdict difference named by the reference verdict (`frames[].verdict<drop bad-fcs>.action`), not by frame number. */
function verdictSigner(expected: Verdict): Signer {
  const what = 'reason' in expected ? `${expected.action} ${expected.reason}` : expected.action;
  return (d) => ({ kind: d.kind, path: `frames[].verdict<${what}>${d.path.length ? `.${abstractPath(d.path)}` : ''}` });
}

const rooted = (root: string): Signer => (d) => defaultSignature(d, root);

/** A problem without its generated numbers and addresses, e.g. "TTL 2" -> "TTL". */
const stableProblems = (problems: readonly string[]) =>
  problems.map((p) => p.split(' ').filter((w) => !/[\d:]/.test(w)).join(' ').replace(/,$/, '')).join('; ');

async function bothReceive(subject: NetStackAdapter, oracle: NetStackAdapter, frame: Uint8Array, i: number): Promise<Verdict> {
  const expected = canonicalVerdict(await oracle.receive(frame));
  const actual = canonicalVerdict(await subject.receive(frame));
  assertSameCanonical(`frame ${i} verdict`, expected, actual, verdictSigner(expected));
  return expected;
}

async function configureBoth(subject: NetStackAdapter, oracle: NetStackAdapter, s: NetScenario): Promise<void> {
  await oracle.configure(s.config);
  await subject.configure(s.config);
}

function describeRx(input: RxInput): unknown {
  return {
    config: input.scenario.config,
    frames: input.frames.map((f) => ({ corruption: f.corruption, hex: Buffer.from(wire(f, input.scenario.config.fcs)).toString('hex') })),
  };
}

const roundtrip = defineProperty<NetStackAdapter, FrameSpec>({
  id: 'net.codec.roundtrip',
  component: C,
  title: 'parse(build(spec)) gives back the spec: every header field, option, VLAN tag, payload',
  requires: ['codec'],
  arbitrary: (caps) => frameSpecArb(caps),
  async check(subject, _oracle, spec) {
    const bytes = await subject.build!(spec);
    const parsed = await subject.parse!(bytes, { fcs: spec.fcs });
    if (parsed.error) {
      throw new Mismatch(`parse of a built frame failed: ${parsed.error.code} at ${parsed.error.offset}`, null, parsed.error, { kind: 'parse-error', path: parsed.error.code });
    }
    assertSameCanonical('parse(build(spec))', canonicalSpec(spec), specOf(parsed), rooted('spec'));
  },
});

const validChecksums = defineProperty<NetStackAdapter, FrameSpec>({
  id: 'net.codec.valid-checksums',
  component: C,
  title: 'every built frame has valid FCS, IPv4, UDP and IGMP checksums, minimum size, and the reference bytes',
  requires: ['codec'],
  arbitrary: (caps) => frameSpecArb(caps),
  async check(subject, oracle, spec) {
    const bytes = await subject.build!(spec);
    const p = parseFrame(bytes, { fcs: spec.fcs });
    const problems = checksumProblems(p, spec);
    if (problems.length) throw new Mismatch(`built frame: ${problems.join('; ')}`, 'all valid', problems, { kind: 'invalid-built-frame', path: stableProblems(problems) });
    const ref = await oracle.build!(spec);
    assertSameCanonical('built bytes', ref, bytes, { kind: 'bytes-differ', path: 'built' });
    assertSameCanonical('subject parse of the reference bytes', await oracle.parse!(ref, { fcs: spec.fcs }), await subject.parse!(ref, { fcs: spec.fcs }), rooted('parsed'));
  },
});

function checksumProblems(p: ParsedFrame, spec: FrameSpec): string[] {
  const out: string[] = [];
  if (p.error) out.push(`parse error ${p.error.code}`);
  if (p.length < (spec.fcs ? 64 : 60)) out.push(`length ${p.length} below the Ethernet minimum`);
  if (spec.fcs && !p.fcs?.valid) out.push('FCS invalid');
  const b = p.body;
  if (b?.kind === 'ipv4') {
    if (!b.checksumValid) out.push('IPv4 header checksum invalid');
    const l4 = b.payload;
    if (l4?.kind === 'udp' && l4.checksumValid === false) out.push('UDP checksum invalid');
    if (l4?.kind === 'udp' && l4.zeroChecksum && spec.body.kind === 'ipv4' && spec.body.payload.kind === 'udp' && !spec.body.payload.zeroChecksum) {
      out.push('UDP checksum left zero');
    }
    if (l4?.kind === 'igmp' && !l4.checksumValid) out.push('IGMP checksum invalid');
  }
  return out;
}

const rxEquivalence = defineProperty<NetStackAdapter, RxInput>({
  id: 'net.rx.equivalence',
  component: C,
  title: 'for every frame (valid or damaged) the stack gives the reference verdict: deliver with the same payload, reply, consume or drop for the same reason',
  requires: [],
  arbitrary: (caps) => rxInputArb(caps),
  describe: describeRx,
  async check(subject, oracle, input) {
    await configureBoth(subject, oracle, input.scenario);
    for (const [i, f] of input.frames.entries()) await bothReceive(subject, oracle, wire(f, input.scenario.config.fcs), i);
  },
});

interface FlipInput {
  readonly scenario: NetScenario;
  readonly spec: FrameSpec;
  readonly at: number;
  readonly bit: number;
}

const bitflip = defineProperty<NetStackAdapter, FlipInput>({
  id: 'net.rx.bitflip',
  component: C,
  title: 'one flipped bit in a deliverable frame is dropped for the right reason: bad FCS, else the IPv4 or UDP checksum that covers it',
  requires: [],
  arbitrary: (caps) =>
    fc.noShrink(netScenarioArb(caps, { steering: false })).chain((scenario) =>
      fc.record({ scenario: fc.constant(scenario), spec: targetedFrameArb(scenario, caps, 'deliverable'), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    ),
  describe: (i) => ({ config: i.scenario.config, frame: Buffer.from(buildFrame(i.spec)).toString('hex'), at: i.at, bit: i.bit }),
  async check(subject, oracle, input) {
    await configureBoth(subject, oracle, input.scenario);
    const fcs = input.scenario.config.fcs;
    const good = buildFrame(input.spec);
    const before = await oracle.receive(good);
    if (before.action !== 'deliver') {
      throw new Mismatch('generator: the unflipped frame must be delivered by the reference', 'deliver', before, { kind: 'generator-error', path: 'unflipped-not-delivered' });
    }
    const at = input.at % good.length;
    const bad = good.slice();
    bad[at]! ^= 1 << input.bit;
    const v = await bothReceive(subject, oracle, bad, 0);
    const want = expectedFlipReason(good, at, input.bit, fcs);
    if (want && (v.action !== 'drop' || v.reason !== want)) {
      throw new Mismatch(`reference: flip at byte ${at} bit ${input.bit}`, want, v, { kind: 'reference-flip-verdict', path: `drop<${want}>` });
    }
  },
});

/** What a single flipped bit must cause, where the checks guarantee it; undefined elsewhere. */
function expectedFlipReason(b: Uint8Array, at: number, bit: number, fcs: boolean): string | undefined {
  if (fcs) return 'bad-fcs'; // CRC-32 detects every single-bit error
  const ip = ipStart(b, false);
  if (ip < 0) return undefined;
  const hend = ip + (b[ip]! & 15) * 4;
  const pend = ip + ((b[ip + 2]! << 8) | b[ip + 3]!);
  if (at === ip) return bit >= 4 ? 'bad-ip-version' : undefined; // IHL bits move the header end
  if (at > ip && at < hend) return 'bad-ip-checksum';
  const udpLenField = at === hend + 4 || at === hend + 5;
  const csum = (b[hend + 6]! << 8) | b[hend + 7]!;
  const flipsToZero = (at === hend + 6 && csum === 1 << (bit + 8)) || (at === hend + 7 && csum === 1 << bit);
  if (flipsToZero) return undefined; // becomes 'no checksum'
  if (at >= hend && at < pend && !udpLenField) return 'bad-udp-checksum';
  return undefined;
}

const onlyJoined = defineProperty<NetStackAdapter, RxInput>({
  id: 'net.rx.only-joined',
  component: C,
  title: 'multicast is delivered only for a joined (group, port), even for groups that share the MAC of a joined one',
  requires: [],
  arbitrary: (caps) => rxInputArb(caps, { steering: false, corrupt: false, mix: 'multicast-udp' }),
  describe: describeRx,
  async check(subject, oracle, input) {
    await configureBoth(subject, oracle, input.scenario);
    const joined = new Set(input.scenario.config.joins.map((j) => `${j.group}:${j.port}`));
    for (const [i, f] of input.frames.entries()) {
      const frame = wire(f, input.scenario.config.fcs);
      const v = await subject.receive(frame);
      if (v.action === 'deliver' && !joined.has(`${v.dst}:${v.dstPort}`)) {
        throw new Mismatch(`frame ${i}: delivered ${v.dst}:${v.dstPort}, which is not joined`, [...joined], v, { kind: 'delivered-unjoined', path: 'frames[]' });
      }
      const expected = canonicalVerdict(await oracle.receive(frame));
      assertSameCanonical(`frame ${i} verdict`, expected, canonicalVerdict(v), verdictSigner(expected));
    }
  },
});

const arpReply = defineProperty<NetStackAdapter, RxInput>({
  id: 'net.arp.reply',
  component: C,
  title: 'an ARP request for our address gets one reply to the requester with our MAC (same VLAN, valid FCS); others are not answered',
  requires: ['arp'],
  arbitrary: (caps) => rxInputArb(caps, { steering: false, corrupt: false, mix: 'arp-request' }),
  describe: describeRx,
  async check(subject, oracle, input) {
    const c = input.scenario.config;
    await configureBoth(subject, oracle, input.scenario);
    for (const [i, f] of input.frames.entries()) {
      const v = await subject.receive(wire(f, c.fcs));
      const req = f.spec.body;
      if (req.kind !== 'arp') throw new Error('generator: not an ARP frame');
      if (req.tpa === c.ip) {
        if (v.action !== 'reply' || v.frames.length !== 1) {
          throw new Mismatch(`frame ${i}: request for our address not answered`, 'one reply', v, { kind: 'arp-not-answered', path: `frames[]<${v.action}>` });
        }
        const r = parseFrame(hexToBytes(v.frames[0]!), { fcs: c.fcs });
        const want = {
          dst: req.sha,
          src: c.mac,
          vid: f.spec.vlan?.vid ?? null,
          arp: { kind: 'arp', op: 2, sha: c.mac, spa: c.ip, tha: req.sha, tpa: req.spa },
          fcsValid: c.fcs ? true : null,
          minSize: true,
        };
        const got = { dst: r.dst, src: r.src, vid: r.vlan?.vid ?? null, arp: r.body, fcsValid: r.fcs?.valid ?? null, minSize: r.length >= (c.fcs ? 64 : 60) };
        assertSameCanonical(`frame ${i} ARP reply`, want, got, rooted('arp-reply'));
      }
      const expected = canonicalVerdict(await oracle.receive(wire(f, c.fcs)));
      assertSameCanonical(`frame ${i} verdict`, expected, canonicalVerdict(v), verdictSigner(expected));
    }
  },
});

interface MembershipInput {
  readonly scenario: NetScenario;
  readonly ops: readonly { readonly op: 'join' | 'leave'; readonly group: string; readonly port: number }[];
}

const membership = defineProperty<NetStackAdapter, MembershipInput>({
  id: 'net.igmp.membership',
  component: C,
  title: 'join and leave emit the right IGMP frames (v2 report / leave, v3 state-change records) to the right MAC, TTL 1, Router Alert',
  requires: [],
  arbitrary: (caps) =>
    fc.noShrink(netScenarioArb(caps, { steering: false })).chain((scenario) => {
      const known = [...scenario.config.joins.map((j) => j.group), ...scenario.aliases];
      const ports = scenario.config.joins.map((j) => j.port);
      return fc.record({
        scenario: fc.constant(scenario),
        ops: fc.array(
          fc.record({
            op: fc.constantFrom('join' as const, 'leave' as const),
            group: fc.oneof(fc.constantFrom(...known), groupArb),
            port: fc.oneof(fc.constantFrom(...ports), portArb),
          }),
          { minLength: 1, maxLength: 8 },
        ),
      });
    }),
  async check(subject, oracle, input) {
    const c = input.scenario.config;
    await configureBoth(subject, oracle, input.scenario);
    for (const [i, o] of input.ops.entries()) {
      const exp = o.op === 'join' ? await oracle.join(o.group, o.port) : await oracle.leave(o.group, o.port);
      const act = o.op === 'join' ? await subject.join(o.group, o.port) : await subject.leave(o.group, o.port);
      const parse = (f: Uint8Array) => parseFrame(f, { fcs: c.fcs });
      for (const f of act) {
        const p = parse(f);
        const problems = checksumProblems(p, { fcs: c.fcs } as FrameSpec);
        const ip = p.body?.kind === 'ipv4' ? p.body : null;
        if (!ip) problems.push('not an IPv4 frame');
        else {
          if (ip.ttl !== 1) problems.push(`TTL ${ip.ttl}`);
          if (!ip.options.some((x) => x.type === 148)) problems.push('no Router Alert');
          if (p.dst !== multicastMac(parseIpv4(ip.dst))) problems.push(`destination MAC ${p.dst} for ${ip.dst}`);
          const m = ip.payload?.kind === 'igmp' ? ip.payload.message : null;
          const wantDst = m?.type === 'v3-report' ? formatIpv4(IGMPV3_ROUTERS) : m?.type === 'v2-leave' ? formatIpv4(ALL_ROUTERS) : m && 'group' in m ? m.group : '?';
          if (ip.dst !== wantDst) problems.push(`IP destination ${ip.dst}, expected ${wantDst}`);
        }
        if (problems.length) {
          throw new Mismatch(`op ${i} (${o.op} ${o.group}:${o.port}): ${problems.join('; ')}`, 'well-formed IGMP frame', p, {
            kind: 'invalid-igmp-frame',
            path: `ops[]<${o.op}>: ${stableProblems(problems)}`,
          });
        }
      }
      assertSameCanonical(
        `op ${i} (${o.op} ${o.group}:${o.port}) frames`,
        exp.map((f) => parseFrame(f, { fcs: c.fcs })),
        act.map((f) => parseFrame(f, { fcs: c.fcs })),
        (d) => ({ kind: d.kind, path: `ops[]<${o.op}>.frames${d.path.length ? abstractPath(d.path, '').replace(/^(?!\[)/, '.') : ''}` }),
      );
    }
  },
});

export const partition = defineProperty<NetStackAdapter, RxInput>({
  id: 'net.steer.partition',
  component: C,
  title: 'steering is a partition: each frame takes exactly one path (the reference one), and the per-path counters are the tally of the reference verdicts, once each',
  requires: ['steering'],
  arbitrary: (caps) => rxInputArb(caps, { steering: true }),
  describe: describeRx,
  async check(subject, oracle, input) {
    await configureBoth(subject, oracle, input.scenario);
    const tally: RxCounters = { fast: {}, slow: {} };
    for (const [i, f] of input.frames.entries()) {
      const frame = wire(f, input.scenario.config.fcs);
      const v = await subject.receive(frame);
      const e = await oracle.receive(frame);
      if (v.path !== e.path) throw new Mismatch(`frame ${i} path`, e.path, v.path, { kind: 'wrong-path', path: `frames[].path(${e.path} -> ${v.path})` });
      // The reference's verdict says what the frame counts as: a subject that drops for the
      // wrong reason and counts under that reason must not agree with itself into a pass.
      const k = counterKey(e);
      tally[e.path][k] = (tally[e.path][k] ?? 0) + 1;
    }
    const got = await subject.counters();
    const total = (c: RxCounters) => Object.values(c.fast).reduce((a, b) => a + b, 0) + Object.values(c.slow).reduce((a, b) => a + b, 0);
    if (total(got) !== input.frames.length) {
      throw new Mismatch('counters do not add up to the frames received', input.frames.length, got, { kind: 'counters-do-not-add-up', path: 'counters' });
    }
    assertSameCanonical('counters', sortCounters(tally), sortCounters(got), rooted('counters'));
  },
});

function sortCounters(c: RxCounters): RxCounters {
  const s = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { fast: s(c.fast), slow: s(c.slow) };
}

export const netCatalog: Catalog<NetStackAdapter> = [roundtrip, validChecksums, rxEquivalence, bitflip, onlyJoined, arpReply, membership, partition];
