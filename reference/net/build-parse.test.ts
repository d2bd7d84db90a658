import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFrame } from './build.ts';
import { NetError } from './errors.ts';
import type { FrameSpec } from './frame-spec.ts';
import { canonicalSpec, parseFrame, specOf } from './parse.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

const udpSpec = (over: Partial<FrameSpec> = {}): FrameSpec => ({
  dst: '01:00:5e:01:02:03',
  src: '02:00:00:00:00:02',
  vlan: null,
  body: {
    kind: 'ipv4',
    dscp: 0,
    ecn: 0,
    id: 0x1234,
    df: true,
    mf: false,
    fragmentOffset: 0,
    ttl: 64,
    src: '10.0.0.2',
    dst: '239.1.2.3',
    options: [],
    payload: { kind: 'udp', srcPort: 4000, dstPort: 5000, zeroChecksum: false, data: 'deadbeef' },
  },
  fcs: false,
  ...over,
});

describe('frame builder and parser', () => {
  it('builds the exact bytes of a small UDP frame, padded to 60', () => {
    const f = buildFrame(udpSpec());
    expect(f.length).toBe(60);
    const hex = Buffer.from(f).toString('hex');
    // dst, src, type, IPv4 header (checksum computed), UDP header, data, zero padding
    expect(hex.slice(0, 28)).toBe('01005e010203' + '020000000002' + '0800');
    expect(hex.slice(28, 68)).toBe('4500' + '0020' + '1234' + '4000' + '4011' + hex.slice(48, 52) + '0a000002' + 'ef010203');
    expect(hex.slice(68, 84)).toBe('0fa0' + '1388' + '000c' + hex.slice(80, 84));
    expect(hex.slice(84, 92)).toBe('deadbeef');
    expect(hex.slice(92)).toBe('0'.repeat(120 - 92));
    const p = parseFrame(f, { fcs: false });
    expect(p.error).toBeNull();
    expect(p.padding).toBe(14);
    expect(p.body?.kind === 'ipv4' && p.body.checksumValid && p.body.payload?.kind === 'udp' && p.body.payload.checksumValid).toBe(true);
    expect(specOf(p)).toEqual(canonicalSpec(udpSpec()));
  });

  it('a VLAN tag, options and FCS round-trip', () => {
    const spec = udpSpec({ vlan: { pcp: 5, dei: true, vid: 4094 }, fcs: true });
    const withOpts: FrameSpec = { ...spec, body: { ...(spec.body as Extract<FrameSpec['body'], { kind: 'ipv4' }>), options: [{ type: 1, data: '' }, { type: 148, data: '0000' }] } };
    const f = buildFrame(withOpts);
    expect(f.length).toBe(64);
    const p = parseFrame(f, { fcs: true });
    expect(p.fcs?.valid).toBe(true);
    expect(p.body?.kind === 'ipv4' && p.body.ihl).toBe(7);
    expect(specOf(p)).toEqual(canonicalSpec(withOpts));
  });

  it('a jumbo frame round-trips', () => {
    const spec = udpSpec();
    const big: FrameSpec = { ...spec, body: { ...(spec.body as Extract<FrameSpec['body'], { kind: 'ipv4' }>), payload: { kind: 'udp', srcPort: 1, dstPort: 2, zeroChecksum: false, data: 'ab'.repeat(8900) } } };
    const p = parseFrame(buildFrame(big), { fcs: false });
    expect(p.length).toBe(14 + 20 + 8 + 8900);
    expect(specOf(p)).toEqual(canonicalSpec(big));
  });

  it('rejects out-of-range fields with a typed error', () => {
    expect(() => buildFrame(udpSpec({ vlan: { pcp: 8, dei: false, vid: 1 } }))).toThrow(NetError);
    expect(() => buildFrame(udpSpec({ dst: 'nope' }))).toThrow(/bad-address/);
  });

  it('reports where a frame stops making sense', () => {
    const f = buildFrame(udpSpec());
    expect(parseFrame(f.slice(0, 10), { fcs: false }).error).toEqual({ code: 'truncated', offset: 10 });
    const ihl = f.slice();
    ihl[14] = 0x44;
    expect(parseFrame(ihl, { fcs: false }).error).toEqual({ code: 'bad-ip-header-length', offset: 14 });
    const v6 = f.slice();
    v6[14] = 0x65;
    expect(parseFrame(v6, { fcs: false }).error?.code).toBe('bad-ip-version');
    const long = f.slice();
    long[16] = 0x05;
    expect(parseFrame(long, { fcs: false }).error).toEqual({ code: 'truncated', offset: 60 });
    const ulen = f.slice();
    ulen[38] = 0;
    ulen[39] = 4;
    expect(parseFrame(ulen, { fcs: false }).error).toEqual({ code: 'bad-udp-length', offset: 38 });
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (b, fcs) => {
        const p = parseFrame(b, { fcs });
        expect(p.length).toBe(b.length);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
