// api/examples/vitest.config.mjs: this project's own vitest configuration (its test files).
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['**/*.spec.mjs'] } });
