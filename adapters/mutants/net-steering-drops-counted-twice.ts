import { Nic } from '../../reference/net/nic.ts';
import { nicMutant } from './net-mutant-support.ts';

/** A fast-path drop falls back to the slow path and is counted there too. */
class DropsCountedTwice extends Nic {
  protected override account(path: number, code: number): void {
    super.account(path, code);
    if (path === 0 && code >= 5) super.account(1, code);
  }
}

export const netSteeringDropsCountedTwice = nicMutant(
  'net-steering-drops-counted-twice',
  'counts a frame dropped on the fast path on the slow path as well',
  ['net.steer.partition'],
  DropsCountedTwice,
);
