// Runs only the feature files named on the command line (cucumber.mjs would add features/**),
// e.g. NODE_OPTIONS='--import tsx' npx cucumber-js -c features/cucumber-only.mjs features/loq-fairness.feature
// (`npx fairwire scenarios features/loq-fairness.feature` does the same without NODE_OPTIONS).
export default {
  import: ['features/support/**/*.ts', 'features/steps/**/*.ts'],
  format: ['progress'],
  strict: true,
};
