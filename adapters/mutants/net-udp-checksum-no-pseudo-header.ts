import { Nic } from '../../reference/net/nic.ts';
import { fold16, sum16 } from '../../reference/net/checksum.ts';
import { nicMutant } from './net-mutant-support.ts';

class NoPseudoHeader extends Nic {
  protected override udpChecksumOk(b: Uint8Array, u: number, ulen: number): boolean {
    if (b[u + 6] === 0 && b[u + 7] === 0) return true;
    return fold16(sum16(b, u, u + ulen)) === 0xffff;
  }
}

export const netUdpChecksumNoPseudoHeader = nicMutant(
  'net-udp-checksum-no-pseudo-header',
  'verifies the UDP checksum without the IPv4 pseudo-header',
  ['net.rx.equivalence', 'net.rx.only-joined'],
  NoPseudoHeader,
);
