import { formatIpv4, parseIpv4, readIpv4, writeIpv4 } from './address.ts';
import { checksumOf, sum16, sumVerifies } from './checksum.ts';
import { NetError } from './errors.ts';
import { IGMP_TYPE, type IgmpGroupRecord, type IgmpMessage } from './frame-spec.ts';
import { bytesToHex, hexToBytes } from './hex.ts';

/**
 * IGMP messages (RFC 2236 v2, RFC 3376 v3) to and from bytes. The checksum covers the whole
 * IGMP message. A query of exactly 8 bytes is v1/v2; 12 bytes or more is v3 (RFC 3376 §7.1).
 */
export function encodeIgmp(m: IgmpMessage): Uint8Array {
  let out: Uint8Array;
  switch (m.type) {
    case 'query':
    case 'v1-report':
    case 'v2-report':
    case 'v2-leave': {
      out = new Uint8Array(8);
      out[0] =
        m.type === 'query' ? IGMP_TYPE.QUERY : m.type === 'v1-report' ? IGMP_TYPE.V1_REPORT : m.type === 'v2-report' ? IGMP_TYPE.V2_REPORT : IGMP_TYPE.V2_LEAVE;
      out[1] = m.type === 'query' ? byte(m.maxResp, 'maxResp') : 0;
      writeIpv4(out, 4, parseIpv4(m.group));
      break;
    }
    case 'v3-query': {
      if (m.sources.length > 0xffff) throw new NetError('bad-spec', 'too many sources');
      out = new Uint8Array(12 + 4 * m.sources.length);
      out[0] = IGMP_TYPE.QUERY;
      out[1] = byte(m.maxRespCode, 'maxRespCode');
      writeIpv4(out, 4, parseIpv4(m.group));
      if (!Number.isInteger(m.qrv) || m.qrv < 0 || m.qrv > 7) throw new NetError('bad-spec', `qrv out of range: ${m.qrv}`);
      out[8] = (m.sFlag ? 8 : 0) | m.qrv;
      out[9] = byte(m.qqic, 'qqic');
      out[10] = m.sources.length >>> 8;
      out[11] = m.sources.length & 255;
      m.sources.forEach((s, i) => writeIpv4(out, 12 + 4 * i, parseIpv4(s)));
      break;
    }
    case 'v3-report': {
      const recs = m.records.map(encodeRecord);
      const total = 8 + recs.reduce((n, r) => n + r.length, 0);
      if (m.records.length > 0xffff) throw new NetError('bad-spec', 'too many group records');
      out = new Uint8Array(total);
      out[0] = IGMP_TYPE.V3_REPORT;
      out[6] = m.records.length >>> 8;
      out[7] = m.records.length & 255;
      let at = 8;
      for (const r of recs) {
        out.set(r, at);
        at += r.length;
      }
      break;
    }
  }
  const c = checksumOf(sum16(out, 0, out.length));
  out[2] = c >>> 8;
  out[3] = c & 255;
  return out;
}

function encodeRecord(r: IgmpGroupRecord): Uint8Array {
  const aux = hexToBytes(r.aux);
  if (aux.length % 4 !== 0 || aux.length / 4 > 255) throw new NetError('bad-spec', 'aux data must be 0..255 words');
  if (r.sources.length > 0xffff) throw new NetError('bad-spec', 'too many sources');
  const out = new Uint8Array(8 + 4 * r.sources.length + aux.length);
  out[0] = byte(r.recordType, 'recordType');
  out[1] = aux.length / 4;
  out[2] = r.sources.length >>> 8;
  out[3] = r.sources.length & 255;
  writeIpv4(out, 4, parseIpv4(r.group));
  r.sources.forEach((s, i) => writeIpv4(out, 8 + 4 * i, parseIpv4(s)));
  out.set(aux, 8 + 4 * r.sources.length);
  return out;
}

function byte(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 255) throw new NetError('bad-spec', `${what} out of range: ${v}`);
  return v;
}

export interface DecodedIgmp {
  readonly message: IgmpMessage;
  readonly checksum: number;
  readonly checksumValid: boolean;
}

/** Why an IGMP message could not be decoded, and where (relative to the IGMP start). */
export interface IgmpDecodeError {
  readonly error: 'truncated' | 'igmp-unsupported' | 'igmp-bad-length';
  readonly offset: number;
}

export function decodeIgmp(b: Uint8Array, start: number, end: number): DecodedIgmp | IgmpDecodeError {
  const len = end - start;
  if (len < 8) return { error: 'truncated', offset: len };
  const type = b[start]!;
  const checksum = (b[start + 2]! << 8) | b[start + 3]!;
  const checksumValid = sumVerifies(sum16(b, start, end));
  const group = formatIpv4(readIpv4(b, start + 4));
  let message: IgmpMessage;
  switch (type) {
    case IGMP_TYPE.QUERY:
      if (len === 8) {
        message = { type: 'query', maxResp: b[start + 1]!, group };
      } else {
        if (len < 12) return { error: 'igmp-bad-length', offset: len };
        const n = (b[start + 10]! << 8) | b[start + 11]!;
        if (12 + 4 * n !== len) return { error: 'igmp-bad-length', offset: 10 };
        const sources: string[] = [];
        for (let i = 0; i < n; i++) sources.push(formatIpv4(readIpv4(b, start + 12 + 4 * i)));
        message = {
          type: 'v3-query',
          maxRespCode: b[start + 1]!,
          group,
          sFlag: (b[start + 8]! & 8) !== 0,
          qrv: b[start + 8]! & 7,
          qqic: b[start + 9]!,
          sources,
        };
      }
      break;
    case IGMP_TYPE.V1_REPORT:
    case IGMP_TYPE.V2_REPORT:
    case IGMP_TYPE.V2_LEAVE:
      if (len !== 8) return { error: 'igmp-bad-length', offset: 8 };
      message = { type: type === IGMP_TYPE.V1_REPORT ? 'v1-report' : type === IGMP_TYPE.V2_REPORT ? 'v2-report' : 'v2-leave', group };
      break;
    case IGMP_TYPE.V3_REPORT: {
      const n = (b[start + 6]! << 8) | b[start + 7]!;
      const records: IgmpGroupRecord[] = [];
      let at = start + 8;
      for (let i = 0; i < n; i++) {
        if (at + 8 > end) return { error: 'igmp-bad-length', offset: at - start };
        const auxLen = b[at + 1]! * 4;
        const ns = (b[at + 2]! << 8) | b[at + 3]!;
        const recEnd = at + 8 + 4 * ns + auxLen;
        if (recEnd > end) return { error: 'igmp-bad-length', offset: at - start };
        const sources: string[] = [];
        for (let k = 0; k < ns; k++) sources.push(formatIpv4(readIpv4(b, at + 8 + 4 * k)));
        records.push({
          recordType: b[at]!,
          group: formatIpv4(readIpv4(b, at + 4)),
          sources,
          aux: bytesToHex(b, at + 8 + 4 * ns, recEnd),
        });
        at = recEnd;
      }
      if (at !== end) return { error: 'igmp-bad-length', offset: at - start };
      message = { type: 'v3-report', records };
      break;
    }
    default:
      return { error: 'igmp-unsupported', offset: 0 };
  }
  return { message, checksum, checksumValid };
}
