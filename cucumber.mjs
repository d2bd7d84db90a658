// Raw cucumber-js over every feature (npm test's features step): `NODE_OPTIONS='--import tsx' npx cucumber-js`.
// Operators run `npx fairwire scenarios` instead (cli/commands/scenarios.ts: same steps, options
// instead of FAIRWIRE_ADAPTER* variables, HTML/JSON/JUnit reports); features/README.md "Running".
export default {
  paths: ['features/**/*.feature'],
  import: ['features/support/**/*.ts', 'features/steps/**/*.ts'],
  format: ['progress', 'json:reports/cucumber.json'],
  strict: true,
};
