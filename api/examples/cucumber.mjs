// api/examples/cucumber.mjs
export default {
  paths: ['features/**/*.feature'],
  import: ['features/support/**/*.mjs'],
  worldParameters: { fairwire: { adapters: { sequencer: './my-sequencer.mjs' } } },
};
