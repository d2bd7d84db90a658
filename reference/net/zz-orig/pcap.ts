import { LINKTYPE_ETHERNET, MAX_RECORD, type Capture, type CaptureRecord, type WriteOptions } from './capture.ts';
import { NetError } from './errors.ts';

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

export function readPcap(b: Uint8Array): Capture {
  if (b.length < 24) throw new NetError('capture-truncated', `pcap header needs 24 bytes, file has ${b.length}`, b.length);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let le: boolean;
  let ns: boolean;
  const m = dv.getUint32(0, false);
  if (m === MAGIC_US || m === MAGIC_NS) {
    le = false;
    ns = m === MAGIC_NS;
  } else {
    const ml = dv.getUint32(0, true);
    if (ml !== MAGIC_US && ml !== MAGIC_NS) throw new NetError('capture-bad-magic', `not a pcap file (magic ${m.toString(16)})`, 0);
    le = true;
    ns = ml === MAGIC_NS;
  }
  const major = dv.getUint16(4, le);
  if (major !== 2) throw new NetError('capture-bad-version', `pcap version ${major}.${dv.getUint16(6, le)}`, 4);
  const snaplen = dv.getUint32(16, le);
  const lt = dv.getUint32(20, le);
  const linkType = lt & 0x0fffffff;
  if (linkType !== LINKTYPE_ETHERNET) throw new NetError('unsupported-link-type', `link type ${linkType} (only Ethernet, 1)`, 20);
  const fcsLen = lt & 0x10000000 ? ((lt >>> 29) & 7) * 2 : 0;
  if (fcsLen !== 0 && fcsLen !== 4) throw new NetError('unsupported-link-type', `FCS length ${fcsLen} (only 0 or 4)`, 20);
  const records: CaptureRecord[] = [];
  let at = 24;
  while (at < b.length) {
    const index = records.length;
    if (b.length - at < 16) throw new NetError('capture-truncated', 'record header cut short', at, index);
    const sec = dv.getUint32(at, le);
    const frac = dv.getUint32(at + 4, le);
    const incl = dv.getUint32(at + 8, le);
    const orig = dv.getUint32(at + 12, le);
    if (frac >= (ns ? 1e9 : 1e6)) throw new NetError('capture-bad-record-length', `sub-second field ${frac} out of range`, at + 4, index);
    if (incl > MAX_RECORD || (snaplen > 0 && incl > Math.max(snaplen, 65535))) {
      throw new NetError('capture-bad-record-length', `captured length ${incl} exceeds the snapshot length ${snaplen}`, at + 8, index);
    }
    if (at + 16 + incl > b.length) throw new NetError('capture-truncated', `record needs ${incl} bytes, ${b.length - at - 16} left`, at + 16, index);
    records.push({
      tsNs: BigInt(sec) * 1_000_000_000n + BigInt(frac) * (ns ? 1n : 1000n),
      data: b.slice(at + 16, at + 16 + incl),
      originalLength: orig,
      fcs: fcsLen === 4,
    });
    at += 16 + incl;
  }
  return { format: 'pcap', byteOrder: le ? 'le' : 'be', resolution: ns ? 'ns' : 'us', linkType, records };
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
