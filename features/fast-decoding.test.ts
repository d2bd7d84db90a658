import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * features/fast-decoding.feature against adapters other than the reference: a correct decoder
 * (the README's Python example, over the protocol) has no failing scenario — strict mode, report
 * checks and decimal templates, which it cannot be asked for, are skipped with their reason —
 * while a FAST mutant still fails the scenario written for its bug.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CUCUMBER = 'node_modules/@cucumber/cucumber/bin/cucumber.js';
const FEATURE = 'features/fast-decoding.feature';
const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FAIRWIRE_ADAPTER')));

/** Runs the feature; `logs` holds what steps logged (the skip reasons), from cucumber's message stream. */
function cucumber(adapter: string): Promise<{ code: number; output: string; failed: string[]; summary: string; logs: string }> {
  const messages = join(mkdtempSync(join(tmpdir(), 'fw-cucumber-')), 'messages.ndjson');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CUCUMBER, '-c', 'features/cucumber-only.mjs', '--format', 'summary', '--format', `message:${messages}`, FEATURE],
      { cwd: ROOT, env: { ...inherited, FAIRWIRE_ADAPTER_FAST: adapter, NODE_OPTIONS: '' }, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : -1) : 0,
          output,
          failed: [...output.matchAll(/^\d+\) Scenario: (.+?) # /gm)].map((m) => m[1]!),
          summary: /^\d+ scenarios? \(.*\)$/m.exec(output)?.[0] ?? '(no summary)',
          logs: readFileSync(messages, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => (JSON.parse(l) as { attachment?: { body: string } }).attachment?.body)
            .filter((b): b is string => b !== undefined)
            .join('\n'),
        });
      },
    );
  });
}

describe('FAST decoding scenarios on other adapters', () => {
  it('the Python example decoder: nothing fails; strict mode, the R6 report and decimals are skipped, with reasons', async () => {
    const r = await cucumber('cmd:python3 adapters/examples/python/fast_decoder.py');
    expect(r.failed, r.output).toEqual([]);
    expect(r.code, r.output).toBe(0);
    expect(r.summary).toBe('11 scenarios (3 skipped, 8 passed)');
    expect(r.logs).toMatch(/skipped: strict mode is the reference decoder's own option/);
    expect(r.logs).toMatch(/skipped: reporting R6 is optional in FAST 1\.1/);
    expect(r.logs).toMatch(/skipped: the templates use decimal/);
  });

  it('a FAST mutant still fails the scenarios for its bug (and strict mode is skipped, not thrown)', async () => {
    const r = await cucumber('mutant:fast-nullable-not-decremented');
    expect(r.failed.length, r.output).toBeGreaterThan(0);
    expect(r.code).not.toBe(0);
    expect(r.failed).not.toContain('In strict mode an overlong integer stops decoding');
  });
});
