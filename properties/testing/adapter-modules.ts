import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A temp folder with no package.json (so not an ESM package: Node takes its .ts files for
 * CommonJS) holding adapter modules written as users write them: TypeScript with ESM syntax
 * (`seq.ts`, `fast.ts`), `.mts`, and a CommonJS `.cjs`. Each wraps the repo's reference.
 */
export function adapterModuleFolder(): { readonly dir: string; readonly file: (name: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'fairwire-adapter-modules-'));
  const seq = JSON.stringify(join(REPO, 'adapters/reference/sequencer.ts'));
  const fast = JSON.stringify(join(REPO, 'adapters/reference/fast.ts'));
  writeFileSync(
    join(dir, 'seq.ts'),
    `import { referenceSequencerAdapter } from ${seq};\nconst name: string = 'user-seq-ts';\nexport function createAdapter(component: string) {\n  if (component !== 'sequencer') throw new Error('sequencer only');\n  return { ...referenceSequencerAdapter(), name };\n}\n`,
  );
  writeFileSync(join(dir, 'seq.mts'), `import { referenceSequencerAdapter } from ${seq};\nexport default (component: string) => ({ ...referenceSequencerAdapter(), name: 'user-seq-mts' });\n`);
  writeFileSync(
    join(dir, 'fast.ts'),
    `import { createReferenceFastDecoder } from ${fast};\nexport function createAdapter(component: string) {\n  return { ...createReferenceFastDecoder(), name: 'user-fast-ts' };\n}\n`,
  );
  writeFileSync(join(dir, 'empty.cjs'), `module.exports = { createAdapter: (component) => ({ name: 'user-cjs', component, capabilities: {} }) };\n`);
  writeFileSync(join(dir, 'broken.ts'), `export function createAdapter(: string) {}\n`);
  return { dir, file: (name) => join(dir, name) };
}
