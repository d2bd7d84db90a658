import { Nic } from '../../reference/net/nic.ts';
import { crc32, writeFcs } from '../../reference/net/crc32.ts';
import { nicMutant } from './net-mutant-support.ts';

class ArpReplyBroadcast extends Nic {
  protected override arpReply(requesterMac: string, requesterIp: number, vid: number): Uint8Array {
    const f = super.arpReply(requesterMac, requesterIp, vid);
    f.fill(0xff, 0, 6);
    if (this.config.fcs) writeFcs(f, f.length - 4, crc32(f, 0, f.length - 4));
    return f;
  }
}

export const netArpReplyBroadcast = nicMutant(
  'net-arp-reply-broadcast',
  'sends ARP replies to the broadcast MAC instead of the requester',
  ['net.arp.reply'],
  ArpReplyBroadcast,
);
