import type { NetStackAdapter } from '../net.ts';
import type { Mutant } from './registry.ts';
import { netUdpChecksumNoPseudoHeader } from './net-udp-checksum-no-pseudo-header.ts';
import { netIhlIgnored } from './net-ihl-ignored.ts';
import { netMulticastMac24Bits } from './net-multicast-mac-24-bits.ts';
import { netDeliversUnjoinedGroups } from './net-delivers-unjoined-groups.ts';
import { netZeroUdpChecksumRejected } from './net-zero-udp-checksum-rejected.ts';
import { netFcsIgnored } from './net-fcs-ignored.ts';
import { netArpReplyBroadcast } from './net-arp-reply-broadcast.ts';
import { netIgmpv3JoinModeIsExclude } from './net-igmpv3-join-mode-is-exclude.ts';
import { netFirstFragmentDelivered } from './net-first-fragment-delivered.ts';
import { netSteeringDropsCountedTwice } from './net-steering-drops-counted-twice.ts';
import { netCodecVlanDeiLost } from './net-codec-vlan-dei-lost.ts';
import { netIgmpQueryAnsweredV2 } from './net-igmp-query-answered-v2.ts';
import { netCodecIpChecksum20Bytes } from './net-codec-ip-checksum-20-bytes.ts';
import { netDropReasonMiscounted } from './net-drop-reason-miscounted.ts';

/** Every network-stack mutant, one known bug each (the kill matrix runs them all). */
export const NET_MUTANTS: readonly Mutant<NetStackAdapter>[] = [
  netUdpChecksumNoPseudoHeader,
  netIhlIgnored,
  netMulticastMac24Bits,
  netDeliversUnjoinedGroups,
  netZeroUdpChecksumRejected,
  netFcsIgnored,
  netArpReplyBroadcast,
  netIgmpv3JoinModeIsExclude,
  netFirstFragmentDelivered,
  netSteeringDropsCountedTwice,
  netIgmpQueryAnsweredV2,
  netCodecVlanDeiLost,
  netCodecIpChecksum20Bytes,
  netDropReasonMiscounted,
];
