import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfiguration } from '@cucumber/cucumber/api';
import { loadProject, runProject } from './testing/run-cucumber.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MUTANT = 'mutant:sequencer-tie-by-arrival';

describe('fairwire/cucumber', () => {
  it('imports every support and step file (a new step file is not silently missing for users)', () => {
    const source = readFileSync(join(ROOT, 'api/cucumber.ts'), 'utf8');
    const imported = new Set([...source.matchAll(/^import '\.\.\/(features\/[^']+)';$/gm)].map((m) => m[1]));
    for (const folder of ['features/support', 'features/steps']) {
      const files = readdirSync(join(ROOT, folder)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
      expect(files.length).toBeGreaterThan(0);
      // An index module, if one is made, must be imported itself and import every file beside it.
      if (files.includes('index.ts')) {
        expect(imported.has(`${folder}/index.ts`), `${folder}/index.ts`).toBe(true);
        const index = readFileSync(join(ROOT, folder, 'index.ts'), 'utf8');
        for (const f of files.filter((x) => x !== 'index.ts')) expect(index, `${folder}/index.ts imports ${f}`).toContain(`'./${f}'`);
      } else {
        for (const f of files) expect(imported.has(`${folder}/${f}`), `api/cucumber.ts imports ${folder}/${f}`).toBe(true);
      }
    }
  });

  describe("a user's project (api/examples, copied elsewhere) run through cucumber's programmatic API", () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairwire-user-cucumber-'));
    let project: Awaited<ReturnType<typeof loadProject>>;
    beforeAll(async () => {
      cpSync(join(ROOT, 'api/examples'), dir, { recursive: true });
      project = await loadProject(dir);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is green against their adapter (the example sequencer) and the reference', async () => {
      const run = await runProject(dir, project);
      expect(run.success, run.out).toBe(true);
      expect([...run.scenarios.keys()].sort()).toEqual([
        'an IOC order trades what it can and never rests',
        'an older order on a slow link is not overtaken by a younger one on a fast link',
        'equal stamps go by participant, never by who arrived first',
        'the whole sequencer catalog holds',
      ]);
      for (const [name, r] of run.scenarios) expect(r.status, `${name}: ${r.message}`).toBe('PASSED');
    });

    it('fails the right scenarios against a sequencer that breaks ties by arrival (world parameters)', async () => {
      const run = await runProject(dir, project, { fairwire: { adapters: { sequencer: MUTANT } } });
      expect(run.success).toBe(false);
      const status = Object.fromEntries([...run.scenarios].map(([name, r]) => [name, r.status]));
      expect(status).toEqual({
        'an IOC order trades what it can and never rests': 'PASSED',
        'an older order on a slow link is not overtaken by a younger one on a fast link': 'PASSED',
        'equal stamps go by participant, never by who arrived first': 'FAILED',
        'the whole sequencer catalog holds': 'FAILED',
      });
      expect(run.scenarios.get('the whole sequencer catalog holds')!.message).toContain('sequencer.safety.sorted-exactly-once: failed');
    });

    it("`--world-parameters` on cucumber's command line replaces the file's adapter for that component (README)", async () => {
      const { runConfiguration } = await loadConfiguration(
        { file: 'cucumber.mjs', provided: { worldParameters: { fairwire: { adapters: { sequencer: MUTANT } } } } },
        { cwd: dir },
      );
      expect(runConfiguration.runtime.worldParameters).toEqual({ fairwire: { adapters: { sequencer: MUTANT } } });
    });

    it('an adapter named in the world parameters that does not exist fails its scenarios, never passes them', async () => {
      const run = await runProject(dir, project, { fairwire: { adapters: { sequencer: './no-such-sequencer.mjs' } } });
      expect(run.success).toBe(false);
      const failed = [...run.scenarios].filter(([, r]) => r.status === 'FAILED').map(([name]) => name).sort();
      expect(failed).toEqual([
        'an older order on a slow link is not overtaken by a younger one on a fast link',
        'equal stamps go by participant, never by who arrived first',
        'the whole sequencer catalog holds',
      ]);
      expect(run.scenarios.get('the whole sequencer catalog holds')!.message).toContain('adapter module not found');
    });
  });
});
