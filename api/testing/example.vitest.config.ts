import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// A user's project (api/examples, or a copy of it) run from the sources: `fairwire/vitest` is
// the TypeScript module here instead of the package's compiled dist/.
export default defineConfig({
  resolve: {
    alias: {
      'fairwire/vitest': fileURLToPath(new URL('../vitest.ts', import.meta.url)),
    },
  },
  test: {
    include: ['**/*.spec.mjs'],
    pool: 'forks',
  },
});
