import { Nic } from '../../reference/net/nic.ts';
import { nicMutant } from './net-mutant-support.ts';

class IhlIgnored extends Nic {
  protected override ipHeaderBytes(): number {
    return 20;
  }
}

export const netIhlIgnored = nicMutant(
  'net-ihl-ignored',
  'assumes a 20-byte IPv4 header whatever the IHL (options break it)',
  ['net.rx.equivalence'],
  IhlIgnored,
);
