import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'reports/**', '.fairwire/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Both cores of the CI machine, and one more worker: many files mostly wait (vendor processes,
    // hang timeouts), so a third keeps the cores busy (vitest's default keeps one core free).
    maxWorkers: 3,
  },
});
