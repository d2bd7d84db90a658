import { Nic } from '../../reference/net/nic.ts';
import { nicMutant } from './net-mutant-support.ts';

/** Only a non-zero offset counts as a fragment: the first fragment (MF, offset 0) gets through. */
class FirstFragmentDelivered extends Nic {
  protected override isFragment(flagsWord: number): boolean {
    return (flagsWord & 0x1fff) !== 0;
  }
}

export const netFirstFragmentDelivered = nicMutant(
  'net-first-fragment-delivered',
  'recognises fragments by offset only, so a first fragment (MF set, offset 0) is delivered',
  ['net.rx.equivalence'],
  FirstFragmentDelivered,
);
