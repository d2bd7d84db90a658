import { formatIpv4 } from '../../reference/net/address.ts';
import { Nic } from '../../reference/net/nic.ts';
import { nicMutant } from './net-mutant-support.ts';

/** An IGMPv3 host that answers queries in IGMPv2 (one v2 report per group). */
class QueryAnsweredV2 extends Nic {
  protected override queryReply(groups: readonly number[]): Uint8Array[] {
    return groups.map((g) => this.igmpFrame({ type: 'v2-report', group: formatIpv4(g) }));
  }
}

export const netIgmpQueryAnsweredV2 = nicMutant(
  'net-igmp-query-answered-v2',
  'an IGMPv3 host answers membership queries with IGMPv2 reports',
  ['net.rx.equivalence'],
  QueryAnsweredV2,
);
