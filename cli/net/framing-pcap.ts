import type { CanonicalMessage, CanonicalErrorBody } from '../../reference/fast/canonical.ts';
import { FastDecoder } from '../../reference/fast/decoder.ts';
import type { TemplateSet } from '../../reference/fast/template-model.ts';
import type { CaptureRecord } from '../../reference/net/capture.ts';
import { readCapture } from '../../reference/net/capture-io.ts';
import { hexToBytes } from '../../reference/net/hex.ts';
import { parseFrame } from '../../reference/net/parse.ts';

/**
 * `--framing pcap`: a capture -> the UDP datagram payloads that carry FAST. A frame counts when
 * it parses without error, its FCS (when present), IPv4 and UDP checksums are good, it is not
 * a fragment, and (given --join) its destination is one of the joined group:port pairs. Every
 * other frame is listed as skipped with its reason. Container errors throw NetError.
 */
export interface Datagram {
  /** 0-based frame index in the capture. */
  readonly frame: number;
  readonly tsNs: bigint;
  readonly src: string;
  readonly srcPort: number;
  readonly dst: string;
  readonly dstPort: number;
  readonly payload: Uint8Array;
}

export interface Skipped {
  readonly frame: number;
  readonly reason: string;
}

export interface Join {
  readonly group: string;
  readonly port: number;
}

export function captureDatagrams(file: Uint8Array, joins: readonly Join[] = []): { datagrams: Datagram[]; skipped: Skipped[] } {
  const cap = readCapture(file);
  const wanted = joinSet(joins);
  const datagrams: Datagram[] = [];
  const skipped: Skipped[] = [];
  cap.records.forEach((r, frame) => {
    const d = datagramOf(r, frame, wanted);
    if ('reason' in d) skipped.push(d);
    else datagrams.push(d);
  });
  return { datagrams, skipped };
}

/** The --join pairs as `datagramOf` takes them. */
export function joinSet(joins: readonly Join[]): ReadonlySet<string> {
  return new Set(joins.map((j) => `${j.group}:${j.port}`));
}

/** One capture record: its UDP datagram, or why it is skipped (an empty `wanted` takes every group). */
export function datagramOf(r: CaptureRecord, frame: number, wanted: ReadonlySet<string>): Datagram | Skipped {
  const p = parseFrame(r.data, { fcs: r.fcs });
  if (p.fcs && !p.fcs.valid) return { frame, reason: 'bad-fcs' };
  if (p.error) return { frame, reason: p.error.code };
  const ip = p.body;
  if (ip?.kind !== 'ipv4') return { frame, reason: 'not-ipv4' };
  if (!ip.checksumValid) return { frame, reason: 'bad-ip-checksum' };
  if (ip.fragment) return { frame, reason: 'fragment' };
  const u = ip.payload;
  if (u?.kind !== 'udp') return { frame, reason: 'not-udp' };
  if (u.checksumValid === false) return { frame, reason: 'bad-udp-checksum' };
  if (wanted.size > 0 && !wanted.has(`${ip.dst}:${u.dstPort}`)) return { frame, reason: 'not-joined' };
  return { frame, tsNs: r.tsNs, src: ip.src, srcPort: u.srcPort, dst: ip.dst, dstPort: u.dstPort, payload: hexToBytes(u.data) };
}

export type PcapResetPolicy = 'packet' | 'message' | 'none';

export interface DecodedDatagram {
  readonly frame: number;
  readonly dst: string;
  readonly dstPort: number;
  readonly messages: CanonicalMessage[];
  readonly error: CanonicalErrorBody | null;
}

/**
 * Decodes every datagram's FAST messages (several per datagram). 'packet': dictionaries reset
 * before each datagram; 'message': before each message; 'none': one dictionary state per
 * destination group:port for the whole capture.
 */
export function decodeDatagrams(datagrams: readonly Datagram[], templates: TemplateSet, reset: PcapResetPolicy): DecodedDatagram[] {
  const decoders = new Map<string, FastDecoder>();
  return datagrams.map((d) => {
    const key = `${d.dst}:${d.dstPort}`;
    let dec = decoders.get(key);
    if (!dec) {
      dec = new FastDecoder(templates, { reset: reset === 'message' ? 'message' : 'none' });
      decoders.set(key, dec);
    }
    if (reset === 'packet') dec.reset();
    const r = dec.decodeStream(d.payload);
    return { frame: d.frame, dst: d.dst, dstPort: d.dstPort, messages: r.messages, error: r.error };
  });
}
