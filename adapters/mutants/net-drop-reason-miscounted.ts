import { DROP_BASE, Nic } from '../../reference/net/nic.ts';
import { DROP_REASONS } from '../../reference/net/verdict.ts';
import { nicMutant } from './net-mutant-support.ts';

const NOT_JOINED = DROP_BASE + DROP_REASONS.indexOf('not-joined');
const PORT_CLOSED = DROP_BASE + DROP_REASONS.indexOf('port-closed');
const misfiled = (code: number): number => (code === NOT_JOINED ? PORT_CLOSED : code);

/**
 * A datagram to a group this host has not joined is dropped as `port-closed` (the stack looks
 * the port up before the group) and counted under that wrong reason too, so its verdicts and
 * its counters agree with each other and only the reference's verdicts show the miscount.
 */
class DropReasonMiscounted extends Nic {
  override receiveCode(b: Uint8Array): number {
    return misfiled(super.receiveCode(b));
  }

  protected override account(path: number, code: number): void {
    super.account(path, misfiled(code));
  }
}

export const netDropReasonMiscounted = nicMutant(
  'net-drop-reason-miscounted',
  'drops a datagram to an unjoined group as port-closed, and counts it under port-closed',
  ['net.steer.partition', 'net.rx.equivalence'],
  DropReasonMiscounted,
);
