import { registerComponent } from '../components.ts';
import { referenceMulticastAdapter } from '../../adapters/multicast/reference.ts';
import { MULTICAST_MUTANTS } from '../../adapters/mutants/multicast-mutants.ts';
import { multicastCatalog } from './catalog.ts';

registerComponent({
  component: 'multicast',
  title: 'Outbound market-data multicast tree (spraying, hedging, dedup, hold-and-release)',
  catalog: multicastCatalog,
  reference: referenceMulticastAdapter,
  mutants: MULTICAST_MUTANTS,
});
