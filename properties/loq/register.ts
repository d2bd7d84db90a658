import { registerComponent } from '../components.ts';
import { referenceLoqAdapter } from '../../adapters/reference/loq.ts';
import { LOQ_MUTANTS } from '../../adapters/mutants/loq-mutants.ts';
import { loqCatalog } from './catalog.ts';

registerComponent({
  component: 'loq',
  title: 'Limit Order Queue (gateway scheduling, Appendix I fairness)',
  catalog: loqCatalog,
  reference: referenceLoqAdapter,
  mutants: LOQ_MUTANTS,
});
