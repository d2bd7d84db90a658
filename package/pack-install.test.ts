/**
 * The package as users get it: `npm pack` of the repository, installed from the tarball into a
 * fresh project, and there (a) the CLI against a vendor, and a TypeScript adapter module that
 * imports `fairwire` (typechecked against the shipped declarations), (b) a vitest file using
 * `fairwire/vitest`, (c) the user's own feature files using `fairwire/cucumber`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFromRepo, ensureBuilt, packRepo, REPO, run, userProject, type Packed } from './testing/pack.ts';

const SEQUENCER_VENDOR = join(REPO, 'adapters/examples/python/sequencer.py');
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');

let scratch: string;
let packed: Packed;
let project: string;

beforeAll(async () => {
  ensureBuilt();
  scratch = mkdtempSync(join(tmpdir(), 'fairwire-pack-'));
  packed = await packRepo(scratch);
  project = await userProject(packed);
}, 900_000);

afterAll(() => {
  for (const d of [scratch, project]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('npm pack → npm install → use', () => {
  it('the tarball holds the compiled package, its declarations and run-time files, and no sources or tests', () => {
    const files = new Set(packed.files);
    for (const f of ['bin/fairwire.js', 'dist/cli/main.js', 'dist/api/index.js', 'dist/api/index.d.ts', 'dist/api/vitest.js', 'dist/api/vitest.d.ts', 'dist/api/cucumber.js', 'dist/api/cucumber.d.ts', 'dist/spec/report.schema.json', 'dist/spec/protocol/hello.schema.json', 'dist/adapters/examples/python/sequencer.py', 'dist/adapters/mutants/process/_examples.py']) {
      expect(files.has(f), f).toBe(true);
    }
    const sources = packed.files.filter((f) => /\.[cm]?ts$/.test(f) && !/\.d\.[cm]?ts$/.test(f));
    expect(sources).toEqual([]);
    expect(packed.files.filter((f) => /\.test\.|\/testing\//.test(f))).toEqual([]);
    expect(packed.files.filter((f) => f.includes('api/examples'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules/fairwire/package.json'), 'utf8')) as { exports: Record<string, unknown> };
    expect(Object.keys(manifest.exports).sort()).toEqual(['.', './cucumber', './package.json', './vitest']);
  });

  it('(a) npx fairwire conform against a vendor program: exit 0, from the compiled CLI', async () => {
    const help = await run('npx', ['fairwire', '--help'], project);
    expect(help.code, help.err).toBe(0);
    expect(help.err).toBe(''); // no "running the sources" note: there are none to run
    const r = await run('npx', ['fairwire', 'conform', '--component', 'sequencer', '--adapter', `cmd:python3 ${SEQUENCER_VENDOR}`, '--runs', '20', '--seed', '1'], project);
    expect(r.code, `${r.out}\n${r.err}`).toBe(0);
    expect(r.out + r.err).toMatch(/5 properties: 2 passed, 0 failed, 0 flaky, 0 faults, 3 skipped/);
  });

  it('(a) a TypeScript adapter module importing `fairwire`: typechecks against the declarations and runs in conform', async () => {
    writeFileSync(
      join(project, 'my-sequencer.ts'),
      [
        `import { componentEntry, type SequencerAdapter } from 'fairwire';`,
        `// A user's in-process adapter: here the reference under another name.`,
        `export async function createAdapter(component: string): Promise<SequencerAdapter> {`,
        `  const reference = (await componentEntry(component)!.reference()) as SequencerAdapter;`,
        `  return { ...reference, name: 'my-sequencer' };`,
        `}`,
        ``,
      ].join('\n'),
    );
    // Wrong uses must not compile: the declarations are real types, not `any`.
    writeFileSync(
      join(project, 'wrong.ts'),
      [
        `import type { SequencerAdapter, FastDecoderAdapter } from 'fairwire';`,
        `import { describeConformance } from 'fairwire/vitest';`,
        `export const named: SequencerAdapter = { name: 1 };`,
        `export const flag = (a: FastDecoderAdapter): number => a.capabilities.int64;`,
        `describeConformance(42);`,
        ``,
      ].join('\n'),
    );
    const tsconfig = (files: string[]) =>
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files });
    writeFileSync(join(project, 'tsconfig.json'), tsconfig(['my-sequencer.ts']));
    writeFileSync(join(project, 'tsconfig.wrong.json'), tsconfig(['wrong.ts']));
    const ok = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], project);
    expect(ok.code, ok.out).toBe(0);
    const wrong = await run(process.execPath, [TSC, '-p', 'tsconfig.wrong.json'], project);
    expect(wrong.code).not.toBe(0);
    expect(wrong.out).toMatch(/wrong\.ts\(3,.*TS2322/);
    expect(wrong.out).toMatch(/wrong\.ts\(4,.*TS2322/);
    expect(wrong.out).toMatch(/wrong\.ts\(5,.*TS2554/);

    const r = await run('npx', ['fairwire', 'conform', '--component', 'sequencer', '--adapter', './my-sequencer.ts', '--runs', '10', '--seed', '1'], project);
    expect(r.err).not.toMatch(/Cannot require|cycle/);
    expect(r.code, `${r.out}\n${r.err}`).toBe(0);
    expect(r.out + r.err).toMatch(/5 properties: 4 passed, 0 failed/);
  });

  it('(b) vitest with fairwire/vitest: the vendor passes, a planted bug fails', async () => {
    writeFileSync(
      join(project, 'sequencer.test.ts'),
      `import { describeConformance } from 'fairwire/vitest';\ndescribeConformance('sequencer', ${JSON.stringify(`cmd:python3 ${SEQUENCER_VENDOR}`)}, { runs: 20, seed: 1 });\n`,
    );
    writeFileSync(
      join(project, 'planted.test.ts'),
      `import { describeConformance } from 'fairwire/vitest';\ndescribeConformance('sequencer', 'mutant:sequencer-tie-by-arrival', { runs: 50, seed: 1, flakyTries: 1, properties: ['sequencer.safety.sorted-exactly-once'] });\n`,
    );
    const pass = await run('npx', ['vitest', 'run', 'sequencer.test.ts'], project);
    expect(pass.code, `${pass.out}\n${pass.err}`).toBe(0);
    expect(pass.out).toMatch(/Tests\s+2 passed \| 3 skipped \(5\)/);
    const fail = await run('npx', ['vitest', 'run', 'planted.test.ts'], project);
    expect(fail.code, `${fail.out}\n${fail.err}`).toBe(1);
    expect(fail.out + fail.err).toMatch(/sequencer\.safety\.sorted-exactly-once/);
    expect(fail.out).toMatch(/Tests\s+1 failed/);
  });

  it('(c) cucumber-js with fairwire/cucumber: the user feature files of api/examples run green', async () => {
    for (const f of ['cucumber.mjs', 'my-sequencer.mjs', 'features']) copyFromRepo(project, `api/examples/${f}`, f);
    const r = await run('npx', ['cucumber-js'], project);
    expect(r.code, `${r.out}\n${r.err}`).toBe(0);
    expect(r.out).toMatch(/(\d+) scenarios? \(\1 passed\)/);
    expect(r.out).not.toMatch(/undefined|ambiguous/i);
  });
});
