import { execFile } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { componentEntry } from './catalogs.ts';
import { loadSubject, SubjectError } from './subject.ts';
import { adapterModuleFolder } from './testing/adapter-modules.ts';

const BIN = fileURLToPath(new URL('../bin/fairwire.js', import.meta.url));
const FEATURES = fileURLToPath(new URL('../features/', import.meta.url));
const folder = adapterModuleFolder();
afterAll(() => rmSync(folder.dir, { recursive: true, force: true }));

/** The real CLI in its own process, from the folder of the modules (as a user runs it). */
function cli(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: folder.dir, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 16 << 20 }, (error, out, err) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err });
    });
  });
}

describe('adapter modules load the same way in every command', () => {
  it('loadSubject: .ts outside an ESM package, .mts default export, CommonJS exports', async () => {
    const seq = componentEntry('sequencer')!;
    expect((await loadSubject(folder.file('seq.ts'), seq)).name).toBe('user-seq-ts');
    expect((await loadSubject(folder.file('seq.mts'), seq)).name).toBe('user-seq-mts');
    expect((await loadSubject(folder.file('empty.cjs'), seq)).name).toBe('user-cjs');
    await expect(loadSubject(folder.file('broken.ts'), seq)).rejects.toThrow(SubjectError);
    await expect(loadSubject(folder.file('broken.ts'), seq)).rejects.toThrow(/cannot load adapter module .*broken\.ts/);
  });

  it('conform runs a TypeScript module from a folder that is not an ESM package', async () => {
    const r = await cli(['conform', '--component', 'sequencer', '--adapter', './seq.ts', '--runs', '3', '--seed', '1']);
    expect(r.err).not.toMatch(/Cannot require|cycle/);
    expect(r.code, r.err).toBe(0);
    expect(r.out + r.err).toMatch(/5 properties: 4 passed/);
  });

  it('fuzz fast loads the same module kind in its host process', async () => {
    const r = await cli(['fuzz', 'fast', '--adapter', './fast.ts', '--time', '1', '--seed', '1']);
    expect(r.code, r.err).toBe(0);
    expect(r.out + r.err).toMatch(/nothing found/);
    expect(r.out).toMatch(/"cases":[1-9]/);
  });

  it('scenarios loads it too', async () => {
    // The sequencer's feature file(s) with the module as the sequencer; every other component reference.
    const features = readdirSync(FEATURES).filter((f) => f.includes('sequencer') && f.endsWith('.feature'));
    expect(features.length).toBeGreaterThan(0);
    const r = await cli(['scenarios', '--adapter-sequencer', './seq.ts', '--quiet', ...features.map((f) => join(FEATURES, f))]);
    expect(r.err).not.toMatch(/Cannot require|cycle/);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out + r.err).toMatch(/scenarios: [1-9]\d* passed, 0 failed/);
    // The module really is the subject: a broken one fails the run instead of falling back.
    const broken = await cli(['scenarios', '--adapter-sequencer', './broken.ts', '--quiet', ...features.map((f) => join(FEATURES, f))]);
    expect(broken.code).not.toBe(0);
    expect(broken.out + broken.err).toMatch(/broken\.ts/);
  });

  it('a module that does not compile is a usage error naming it (exit 2), never an internal error', async () => {
    const r = await cli(['conform', '--component', 'sequencer', '--adapter', './broken.ts', '--runs', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot load adapter module \.\/broken\.ts/);
    expect(r.err).not.toMatch(/internal error/);
  });
});
