import type { NetStackAdapter } from '../net.ts';
import { nicAdapter } from '../reference/net.ts';
import { buildFrame } from '../../reference/net/build.ts';
import { checksumOf, sum16 } from '../../reference/net/checksum.ts';
import { crc32, writeFcs } from '../../reference/net/crc32.ts';
import type { FrameSpec } from '../../reference/net/frame-spec.ts';
import type { Mutant } from './registry.ts';

/** The reference builder, except that the IPv4 header checksum covers only the first 20 bytes. */
function buildChecksum20(spec: FrameSpec): Uint8Array {
  const f = buildFrame(spec);
  if (spec.body.kind !== 'ipv4') return f;
  const ip = spec.vlan ? 18 : 14;
  if ((f[ip]! & 15) === 5) return f;
  f[ip + 10] = 0;
  f[ip + 11] = 0;
  const c = checksumOf(sum16(f, ip, ip + 20));
  f[ip + 10] = c >>> 8;
  f[ip + 11] = c & 255;
  if (spec.fcs) writeFcs(f, f.length - 4, crc32(f, 0, f.length - 4));
  return f;
}

export const netCodecIpChecksum20Bytes: Mutant<NetStackAdapter> = {
  name: 'net-codec-ip-checksum-20-bytes',
  component: 'net',
  bug: 'the frame builder computes the IPv4 header checksum over 20 bytes, ignoring options',
  killedBy: ['net.codec.valid-checksums'],
  create: () => nicAdapter({ name: 'mutant:net-codec-ip-checksum-20-bytes', build: buildChecksum20 }),
};
