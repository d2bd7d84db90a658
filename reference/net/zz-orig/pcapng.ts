import { LINKTYPE_ETHERNET, MAX_RECORD, type Capture, type CaptureRecord, type WriteOptions } from './capture.ts';
import { NetError } from './errors.ts';

/**
 * pcapng: a sequence of blocks (type, total length, body, total length again). Each Section
 * Header Block fixes the byte order of its section through the byte-order magic. We read
 * Interface Description (if_tsresol, if_fcslen), Enhanced, Simple and obsolete Packet blocks and
 * skip every other block type. We write one section, one interface, Enhanced Packet Blocks.
 */
const SHB = 0x0a0d0d0a;
const IDB = 1;
const OPB = 2;
const SPB = 3;
const EPB = 6;
const BOM = 0x1a2b3c4d;
const OPT_END = 0;
const IF_TSRESOL = 9;
const IF_FCSLEN = 13;

export function isPcapng(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x0a && b[1] === 0x0d && b[2] === 0x0d && b[3] === 0x0a;
}

interface Iface {
  readonly linkType: number;
  readonly snaplen: number;
  /** Timestamp units per second. */
  readonly unitsPerSec: bigint;
  readonly fcsLen: number;
}

export function readPcapng(b: Uint8Array): Capture {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let le = true;
  let ifaces: Iface[] = [];
  let firstIface: Iface | undefined;
  let byteOrder: 'le' | 'be' | undefined;
  const records: CaptureRecord[] = [];
  let at = 0;
  let sawShb = false;
  while (at < b.length) {
    const index = records.length;
    if (b.length - at < 12) throw new NetError('capture-truncated', 'block header cut short', at, index);
    const rawType = dv.getUint32(at, true);
    if (rawType === SHB) {
      if (b.length - at < 28) throw new NetError('capture-truncated', 'section header cut short', at, index);
      const bomLe = dv.getUint32(at + 8, true);
      if (bomLe === BOM) le = true;
      else if (dv.getUint32(at + 8, false) === BOM) le = false;
      else throw new NetError('capture-bad-magic', 'section header without byte-order magic', at + 8);
      const major = dv.getUint16(at + 12, le);
      if (major !== 1) throw new NetError('capture-bad-version', `pcapng version ${major}`, at + 12);
      byteOrder ??= le ? 'le' : 'be';
      ifaces = [];
      sawShb = true;
    } else if (!sawShb) {
      throw new NetError('capture-bad-magic', 'pcapng file must start with a section header block', 0);
    }
    const type = dv.getUint32(at, le);
    const len = dv.getUint32(at + 4, le);
    if (len < 12 || len % 4 !== 0) throw new NetError('capture-bad-block', `block length ${len}`, at + 4, index);
    if (at + len > b.length) throw new NetError('capture-truncated', `block of ${len} bytes, ${b.length - at} left`, at, index);
    if (dv.getUint32(at + len - 4, le) !== len) throw new NetError('capture-bad-block', 'trailing block length differs', at + len - 4, index);
    const body = at + 8;
    const bodyEnd = at + len - 4;
    if (type === IDB) {
      if (bodyEnd - body < 8) throw new NetError('capture-bad-block', 'interface block too short', at, index);
      let unitsPerSec = 1_000_000n;
      let fcsLen = 0;
      for (const o of readOptions(dv, body + 8, bodyEnd, le, index)) {
        if (o.code === IF_TSRESOL && o.length >= 1) {
          const v = b[o.at]!;
          const exp = BigInt(v & 0x7f);
          unitsPerSec = v & 0x80 ? 1n << exp : 10n ** exp;
          if ((v & 0x7f) > 60) throw new NetError('capture-bad-block', `if_tsresol ${v}`, o.at, index);
        } else if (o.code === IF_FCSLEN && o.length >= 1) {
          fcsLen = b[o.at]!;
        }
      }
      const iface: Iface = { linkType: dv.getUint16(body, le), snaplen: dv.getUint32(body + 4, le), unitsPerSec, fcsLen };
      if (iface.linkType !== LINKTYPE_ETHERNET) {
        throw new NetError('unsupported-link-type', `interface ${ifaces.length}: link type ${iface.linkType} (only Ethernet, 1)`, body);
      }
      if (fcsLen !== 0 && fcsLen !== 4) throw new NetError('unsupported-link-type', `FCS length ${fcsLen} (only 0 or 4)`, body);
      ifaces.push(iface);
      firstIface ??= iface;
    } else if (type === EPB || type === OPB) {
      const epb = type === EPB;
      if (bodyEnd - body < 20) throw new NetError('capture-bad-block', 'packet block too short', at, index);
      const ifId = epb ? dv.getUint32(body, le) : dv.getUint16(body, le);
      const iface = ifaces[ifId];
      if (!iface) throw new NetError('capture-unknown-interface', `interface ${ifId} not described`, body, index);
      const ts = (BigInt(dv.getUint32(body + 4, le)) << 32n) | BigInt(dv.getUint32(body + 8, le));
      const cap = dv.getUint32(body + 12, le);
      const orig = dv.getUint32(body + 16, le);
      if (cap > MAX_RECORD || body + 20 + cap > bodyEnd) throw new NetError('capture-bad-record-length', `captured length ${cap}`, body + 12, index);
      records.push({ tsNs: (ts * 1_000_000_000n) / iface.unitsPerSec, data: b.slice(body + 20, body + 20 + cap), originalLength: orig, fcs: iface.fcsLen === 4 });
    } else if (type === SPB) {
      const iface = ifaces[0];
      if (!iface) throw new NetError('capture-unknown-interface', 'simple packet block before any interface', body, index);
      if (bodyEnd - body < 4) throw new NetError('capture-bad-block', 'simple packet block too short', at, index);
      const orig = dv.getUint32(body, le);
      const cap = Math.min(orig, iface.snaplen || orig, bodyEnd - body - 4);
      if (cap > MAX_RECORD) throw new NetError('capture-bad-record-length', `captured length ${cap}`, body, index);
      records.push({ tsNs: 0n, data: b.slice(body + 4, body + 4 + cap), originalLength: orig, fcs: iface.fcsLen === 4 });
    }
    at += len;
  }
  if (!sawShb) throw new NetError('capture-truncated', 'empty file', 0);
  return {
    format: 'pcapng',
    byteOrder: byteOrder ?? 'le',
    resolution: firstIface && firstIface.unitsPerSec >= 1_000_000_000n ? 'ns' : 'us',
    linkType: firstIface?.linkType ?? LINKTYPE_ETHERNET,
    records,
  };
}

function readOptions(dv: DataView, at: number, end: number, le: boolean, index: number): { code: number; length: number; at: number }[] {
  const out: { code: number; length: number; at: number }[] = [];
  while (at + 4 <= end) {
    const code = dv.getUint16(at, le);
    const length = dv.getUint16(at + 2, le);
    if (code === OPT_END) break;
    if (at + 4 + length > end) throw new NetError('capture-bad-block', `option ${code} overruns its block`, at, index);
    out.push({ code, length, at: at + 4 });
    at += 4 + ((length + 3) & ~3);
  }
  return out;
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
