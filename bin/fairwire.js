#!/usr/bin/env node
// Entry point for `npx fairwire`: runs the compiled CLI in dist/. In a source checkout whose dist/
// is missing or older than the sources (bin/build-stamp.js), it runs the sources through tsx
// instead — never stale code; `npm run build` makes the next start fast again.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const checkout = existsSync(`${root}cli/main.ts`);
let main;
if (checkout && !(await import('./build-stamp.js')).distIsFresh(root)) {
  if (process.stderr.isTTY) process.stderr.write('fairwire: dist/ is missing or older than the sources, running the sources (`npm run build` starts faster)\n');
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
} else if (!existsSync(`${root}dist/cli/main.js`)) {
  process.stderr.write(`fairwire: ${root}dist/ is missing: this copy of fairwire was never built (reinstall it, or run \`npm run build\` in it)\n`);
  process.exit(2);
} else {
  ({ main } = await import('../dist/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
