import { LINKTYPE_ETHERNET, MAX_RECORD, type Capture, type CaptureRecord, type WriteOptions } from './capture.ts';
import { NetError } from './errors.ts';
import { CaptureStreamParser, readAllRecords } from './pcap-stream.ts';

/**
 * Classic libpcap files: 24-byte header, then 16-byte record headers. The magic gives the byte
 * order and the resolution (a1b2c3d4 microseconds, a1b23c4d nanoseconds). The link-type word
 * carries the FCS flag (bit 28) and FCS length in 16-bit words (bits 29-31).
 */
const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;

export function isPcap(b: Uint8Array): boolean {
  if (b.length < 4) return false;
  const be = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const le = ((b[3]! << 24) | (b[2]! << 16) | (b[1]! << 8) | b[0]!) >>> 0;
  return [MAGIC_US, MAGIC_NS].includes(be) || [MAGIC_US, MAGIC_NS].includes(le);
}

/** A whole pcap file in memory (pcap-stream.ts reads it one record at a time). */
export function readPcap(b: Uint8Array): Capture {
  const p = new CaptureStreamParser();
  const records = readAllRecords(b, p);
  return { format: p.format ?? 'pcap', byteOrder: p.byteOrder ?? 'le', resolution: p.resolution, linkType: p.linkType, records };
}

/** Writes records; all must agree with opts.fcs (the FCS flag is per file in pcap). */
export function writePcap(records: readonly CaptureRecord[], opts: Omit<WriteOptions, 'format'>): Uint8Array {
  const le = opts.byteOrder === 'le';
  const ns = opts.resolution === 'ns';
  const snaplen = opts.snaplen ?? MAX_RECORD;
  const size = 24 + records.reduce((n, r) => n + 16 + r.data.length, 0);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, ns ? MAGIC_NS : MAGIC_US, le);
  dv.setUint16(4, 2, le);
  dv.setUint16(6, 4, le);
  dv.setUint32(16, snaplen, le);
  dv.setUint32(20, (LINKTYPE_ETHERNET | (opts.fcs ? 0x10000000 | (2 << 29) : 0)) >>> 0, le);
  let at = 24;
  records.forEach((r, i) => {
    if (r.fcs !== opts.fcs) throw new NetError('bad-spec', 'pcap declares FCS per file: every record must agree', undefined, i);
    if (r.tsNs < 0n) throw new NetError('bad-spec', 'negative timestamp', undefined, i);
    const sec = r.tsNs / 1_000_000_000n;
    if (sec > 0xffffffffn) throw new NetError('bad-spec', 'timestamp beyond 2106', undefined, i);
    const sub = r.tsNs % 1_000_000_000n;
    dv.setUint32(at, Number(sec), le);
    dv.setUint32(at + 4, Number(ns ? sub : sub / 1000n), le);
    dv.setUint32(at + 8, r.data.length, le);
    dv.setUint32(at + 12, Math.max(r.originalLength, r.data.length), le);
    out.set(r.data, at + 16);
    at += 16 + r.data.length;
  });
  return out;
}
