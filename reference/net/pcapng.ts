import { LINKTYPE_ETHERNET, MAX_RECORD, type Capture, type CaptureRecord, type WriteOptions } from './capture.ts';
import { NetError } from './errors.ts';
import { CaptureStreamParser, readAllRecords } from './pcap-stream.ts';

/**
 * pcapng: a sequence of blocks (type, total length, body, total length again). Each Section
 * Header Block fixes the byte order of its section through the byte-order magic. We read
 * Interface Description (if_tsresol, if_fcslen), Enhanced, Simple and obsolete Packet blocks and
 * skip every other block type. We write one section, one interface, Enhanced Packet Blocks.
 */
const SHB = 0x0a0d0d0a;
const IDB = 1;
const EPB = 6;
const BOM = 0x1a2b3c4d;
const IF_TSRESOL = 9;
const IF_FCSLEN = 13;

export function isPcapng(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x0a && b[1] === 0x0d && b[2] === 0x0d && b[3] === 0x0a;
}

/** A whole pcapng file in memory (pcap-stream.ts reads it one block at a time). */
export function readPcapng(b: Uint8Array): Capture {
  const p = new CaptureStreamParser();
  const records = readAllRecords(b, p);
  return { format: p.format ?? 'pcapng', byteOrder: p.byteOrder ?? 'le', resolution: p.resolution, linkType: p.linkType, records };
}

export function writePcapng(records: readonly CaptureRecord[], opts: Omit<WriteOptions, 'format'>): Uint8Array {
  const le = opts.byteOrder === 'le';
  const ns = opts.resolution === 'ns';
  const shbLen = 28;
  const idbLen = 20 + 8 + (opts.fcs ? 8 : 0) + 4; // header + if_tsresol + if_fcslen + opt_endofopt
  let size = shbLen + idbLen;
  for (const r of records) size += 32 + ((r.data.length + 3) & ~3);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  let at = 0;
  const u32 = (v: number) => {
    dv.setUint32(at, v, le);
    at += 4;
  };
  const u16 = (v: number) => {
    dv.setUint16(at, v, le);
    at += 2;
  };
  u32(SHB);
  u32(shbLen);
  u32(BOM);
  u16(1);
  u16(0);
  u32(0xffffffff);
  u32(0xffffffff);
  u32(shbLen);
  u32(IDB);
  u32(idbLen);
  u16(LINKTYPE_ETHERNET);
  u16(0);
  u32(opts.snaplen ?? MAX_RECORD);
  u16(IF_TSRESOL);
  u16(1);
  out[at] = ns ? 9 : 6;
  at += 4;
  if (opts.fcs) {
    u16(IF_FCSLEN);
    u16(1);
    out[at] = 4;
    at += 4;
  }
  u32(0); // opt_endofopt
  u32(idbLen);
  records.forEach((r, i) => {
    if (r.fcs !== opts.fcs) throw new NetError('bad-spec', 'the interface declares FCS: every record must agree', undefined, i);
    if (r.tsNs < 0n) throw new NetError('bad-spec', 'negative timestamp', undefined, i);
    const ticks = ns ? r.tsNs : r.tsNs / 1000n;
    if (ticks >= 1n << 64n) throw new NetError('bad-spec', 'timestamp out of range', undefined, i);
    const padded = (r.data.length + 3) & ~3;
    const len = 32 + padded;
    u32(EPB);
    u32(len);
    u32(0);
    u32(Number(ticks >> 32n));
    u32(Number(ticks & 0xffffffffn));
    u32(r.data.length);
    u32(Math.max(r.originalLength, r.data.length));
    out.set(r.data, at);
    at += padded;
    u32(len);
  });
  return out;
}
