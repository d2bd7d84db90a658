import { describe, expect, it } from 'vitest';
import { NetError } from '../../reference/net/errors.ts';
import { captureDatagrams, decodeDatagrams } from './framing-pcap.ts';
import { marketDataTemplates } from './market-data.ts';
import { SYNTH_FEEDS, synthesize } from './synth.ts';

describe('pcap framing for FAST', () => {
  it('decodes exactly the messages net synth encoded, per datagram, with reset per packet', () => {
    for (const fcs of [false, true]) {
      const { file, frames } = synthesize({ count: 200, seed: 3, fcs, format: fcs ? 'pcapng' : 'pcap' });
      const { datagrams, skipped } = captureDatagrams(file, [...SYNTH_FEEDS]);
      const expected = frames.flatMap((f, i) => (f.messages ? [{ frame: i, messages: f.messages }] : []));
      expect(datagrams.map((d) => d.frame)).toEqual(expected.map((e) => e.frame));
      expect(skipped.length + datagrams.length).toBe(frames.length);
      const decoded = decodeDatagrams(datagrams, marketDataTemplates(), 'packet');
      expect(decoded.map((d) => d.error)).toEqual(decoded.map(() => null));
      expect(decoded.map((d) => d.messages)).toEqual(expected.map((e) => e.messages));
    }
  });

  it('--join selects the groups; without reset per packet the dictionaries go wrong', () => {
    const { file, frames } = synthesize({ count: 200, seed: 4, fcs: false, format: 'pcap' });
    const one = captureDatagrams(file, [SYNTH_FEEDS[0]]);
    expect(one.datagrams.every((d) => d.dst === SYNTH_FEEDS[0].group && d.dstPort === SYNTH_FEEDS[0].port)).toBe(true);
    expect(one.datagrams.length).toBe(frames.filter((f) => f.feed?.group === SYNTH_FEEDS[0].group).length);
    expect(one.skipped.some((s) => s.reason === 'not-joined')).toBe(true);
    const wrong = decodeDatagrams(one.datagrams, marketDataTemplates(), 'none');
    const right = decodeDatagrams(one.datagrams, marketDataTemplates(), 'packet');
    expect(wrong.map((d) => d.messages)).not.toEqual(right.map((d) => d.messages));
  });

  it('a damaged FCS or UDP checksum skips the frame with its reason', () => {
    const { file } = synthesize({ count: 30, seed: 5, fcs: true, format: 'pcap' });
    const base = captureDatagrams(file, [...SYNTH_FEEDS]);
    const d0 = base.datagrams[0]!;
    // Frame records start after the 24-byte header; flip the first payload byte of the first datagram's frame.
    let at = 24;
    const dv = new DataView(file.buffer, file.byteOffset);
    for (let i = 0; i < d0.frame; i++) at += 16 + dv.getUint32(at + 8, true);
    const bad = file.slice();
    bad[at + 16 + 50]! ^= 1;
    const r = captureDatagrams(bad, [...SYNTH_FEEDS]);
    expect(r.skipped).toContainEqual({ frame: d0.frame, reason: 'bad-fcs' });
  });

  it('a garbage file is a NetError', () => {
    expect(() => captureDatagrams(Uint8Array.of(1, 2, 3, 4, 5))).toThrow(NetError);
  });
});
