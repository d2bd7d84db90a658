import type { IgmpMessage } from '../../reference/net/frame-spec.ts';
import { Nic } from '../../reference/net/nic.ts';
import { nicMutant } from './net-mutant-support.ts';

class V3JoinModeIsExclude extends Nic {
  protected override membershipMessage(group: number, join: boolean): IgmpMessage {
    const m = super.membershipMessage(group, join);
    if (m.type !== 'v3-report' || !join) return m;
    return { type: 'v3-report', records: m.records.map((r) => ({ ...r, recordType: 2 })) };
  }
}

export const netIgmpv3JoinModeIsExclude = nicMutant(
  'net-igmpv3-join-mode-is-exclude',
  'announces an IGMPv3 join as MODE_IS_EXCLUDE (a current-state record) instead of CHANGE_TO_EXCLUDE_MODE',
  ['net.igmp.membership'],
  V3JoinModeIsExclude,
);
