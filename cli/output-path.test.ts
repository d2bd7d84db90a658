import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from './command.ts';
import { outputDir, outputFile } from './output-path.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fairwire-output-path-'));
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

describe('outputFile / outputDir', () => {
  it('creates every missing folder of a file path and returns the path as given', () => {
    const p = join(dir, 'a', 'b', 'c', 'report.json');
    expect(outputFile(p, '--json')).toBe(p);
    expect(statSync(join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
    expect(existsSync(p)).toBe(false); // the file itself is the command's to write
  });

  it('creates a missing report folder, and accepts an existing one', () => {
    const p = join(dir, 'reports', 'shard-2');
    expect(outputDir(p, '--report')).toBe(p);
    expect(statSync(p).isDirectory()).toBe(true);
    expect(outputDir(p, '--report')).toBe(p);
  });

  it('create: false checks a folder written only sometimes, and creates nothing', () => {
    const p = join(dir, 'corpus', 'x');
    expect(outputDir(p, '--corpus', { create: false })).toBe(p);
    expect(existsSync(join(dir, 'corpus'))).toBe(false);
    writeFileSync(join(dir, 'f'), 'x');
    expect(() => outputDir(join(dir, 'f', 'corpus'), '--corpus', { create: false })).toThrow(/--corpus .*is a file, not a folder/);
  });

  it('passes undefined through (an option not given)', () => {
    expect(outputFile(undefined, '--json')).toBeUndefined();
    expect(outputDir(undefined, '--report')).toBeUndefined();
  });

  it('refuses a file in the way, naming the option and the file', () => {
    writeFileSync(join(dir, 'blocker'), 'x');
    expect(() => outputDir(join(dir, 'blocker', 'sub'), '--report')).toThrow(UsageError);
    expect(() => outputDir(join(dir, 'blocker', 'sub'), '--report')).toThrow(/--report .*blocker.* is a file, not a folder/);
    expect(() => outputFile(join(dir, 'blocker', 'x', 'r.json'), '--json')).toThrow(/--json .*blocker.*(is a file|not a folder)/);
    expect(() => outputDir(join(dir, 'blocker'), '--out')).toThrow(/--out .*is a file, not a folder/);
  });

  it('refuses a folder where a file is wanted', () => {
    expect(() => outputFile(dir, '--plot')).toThrow(/--plot .*is a folder; give a file name/);
  });

  it('refuses an empty name', () => {
    expect(() => outputFile('', '--json')).toThrow(/--json needs a file name/);
    expect(() => outputDir('', '--report')).toThrow(/--report needs a folder name/);
  });

  it('refuses a filesystem that does not allow the folder, without spinning (Node\'s recursive mkdir loops under /proc)', () => {
    expect(() => outputDir('/proc/fairwire-no-such/reports', '--report')).toThrow(/--report \/proc\/fairwire-no-such\/reports: cannot create the folder/);
    expect(() => outputFile('/proc/fairwire-no-such/r.json', '--json')).toThrow(UsageError);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder without write permission (skipped as root: root writes anywhere)', () => {
    const ro = join(dir, 'ro');
    outputDir(ro, '--report');
    chmodSync(ro, 0o555);
    try {
      expect(() => outputDir(join(ro, 'sub'), '--report')).toThrow(/permission denied/);
      expect(() => outputFile(join(ro, 'r.json'), '--json')).toThrow(/permission denied/);
    } finally {
      chmodSync(ro, 0o755);
    }
  });
});
