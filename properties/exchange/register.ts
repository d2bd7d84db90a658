import { registerComponent } from '../components.ts';
import { referenceInboundAdapter } from '../../adapters/reference/inbound.ts';
import { EXCHANGE_MUTANTS } from '../../adapters/mutants/exchange-mutants.ts';
import { exchangeCatalog } from './catalog.ts';

registerComponent({
  component: 'exchange',
  title: 'Inbound path composed from nodes (gateways, proxies, sequencer; LOQ and merges) judged at the matching engine',
  catalog: exchangeCatalog,
  reference: referenceInboundAdapter,
  mutants: EXCHANGE_MUTANTS,
});
