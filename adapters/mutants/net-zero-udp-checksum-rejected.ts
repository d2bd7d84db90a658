import { Nic } from '../../reference/net/nic.ts';
import { nicMutant } from './net-mutant-support.ts';

class ZeroChecksumRejected extends Nic {
  protected override udpChecksumOk(b: Uint8Array, u: number, ulen: number, src: number, dst: number): boolean {
    if (b[u + 6] === 0 && b[u + 7] === 0) return false;
    return super.udpChecksumOk(b, u, ulen, src, dst);
  }
}

export const netZeroUdpChecksumRejected = nicMutant(
  'net-zero-udp-checksum-rejected',
  'drops UDP datagrams whose checksum is zero (allowed on IPv4)',
  ['net.rx.equivalence'],
  ZeroChecksumRejected,
);
