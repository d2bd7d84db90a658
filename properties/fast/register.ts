import { registerComponent } from '../components.ts';
import { createReferenceFastDecoder } from '../../adapters/reference/fast.ts';
import { FAST_MUTANTS } from '../../adapters/mutants/fast-mutants.ts';
import { FAST_PROCESS_MUTANTS } from '../../adapters/mutants/process-mutants.ts';
import { fastCatalog } from './catalog.ts';

registerComponent({
  component: 'fast',
  title: 'FAST 1.1 decoder',
  catalog: fastCatalog,
  reference: () => createReferenceFastDecoder(),
  mutants: [...FAST_MUTANTS, ...FAST_PROCESS_MUTANTS],
});
