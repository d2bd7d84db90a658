import { LINKTYPE_ETHERNET, MAX_RECORD, type CaptureRecord } from './capture.ts';
import { NetError } from './errors.ts';

/**
 * pcap and pcapng read one unit at a time (a file header, a record, a block), so that a capture
 * of any size is read in constant memory: the caller holds the bytes, `step` says how many it
 * consumed (and the record, when the unit was one) or how many it needs. Offsets in errors are
 * file offsets. readPcap / readPcapng are this parser run over a whole buffer.
 */
const PCAP_US = 0xa1b2c3d4;
const PCAP_NS = 0xa1b23c4d;
const SHB = 0x0a0d0d0a;
const IDB = 1;
const OPB = 2;
const SPB = 3;
const EPB = 6;
const BOM = 0x1a2b3c4d;
const IF_TSRESOL = 9;
const IF_FCSLEN = 13;
/** Largest pcapng block read (a packet block holds at most MAX_RECORD bytes; other blocks are small). */
export const MAX_BLOCK = 16 << 20;

export type CaptureStep = { readonly consumed: number; readonly record?: CaptureRecord } | { readonly need: number };

interface Iface {
  readonly linkType: number;
  readonly snaplen: number;
  readonly unitsPerSec: bigint;
  readonly fcsLen: number;
}

export class CaptureStreamParser {
  format: 'pcap' | 'pcapng' | undefined;
  byteOrder: 'le' | 'be' | undefined;
  resolution: 'us' | 'ns' = 'us';
  linkType = LINKTYPE_ETHERNET;
  /** Records read so far (the index of the next one). */
  records = 0;
  private le = true;
  // pcap
  private ns = false;
  private snaplen = 0;
  private fcsLen = 0;
  // pcapng
  private ifaces: Iface[] = [];
  private firstIface: Iface | undefined;

  /**
   * One unit from `b` (the bytes available, starting at file offset `base`). `need` when `b` is
   * shorter than the unit: call again with at least that many bytes, or, at the end of the
   * input, report `truncated(...)`.
   */
  step(b: Uint8Array, base: number): CaptureStep {
    if (this.format === undefined) return this.header(b, base);
    return this.format === 'pcap' ? this.pcapRecord(b, base) : this.block(b, base);
  }

  /** The error for input that ended inside a unit (`have` bytes of it at file offset `at`). */
  truncated(at: number, have: number, need: number): NetError {
    if (this.format === undefined) {
      if (have < 4) return new NetError('capture-bad-magic', `file of ${have} bytes`, 0);
      return new NetError('capture-truncated', `${this.formatName()} header needs ${need} bytes, file has ${have}`, at);
    }
    if (this.format === 'pcap') {
      if (have < 16) return new NetError('capture-truncated', `record header cut short (${have} of 16 bytes): the capture is cut short`, at, this.records);
      return new NetError('capture-truncated', `record needs ${need - 16} bytes, ${have - 16} left: the capture is cut short`, at + 16, this.records);
    }
    return new NetError('capture-truncated', `block of ${need} bytes, ${have} left: the capture is cut short`, at, this.records);
  }

  private formatName(): string {
    return this.format ?? 'capture';
  }

  private header(b: Uint8Array, base: number): CaptureStep {
    if (b.length < 4) return { need: 4 };
    if (b[0] === 0x0a && b[1] === 0x0d && b[2] === 0x0d && b[3] === 0x0a) {
      this.format = 'pcapng';
      return this.block(b, base);
    }
    const dv = view(b);
    const m = dv.getUint32(0, false);
    const ml = dv.getUint32(0, true);
    if (m === PCAP_US || m === PCAP_NS) this.le = false;
    else if (ml === PCAP_US || ml === PCAP_NS) this.le = true;
    else throw new NetError('capture-bad-magic', 'neither pcap nor pcapng', base);
    if (b.length < 24) return { need: 24 };
    this.format = 'pcap';
    const le = this.le;
    this.ns = (le ? ml : m) === PCAP_NS;
    const major = dv.getUint16(4, le);
    if (major !== 2) throw new NetError('capture-bad-version', `pcap version ${major}.${dv.getUint16(6, le)}`, base + 4);
    this.snaplen = dv.getUint32(16, le);
    const lt = dv.getUint32(20, le);
    this.linkType = lt & 0x0fffffff;
    if (this.linkType !== LINKTYPE_ETHERNET) throw new NetError('unsupported-link-type', `link type ${this.linkType} (only Ethernet, 1)`, base + 20);
    this.fcsLen = lt & 0x10000000 ? ((lt >>> 29) & 7) * 2 : 0;
    if (this.fcsLen !== 0 && this.fcsLen !== 4) throw new NetError('unsupported-link-type', `FCS length ${this.fcsLen} (only 0 or 4)`, base + 20);
    this.byteOrder = le ? 'le' : 'be';
    this.resolution = this.ns ? 'ns' : 'us';
    return { consumed: 24 };
  }

  private pcapRecord(b: Uint8Array, base: number): CaptureStep {
    if (b.length < 16) return { need: 16 };
    const dv = view(b);
    const le = this.le;
    const index = this.records;
    const sec = dv.getUint32(0, le);
    const frac = dv.getUint32(4, le);
    const incl = dv.getUint32(8, le);
    const orig = dv.getUint32(12, le);
    if (frac >= (this.ns ? 1e9 : 1e6)) throw new NetError('capture-bad-record-length', `sub-second field ${frac} out of range`, base + 4, index);
    if (incl > MAX_RECORD || (this.snaplen > 0 && incl > Math.max(this.snaplen, 65535))) {
      throw new NetError('capture-bad-record-length', `captured length ${incl} exceeds the snapshot length ${this.snaplen}`, base + 8, index);
    }
    if (b.length < 16 + incl) return { need: 16 + incl };
    this.records++;
    return {
      consumed: 16 + incl,
      record: {
        tsNs: BigInt(sec) * 1_000_000_000n + BigInt(frac) * (this.ns ? 1n : 1000n),
        data: b.slice(16, 16 + incl),
        originalLength: orig,
        fcs: this.fcsLen === 4,
      },
    };
  }

  private block(b: Uint8Array, base: number): CaptureStep {
    const index = this.records;
    if (b.length < 12) return { need: 12 };
    const dv = view(b);
    if (dv.getUint32(0, true) === SHB) {
      if (b.length < 28) return { need: 28 };
      if (dv.getUint32(8, true) === BOM) this.le = true;
      else if (dv.getUint32(8, false) === BOM) this.le = false;
      else throw new NetError('capture-bad-magic', 'section header without byte-order magic', base + 8);
      const major = dv.getUint16(12, this.le);
      if (major !== 1) throw new NetError('capture-bad-version', `pcapng version ${major}`, base + 12);
      this.byteOrder ??= this.le ? 'le' : 'be';
      this.ifaces = [];
    } else if (this.byteOrder === undefined) {
      throw new NetError('capture-bad-magic', 'pcapng file must start with a section header block', 0);
    }
    const le = this.le;
    const type = dv.getUint32(0, le);
    const len = dv.getUint32(4, le);
    if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK) throw new NetError('capture-bad-block', `block length ${len}`, base + 4, index);
    if (b.length < len) return { need: len };
    if (dv.getUint32(len - 4, le) !== len) throw new NetError('capture-bad-block', 'trailing block length differs', base + len - 4, index);
    const body = 8;
    const bodyEnd = len - 4;
    if (type === IDB) {
      if (bodyEnd - body < 8) throw new NetError('capture-bad-block', 'interface block too short', base, index);
      let unitsPerSec = 1_000_000n;
      let fcsLen = 0;
      for (const o of options(dv, body + 8, bodyEnd, le, base, index)) {
        if (o.code === IF_TSRESOL && o.length >= 1) {
          const v = b[o.at]!;
          if ((v & 0x7f) > 60) throw new NetError('capture-bad-block', `if_tsresol ${v}`, base + o.at, index);
          unitsPerSec = v & 0x80 ? 1n << BigInt(v & 0x7f) : 10n ** BigInt(v & 0x7f);
        } else if (o.code === IF_FCSLEN && o.length >= 1) {
          fcsLen = b[o.at]!;
        }
      }
      const iface: Iface = { linkType: dv.getUint16(body, le), snaplen: dv.getUint32(body + 4, le), unitsPerSec, fcsLen };
      if (iface.linkType !== LINKTYPE_ETHERNET) {
        throw new NetError('unsupported-link-type', `interface ${this.ifaces.length}: link type ${iface.linkType} (only Ethernet, 1)`, base + body);
      }
      if (fcsLen !== 0 && fcsLen !== 4) throw new NetError('unsupported-link-type', `FCS length ${fcsLen} (only 0 or 4)`, base + body);
      this.ifaces.push(iface);
      if (this.firstIface === undefined) {
        this.firstIface = iface;
        this.resolution = unitsPerSec >= 1_000_000_000n ? 'ns' : 'us';
        this.linkType = iface.linkType;
      }
      return { consumed: len };
    }
    if (type === EPB || type === OPB) {
      const epb = type === EPB;
      if (bodyEnd - body < 20) throw new NetError('capture-bad-block', 'packet block too short', base, index);
      const ifId = epb ? dv.getUint32(body, le) : dv.getUint16(body, le);
      const iface = this.ifaces[ifId];
      if (!iface) throw new NetError('capture-unknown-interface', `interface ${ifId} not described`, base + body, index);
      const ts = (BigInt(dv.getUint32(body + 4, le)) << 32n) | BigInt(dv.getUint32(body + 8, le));
      const cap = dv.getUint32(body + 12, le);
      const orig = dv.getUint32(body + 16, le);
      if (cap > MAX_RECORD || body + 20 + cap > bodyEnd) throw new NetError('capture-bad-record-length', `captured length ${cap}`, base + body + 12, index);
      this.records++;
      return { consumed: len, record: { tsNs: (ts * 1_000_000_000n) / iface.unitsPerSec, data: b.slice(body + 20, body + 20 + cap), originalLength: orig, fcs: iface.fcsLen === 4 } };
    }
    if (type === SPB) {
      const iface = this.ifaces[0];
      if (!iface) throw new NetError('capture-unknown-interface', 'simple packet block before any interface', base + body, index);
      if (bodyEnd - body < 4) throw new NetError('capture-bad-block', 'simple packet block too short', base, index);
      const orig = dv.getUint32(body, le);
      const cap = Math.min(orig, iface.snaplen || orig, bodyEnd - body - 4);
      if (cap > MAX_RECORD) throw new NetError('capture-bad-record-length', `captured length ${cap}`, base + body, index);
      this.records++;
      return { consumed: len, record: { tsNs: 0n, data: b.slice(body + 4, body + 4 + cap), originalLength: orig, fcs: iface.fcsLen === 4 } };
    }
    return { consumed: len }; // every other block type is skipped
  }
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function options(dv: DataView, at: number, end: number, le: boolean, base: number, index: number): { code: number; length: number; at: number }[] {
  const out: { code: number; length: number; at: number }[] = [];
  while (at + 4 <= end) {
    const code = dv.getUint16(at, le);
    const length = dv.getUint16(at + 2, le);
    if (code === 0) break;
    if (at + 4 + length > end) throw new NetError('capture-bad-block', `option ${code} overruns its block`, base + at, index);
    out.push({ code, length, at: at + 4 });
    at += 4 + ((length + 3) & ~3);
  }
  return out;
}

/** Every record of a whole capture held in memory (the parser run to the end). */
export function readAllRecords(b: Uint8Array, parser: CaptureStreamParser = new CaptureStreamParser()): CaptureRecord[] {
  const records: CaptureRecord[] = [];
  let at = 0;
  while (at < b.length || parser.format === undefined) {
    const s = parser.step(b.subarray(at), at);
    if ('need' in s) throw parser.truncated(at, b.length - at, s.need);
    if (s.record) records.push(s.record);
    at += s.consumed;
  }
  return records;
}
