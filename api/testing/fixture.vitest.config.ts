import { defineConfig } from 'vitest/config';

// Runs only the user-style fixture files (api/vitest.test.ts starts it in a child vitest).
export default defineConfig({
  test: {
    include: ['api/testing/*.fixture.ts'],
    pool: 'forks',
  },
});
