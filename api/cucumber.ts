/**
 * `fairwire/cucumber`: importing this module registers fairwire's World, parameter types, hooks
 * and every step definition into the user's @cucumber/cucumber (a peer dependency: the one
 * instance the user's cucumber-js loads), so their own .feature files can use our steps. From a
 * support file that cucumber loads (cucumber's `import` option takes file paths, not package
 * names):
 *
 *   // features/support/fairwire.mjs
 *   import 'fairwire/cucumber';
 *
 * The adapter under test: world parameters `{ "fairwire": { "adapter": "<spec>", "adapters":
 * { "<component>": "<spec>" } } }` (features/support/adapter-spec.ts), else FAIRWIRE_ADAPTER_<COMPONENT>
 * / FAIRWIRE_ADAPTER, else the reference.
 *
 * Every file of features/support and features/steps is imported below, the steps through their
 * index (api/cucumber.test.ts compares the imports with the folders). Public names (H1's pack
 * test uses this module; keep them stable): FairwireWorld, adapterSpecFor, fairwireParameters,
 * FairwireParameters, dataFile.
 */
import '../features/support/adapter-spec.ts';
import '../features/support/interrupt.ts';
import '../features/support/parameter-types.ts';
import '../features/support/run-control.ts';
import '../features/support/sequencer-flow.ts';
import '../features/support/world.ts';
// Every step file (features/steps/index.ts imports each; api/cucumber.test.ts checks it does).
import '../features/steps/index.ts';

export { adapterSpecFor, dataFile, fairwireParameters, FairwireWorld, type FairwireParameters } from '../features/support/world.ts';
