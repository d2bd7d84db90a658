import { Nic } from '../../reference/net/nic.ts';
import { nicMutant } from './net-mutant-support.ts';

class FcsIgnored extends Nic {
  protected override fcsOk(): boolean {
    return true;
  }
}

export const netFcsIgnored = nicMutant(
  'net-fcs-ignored',
  'never checks the Ethernet FCS',
  ['net.rx.bitflip'],
  FcsIgnored,
);
