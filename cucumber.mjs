// Gherkin scenarios in features/, step definitions in TypeScript (loaded through tsx: see package.json).
export default {
  paths: ['features/**/*.feature'],
  import: ['features/support/**/*.ts', 'features/steps/**/*.ts'],
  format: ['progress', 'json:reports/cucumber.json'],
  strict: true,
};
