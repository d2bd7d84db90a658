// api/examples/sequencer.spec.mjs
import { describeConformance } from 'fairwire/vitest';
import { createAdapter } from './my-sequencer.mjs';

// One `it` per property of the sequencer catalog, against your in-process adapter. `adapterSpec`
// tells the printed `replay:` lines how the CLI loads the same adapter.
describeConformance('sequencer', createAdapter, { runs: 50, adapterSpec: './my-sequencer.mjs' });

// Any `--adapter` spec works too: 'reference', 'cmd:./my-vendor --ndjson', 'vendor.json', './adapter.ts'.
describeConformance('loq', 'reference', { runs: 20 });
