import { NET_MUTANTS } from '../../adapters/mutants/net-mutants.ts';
import { referenceNetAdapter } from '../../adapters/reference/net.ts';
import { registerComponent } from '../components.ts';
import { netCatalog } from './catalog.ts';

registerComponent({
  component: 'net',
  title: 'Network stack: Ethernet/802.1Q/IPv4/UDP/ARP/IGMP, NIC verdicts, XDP-style steering',
  catalog: netCatalog,
  reference: referenceNetAdapter,
  mutants: NET_MUTANTS,
});
