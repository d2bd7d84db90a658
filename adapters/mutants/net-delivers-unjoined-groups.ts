import { Nic } from '../../reference/net/nic.ts';
import { nicMutant } from './net-mutant-support.ts';

/** Demultiplexes multicast by port alone, trusting the (hashed, aliasing) MAC filter. */
class UnjoinedDelivered extends Nic {
  protected override groupAccepted(): boolean {
    return true;
  }
  protected override groupPortOpen(_group: number, port: number): boolean {
    for (const ports of this.groups.values()) if (ports.has(port)) return true;
    return false;
  }
}

export const netDeliversUnjoinedGroups = nicMutant(
  'net-delivers-unjoined-groups',
  'delivers multicast by port alone: groups aliasing a joined MAC get through',
  ['net.rx.only-joined'],
  UnjoinedDelivered,
);
