import { registerComponent } from '../components.ts';
import { referenceSequencerAdapter } from '../../adapters/reference/sequencer.ts';
import { SEQUENCER_MUTANTS } from '../../adapters/mutants/sequencer-mutants.ts';
import { SEQUENCER_PROCESS_MUTANTS } from '../../adapters/mutants/process-mutants.ts';
import { sequencerCatalog } from './catalog.ts';

registerComponent({
  component: 'sequencer',
  title: 'Inbound sequencer (Jasper, tree of proxies, CloudEx baseline)',
  catalog: sequencerCatalog,
  reference: referenceSequencerAdapter,
  mutants: [...SEQUENCER_MUTANTS, ...SEQUENCER_PROCESS_MUTANTS],
});
