import { Nic } from '../../reference/net/nic.ts';
import { nicMutant } from './net-mutant-support.ts';

class Mac24Bits extends Nic {
  protected override groupMacKey(group: number): number {
    return group & 0xffffff;
  }
}

export const netMulticastMac24Bits = nicMutant(
  'net-multicast-mac-24-bits',
  'maps a group to 01:00:5e + its low 24 bits instead of 23',
  ['net.rx.only-joined', 'net.igmp.membership'],
  Mac24Bits,
);
