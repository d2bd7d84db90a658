import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenariosFromMessages, type ReportedScenario } from './scenario-reports.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CUCUMBER = join(ROOT, 'node_modules/@cucumber/cucumber/bin/cucumber.js');

/**
 * The other way to run the scenarios (features/README.md): cucumber-js in a child process, the
 * step files loaded through tsx, the adapter named by FAIRWIRE_ADAPTER* variables. Tests compare
 * `fairwire scenarios` with it, so the command is checked against an independent run.
 */
export function rawCucumber(env: Record<string, string>, args: readonly string[]): Promise<{ code: number; scenarios: ReportedScenario[]; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'fairwire-raw-cucumber-'));
  const messages = join(dir, 'messages.ndjson');
  // Variables from the caller's shell would change what the child tests.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FAIRWIRE_ADAPTER')));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CUCUMBER, '-c', 'features/cucumber-only.mjs', '--format', `message:${messages}`, ...args],
      { cwd: ROOT, env: { ...inherited, ...env, NODE_OPTIONS: '' }, maxBuffer: 32 << 20 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        let scenarios: ReportedScenario[] = [];
        try {
          scenarios = scenariosFromMessages(readFileSync(messages, 'utf8')).scenarios;
        } catch {
          // no messages: the caller sees an empty list and the output
        }
        rmSync(dir, { recursive: true, force: true });
        resolve({ code, scenarios, output: `${stdout}${stderr}` });
      },
    );
  });
}
