/**
 * Printed commands paste (issue 15): the report's "Command:" line, the replay lines and the
 * simulate reports' command go through a real POSIX shell and come back as the same words, and
 * a pasted replay line reruns the failure.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandLine } from '../simulate/options.ts';
import { runCli } from './testing/run-cli.ts';

const tmp = mkdtempSync(join(tmpdir(), `fairwire lines '"$x `));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The words a POSIX shell passes to the program for `line`. */
const words = (line: string): string[] =>
  JSON.parse(execFileSync('sh', ['-c', `node -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- ${line}`], { encoding: 'utf8' })) as string[];

/** `npx fairwire a b c` → [a, b, c] as the shell splits it. */
const fairwireArgs = (line: string): string[] => {
  expect(line.startsWith('npx fairwire ')).toBe(true);
  return words(line.slice('npx fairwire '.length));
};

describe('printed commands paste into a shell', () => {
  it("conform: the report's Command: line and the replay: line come back word for word, and the replay reruns the failure", async () => {
    const report = join(tmp, 'report dir');
    const argv = ['conform', '--component', 'fast', '--adapter', 'mutant:fast-nullable-not-decremented', '--property', 'fast.decode.equivalence', '--seed', '-7', '--runs', '100', '--no-corpus', '--quiet', '--report', report];
    const r = await runCli(argv);
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(join(report, 'report.json'), 'utf8')) as { command?: string };
    expect(json.command).toBeDefined();
    expect(fairwireArgs(json.command!)).toEqual(argv);
    const replay = /replay: (npx fairwire .*)$/m.exec(r.out + r.err)?.[1];
    expect(replay, r.out).toBeDefined();
    const again = await runCli(fairwireArgs(replay!));
    expect(again.code).toBe(1);
    expect(again.out + again.err).toMatch(/fast\.decode\.equivalence/);
  }, 120_000);

  it('simulate: the command written into its reports', () => {
    const argv = ['simulate', 'tree', '--adapter', `cmd:python3 it's "a" $HOME.py`, '--spike', 'root>p1.0', '--seed', '5'];
    expect(words(commandLine(argv))).toEqual(['fairwire', ...argv]);
  });
});
